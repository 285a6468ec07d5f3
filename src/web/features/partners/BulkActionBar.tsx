import { Menu } from '@mantine/core';
import { IconArchive, IconAward, IconStairsUp, IconUserCheck } from '@tabler/icons-react';
import {
  BulkActionBar,
  BulkButton,
  bulkHandlers,
  BulkMenu,
  type BulkNouns,
} from '../../components/data-view/BulkActionBar';
import { openConfirm } from '../../components/confirm';
import { pluralize } from '../../lib/format';
import type { Partner } from '../../lib/types';
import { useBulkPartners, useChannelManagers, useLevels, useStages, type BulkAction } from './api';

const NOUNS: BulkNouns = { one: 'partner', many: 'partners', unnamed: 'A partner' };

/** Actions on the rows ticked in the table, each confirmed first and reported back in numbers. */
export function PartnerBulkActionBar({
  selected,
  onClear,
}: {
  selected: Partner[];
  onClear: () => void;
}) {
  const bulk = useBulkPartners();
  const levels = useLevels();
  const stages = useStages();
  const managers = useChannelManagers();
  const count = pluralize(selected.length, 'partner');
  const names = new Map(selected.map((p) => [p.id, p.companyName]));
  const pending = (action: BulkAction) => bulk.isPending && bulk.variables?.action === action;

  const run = (action: BulkAction, value: string | null, title: string, message: string) =>
    openConfirm({
      title,
      message,
      confirmLabel: action === 'archive' ? `Archive ${count}` : `Update ${count}`,
      danger: action === 'archive',
      onConfirm: () =>
        bulk.mutate(
          { ids: selected.map((p) => p.id), action, value },
          bulkHandlers({ names, nouns: NOUNS, onClear }),
        ),
    });

  return (
    <BulkActionBar count={count} onClear={onClear}>
      <BulkMenu label="Change level" icon={<IconAward size={14} />} loading={pending('setLevel')}>
        {(levels.data ?? []).map((l) => (
          <Menu.Item
            key={l.id}
            onClick={() =>
              run(
                'setLevel',
                l.id,
                'Change level',
                `Move ${count} to the ${l.name} level? Lead routing uses that level’s weight from now on.`,
              )
            }
          >
            {l.name}
          </Menu.Item>
        ))}
      </BulkMenu>
      <BulkMenu
        label="Change stage"
        icon={<IconStairsUp size={14} />}
        loading={pending('setActivationStage')}
      >
        {(stages.data ?? []).map((s) => (
          <Menu.Item
            key={s.id}
            onClick={() =>
              run(
                'setActivationStage',
                s.id,
                'Change activation stage',
                `Move ${count} to the “${s.name}” stage?`,
              )
            }
          >
            {s.name}
          </Menu.Item>
        ))}
      </BulkMenu>
      <BulkMenu
        label="Change channel manager"
        icon={<IconUserCheck size={14} />}
        loading={pending('setChannelManager')}
      >
        {(managers.data ?? []).map((m) => (
          <Menu.Item
            key={m.value}
            onClick={() =>
              run(
                'setChannelManager',
                m.value,
                'Change channel manager',
                `Make ${m.label} the channel manager of ${count}?`,
              )
            }
          >
            {m.label}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item
          onClick={() =>
            run(
              'setChannelManager',
              null,
              'Remove channel manager',
              `Leave ${count} without a channel manager?`,
            )
          }
        >
          Nobody (unassign)
        </Menu.Item>
      </BulkMenu>
      <BulkButton
        label="Archive"
        color="red"
        icon={<IconArchive size={14} />}
        loading={pending('archive')}
        onClick={() =>
          run(
            'archive',
            null,
            'Archive partners',
            `Archive ${count}? Their partner users lose access at once. Archived partners can be restored from their page.`,
          )
        }
      />
    </BulkActionBar>
  );
}
