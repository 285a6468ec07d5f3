import { Button, Group, Menu, Modal, Stack } from '@mantine/core';
import { IconBuildingStore, IconProgress, IconUserCheck } from '@tabler/icons-react';
import { useState } from 'react';
import type { SalesSetup } from '../../../shared/sales-setup';
import {
  BulkActionBar,
  BulkButton,
  bulkHandlers,
  BulkMenu,
  type BulkNouns,
} from '../../components/data-view/BulkActionBar';
import { openConfirm } from '../../components/confirm';
import { pluralize } from '../../lib/format';
import type { Option } from '../accounts/api';
import { OwnerSelect, PartnerSelect } from '../accounts/pickers';
import { useBulkLeads, type Lead, type LeadBulkAction } from './api';

const NOUNS: BulkNouns = {
  one: 'lead',
  many: 'leads',
  unnamed: 'A lead',
  failedAs: 'not changed',
};

/** Actions on the ticked rows, each confirmed first and reported back in numbers. */
export function LeadBulkActionBar({
  selected,
  setup,
  internal,
  onClear,
}: {
  selected: Lead[];
  setup: SalesSetup | undefined;
  /** owner and partner changes are for internal users */
  internal: boolean;
  onClear: () => void;
}) {
  const bulk = useBulkLeads();
  const [picking, setPicking] = useState<'owner' | 'partner' | null>(null);
  const count = pluralize(selected.length, 'lead');
  const names = new Map(selected.map((l) => [l.id, `${l.name} (${l.company})`]));

  const run = (action: LeadBulkAction, value: string | null, title: string, message: string) =>
    openConfirm({
      title,
      message,
      confirmLabel: `Update ${count}`,
      onConfirm: () =>
        bulk.mutate(
          { ids: selected.map((l) => l.id), action, value },
          bulkHandlers({ names, nouns: NOUNS, onClear }),
        ),
    });

  const statuses = (setup?.leadStatuses ?? []).filter((s) => s.kind !== 'converted');

  return (
    <BulkActionBar
      count={count}
      onClear={onClear}
      extra={
        <PickModal
          kind={picking}
          count={count}
          onClose={() => setPicking(null)}
          onPick={(kind, option) => {
            setPicking(null);
            if (kind === 'owner' && option) {
              run(
                'setOwner',
                option.value,
                'Change owner',
                `Make ${option.label} the owner of ${count}?`,
              );
            } else if (kind === 'partner') {
              run(
                'setPartner',
                option?.value ?? null,
                option ? 'Assign to a partner' : 'Remove the partner',
                option
                  ? `Assign ${count} to ${option.label}? Their partner reps are cleared; the partner admin can assign new ones.`
                  : `Take ${count} away from their partner? They become direct leads.`,
              );
            }
          }}
        />
      }
    >
      <BulkMenu
        label="Change status"
        icon={<IconProgress size={14} />}
        loading={bulk.isPending && bulk.variables?.action === 'setStatus'}
      >
        {statuses.map((s) => (
          <Menu.Item
            key={s.id}
            onClick={() =>
              run(
                'setStatus',
                s.id,
                'Change status',
                `Set the status of ${count} to “${s.label}”? Converted leads keep theirs.`,
              )
            }
          >
            {s.label}
          </Menu.Item>
        ))}
      </BulkMenu>
      {internal && (
        <BulkButton
          label="Change owner"
          icon={<IconUserCheck size={14} />}
          loading={bulk.isPending && bulk.variables?.action === 'setOwner'}
          onClick={() => setPicking('owner')}
        />
      )}
      {internal && (
        <BulkButton
          label="Change partner"
          icon={<IconBuildingStore size={14} />}
          loading={bulk.isPending && bulk.variables?.action === 'setPartner'}
          onClick={() => setPicking('partner')}
        />
      )}
    </BulkActionBar>
  );
}

function PickModal({
  kind,
  count,
  onClose,
  onPick,
}: {
  kind: 'owner' | 'partner' | null;
  count: string;
  onClose: () => void;
  onPick: (kind: 'owner' | 'partner', option: Option | null) => void;
}) {
  const [value, setValue] = useState<Option | null>(null);
  const close = () => {
    setValue(null);
    onClose();
  };
  return (
    <Modal
      opened={kind !== null}
      onClose={close}
      title={kind === 'owner' ? `Change the owner of ${count}` : `Assign ${count} to a partner`}
    >
      <Stack>
        {kind === 'owner' ? (
          <OwnerSelect
            label="New owner"
            placeholder="Search people"
            value={value}
            onChange={setValue}
            data-autofocus
          />
        ) : (
          <PartnerSelect
            label="Partner"
            placeholder="Search partners"
            value={value}
            onChange={setValue}
            data-autofocus
          />
        )}
        <Group justify="space-between">
          {kind === 'partner' ? (
            <Button
              variant="subtle"
              color="gray"
              onClick={() => {
                setValue(null);
                onPick('partner', null);
              }}
            >
              No partner (direct)
            </Button>
          ) : (
            <span />
          )}
          <Group gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              disabled={!value}
              onClick={() => {
                if (!kind) return;
                const picked = value;
                setValue(null);
                onPick(kind, picked);
              }}
            >
              Continue
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
