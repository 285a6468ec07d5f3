import { Button, Group, List, Menu, Modal, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconBuildingStore,
  IconChevronDown,
  IconProgress,
  IconUserCheck,
  IconX,
} from '@tabler/icons-react';
import { useState } from 'react';
import type { SalesSetup } from '../../../shared/sales-setup';
import { openConfirm } from '../../components/confirm';
import { errorMessage } from '../../lib/api';
import { pluralize } from '../../lib/format';
import type { Option } from '../accounts/api';
import { OwnerSelect, PartnerSelect } from '../accounts/pickers';
import { useBulkLeads, type BulkResult, type Lead, type LeadBulkAction } from './api';

function reportResult(result: BulkResult, selected: Lead[]) {
  const names = new Map(selected.map((l) => [l.id, `${l.name} (${l.company})`]));
  const parts = [`${pluralize(result.updated, 'lead')} updated`];
  if (result.unchanged > 0) parts.push(`${result.unchanged.toLocaleString()} already set`);
  if (result.failed.length > 0) parts.push(`${result.failed.length.toLocaleString()} not changed`);
  notifications.show({
    color: result.failed.length > 0 ? 'yellow' : 'teal',
    title: result.failed.length > 0 ? 'Some leads were not changed' : 'Leads updated',
    autoClose: result.failed.length > 0 ? false : 5000,
    message: (
      <>
        <Text size="sm">{parts.join(', ')}.</Text>
        {result.failed.length > 0 && (
          <List size="xs" mt={4}>
            {result.failed.slice(0, 5).map((f) => (
              <List.Item key={f.id}>
                {names.get(f.id) ?? 'A lead'}: {f.reason}
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

  const run = (action: LeadBulkAction, value: string | null, title: string, message: string) =>
    openConfirm({
      title,
      message,
      confirmLabel: `Update ${count}`,
      onConfirm: () =>
        bulk.mutate(
          { ids: selected.map((l) => l.id), action, value },
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

  const statuses = (setup?.leadStatuses ?? []).filter((s) => s.kind !== 'converted');

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
                leftSection={<IconProgress size={14} />}
                rightSection={<IconChevronDown size={12} />}
                loading={bulk.isPending && bulk.variables?.action === 'setStatus'}
              >
                Change status
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
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
            </Menu.Dropdown>
          </Menu>
          {internal && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconUserCheck size={14} />}
              loading={bulk.isPending && bulk.variables?.action === 'setOwner'}
              onClick={() => setPicking('owner')}
            >
              Change owner
            </Button>
          )}
          {internal && (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconBuildingStore size={14} />}
              loading={bulk.isPending && bulk.variables?.action === 'setPartner'}
              onClick={() => setPicking('partner')}
            >
              Change partner
            </Button>
          )}
          <Button size="xs" variant="subtle" leftSection={<IconX size={14} />} onClick={onClear}>
            Clear selection
          </Button>
        </Group>
      </Group>
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
    </Paper>
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
