import { Button, Group, List, Menu, Paper, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconAward,
  IconChevronDown,
  IconStairsUp,
  IconUserCheck,
  IconX,
} from '@tabler/icons-react';
import { openConfirm } from '../../components/confirm';
import { errorMessage } from '../../lib/api';
import { pluralize } from '../../lib/format';
import type { Partner } from '../../lib/types';
import {
  useBulkPartners,
  useChannelManagers,
  useLevels,
  useStages,
  type BulkAction,
  type BulkResult,
} from './api';

interface BulkActionBarProps {
  selected: Partner[];
  onClear: () => void;
}

function reportResult(result: BulkResult, selected: Partner[]) {
  const names = new Map(selected.map((p) => [p.id, p.companyName]));
  const parts = [`${pluralize(result.updated, 'partner')} updated`];
  if (result.unchanged > 0) parts.push(`${result.unchanged.toLocaleString()} already set`);
  if (result.failed.length > 0) parts.push(`${result.failed.length.toLocaleString()} failed`);
  notifications.show({
    color: result.failed.length > 0 ? 'yellow' : 'teal',
    title: result.failed.length > 0 ? 'Some partners were not changed' : 'Partners updated',
    autoClose: result.failed.length > 0 ? false : 5000,
    message: (
      <>
        <Text size="sm">{parts.join(', ')}.</Text>
        {result.failed.length > 0 && (
          <List size="xs" mt={4}>
            {result.failed.slice(0, 5).map((f) => (
              <List.Item key={f.id}>
                {names.get(f.id) ?? 'A partner'}: {f.reason}
              </List.Item>
            ))}
            {result.failed.length > 5 && (
              <List.Item>… and {result.failed.length - 5} more</List.Item>
            )}
          </List>
        )}
      </>
    ),
  });
}

/** Actions on the rows ticked in the table, each confirmed first and reported back in numbers. */
export function BulkActionBar({ selected, onClear }: BulkActionBarProps) {
  const bulk = useBulkPartners();
  const levels = useLevels();
  const stages = useStages();
  const managers = useChannelManagers();
  const count = pluralize(selected.length, 'partner');

  const run = (action: BulkAction, value: string | null, title: string, message: string) =>
    openConfirm({
      title,
      message,
      confirmLabel: action === 'archive' ? `Archive ${count}` : `Update ${count}`,
      danger: action === 'archive',
      onConfirm: () =>
        bulk.mutate(
          { ids: selected.map((p) => p.id), action, value },
          {
            onSuccess: (result) => {
              reportResult(result, selected);
              if (result.failed.length === 0) onClear();
            },
            onError: (error) =>
              notifications.show({
                color: 'red',
                title: 'Nothing was changed',
                message: errorMessage(error),
              }),
          },
        ),
    });

  return (
    <Paper
      px="md"
      py="xs"
      radius={0}
      withBorder={false}
      bg="var(--mantine-primary-color-light)"
      role="region"
      aria-label="Bulk actions"
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm" fw={600}>
          {count} selected
        </Text>
        <Group gap="xs" wrap="wrap">
          <Menu position="bottom-end" shadow="md" withinPortal>
            <Menu.Target>
              <Button
                size="xs"
                variant="default"
                leftSection={<IconAward size={14} />}
                rightSection={<IconChevronDown size={12} />}
                loading={bulk.isPending && bulk.variables?.action === 'setLevel'}
              >
                Change level
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
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
            </Menu.Dropdown>
          </Menu>
          <Menu position="bottom-end" shadow="md" withinPortal>
            <Menu.Target>
              <Button
                size="xs"
                variant="default"
                leftSection={<IconStairsUp size={14} />}
                rightSection={<IconChevronDown size={12} />}
                loading={bulk.isPending && bulk.variables?.action === 'setActivationStage'}
              >
                Change stage
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
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
            </Menu.Dropdown>
          </Menu>
          <Menu position="bottom-end" shadow="md" withinPortal>
            <Menu.Target>
              <Button
                size="xs"
                variant="default"
                leftSection={<IconUserCheck size={14} />}
                rightSection={<IconChevronDown size={12} />}
                loading={bulk.isPending && bulk.variables?.action === 'setChannelManager'}
              >
                Change channel manager
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
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
            </Menu.Dropdown>
          </Menu>
          <Button
            size="xs"
            variant="default"
            color="red"
            leftSection={<IconArchive size={14} />}
            loading={bulk.isPending && bulk.variables?.action === 'archive'}
            onClick={() =>
              run(
                'archive',
                null,
                'Archive partners',
                `Archive ${count}? Their partner users lose access at once. Archived partners can be restored from their page.`,
              )
            }
          >
            Archive
          </Button>
          <Button size="xs" variant="subtle" leftSection={<IconX size={14} />} onClick={onClear}>
            Clear selection
          </Button>
        </Group>
      </Group>
    </Paper>
  );
}
