import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock, IconLockOpen, IconPlus, IconStar, IconStarFilled } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { LeadStatus, LeadStatusKind } from '../../../shared/sales-setup';
import { openConfirm } from '../../components/confirm';
import { errorMessage } from '../../lib/api';
import { fieldError } from '../../lib/forms';
import { useLeadStatusMutations } from './api';
import { SetupList } from './SetupList';

export const STATUS_KIND_COLORS: Record<LeadStatusKind, string> = {
  open: 'blue',
  closed: 'gray',
  converted: 'teal',
};
const KIND_HELP: Record<LeadStatusKind, string> = {
  open: 'Open: the lead is being worked',
  closed: 'Closed: the lead ended without becoming a customer',
  converted: 'Converted: reached only by converting the lead',
};

export function LeadStatusesTab({ statuses }: { statuses: LeadStatus[] }) {
  const { create, update, remove, reorder } = useLeadStatusMutations();
  const [label, setLabel] = useState('');
  const [kind, setKind] = useState<'open' | 'closed'>('open');

  const failed = (title: string) => (e: unknown) =>
    notifications.show({ color: 'red', title, message: errorMessage(e), autoClose: false });

  const onAdd = (e: FormEvent) => {
    e.preventDefault();
    const next = label.trim();
    if (!next) return;
    create.mutate(
      { label: next, kind },
      {
        onSuccess: (s) => {
          setLabel('');
          notifications.show({
            color: 'teal',
            title: 'Status added',
            message: `${s.label} was added at the end of the path. Drag it where it belongs.`,
          });
        },
      },
    );
  };

  const makeDefault = (s: LeadStatus) =>
    update.mutate(
      { id: s.id, version: s.version, isDefault: true },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            title: 'Default changed',
            message: `New leads now start at “${s.label}”.`,
          }),
        onError: failed('The default was not changed'),
      },
    );

  const toggleKind = (s: LeadStatus) =>
    update.mutate(
      { id: s.id, version: s.version, kind: s.kind === 'open' ? 'closed' : 'open' },
      { onError: failed(`“${s.label}” was not changed`) },
    );

  const onDelete = (s: LeadStatus) =>
    openConfirm({
      title: 'Delete status',
      message: `Delete the status “${s.label}”? Only a status no lead is at can be deleted.`,
      confirmLabel: 'Delete status',
      danger: true,
      onConfirm: () =>
        remove.mutate(s.id, {
          onSuccess: () =>
            notifications.show({
              color: 'teal',
              title: 'Deleted',
              message: `${s.label} was deleted.`,
            }),
          onError: failed(`Could not delete “${s.label}”`),
        }),
    });

  return (
    <Card padding="lg" component="section" aria-label="Lead status path">
      <Stack gap={2} mb="md">
        <Text fw={650} size="lg" component="h2" m={0}>
          Lead status path
        </Text>
        <Text size="sm" c="dimmed">
          The steps a lead walks through, in order. <strong>Mark status as complete</strong> on a
          lead moves it one step along. The starred status is where new leads start; Converted is
          reached only by converting a lead.
        </Text>
      </Stack>
      <SetupList
        title="Lead statuses"
        noun="status"
        items={statuses}
        canEdit
        ends={['First step', 'Last step']}
        reordering={reorder.isPending}
        onReorder={(ids) => reorder.mutateAsync(ids)}
        onRename={(s, next) => update.mutateAsync({ id: s.id, version: s.version, label: next })}
        onDelete={onDelete}
        meta={(s) => (
          <>
            <Tooltip label={KIND_HELP[s.kind]} withArrow>
              <Badge size="sm" variant="light" color={STATUS_KIND_COLORS[s.kind]}>
                {s.kind}
              </Badge>
            </Tooltip>
            {s.isDefault && (
              <Badge
                size="sm"
                variant="light"
                color="yellow"
                leftSection={<IconStarFilled size={10} />}
              >
                Default
              </Badge>
            )}
          </>
        )}
        actions={(s) => (
          <>
            <Tooltip
              label={
                s.isDefault
                  ? 'New leads start here'
                  : s.kind === 'open'
                    ? 'Make new leads start here'
                    : 'Only an open status can be the default'
              }
              withArrow
              openDelay={400}
            >
              <ActionIcon
                variant="subtle"
                color="yellow"
                aria-label={`Make ${s.label} the default`}
                disabled={s.isDefault || s.kind !== 'open'}
                onClick={() => makeDefault(s)}
              >
                {s.isDefault ? <IconStarFilled size={16} /> : <IconStar size={16} />}
              </ActionIcon>
            </Tooltip>
            <Tooltip
              label={
                s.kind === 'converted'
                  ? 'The converted status stays converted'
                  : s.kind === 'open'
                    ? 'Make it a closed status'
                    : 'Make it an open status'
              }
              withArrow
              openDelay={400}
            >
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={s.kind === 'open' ? `Close ${s.label}` : `Open ${s.label}`}
                disabled={s.kind === 'converted'}
                onClick={() => toggleKind(s)}
              >
                {s.kind === 'open' ? <IconLock size={16} /> : <IconLockOpen size={16} />}
              </ActionIcon>
            </Tooltip>
          </>
        )}
      />
      <form onSubmit={onAdd}>
        <Group mt="md" gap="sm" align="flex-start">
          <TextInput
            aria-label="New status name"
            placeholder="New status name"
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            maxLength={100}
            style={{ flex: 1 }}
            error={
              fieldError(create.error, 'label') ??
              (create.error ? errorMessage(create.error) : undefined)
            }
          />
          <SegmentedControl
            aria-label="Kind of the new status"
            value={kind}
            onChange={(v) => setKind(v)}
            data={[
              { value: 'open', label: 'Open' },
              { value: 'closed', label: 'Closed' },
            ]}
          />
          <Button
            type="submit"
            variant="light"
            leftSection={<IconPlus size={16} />}
            loading={create.isPending}
            disabled={!label.trim()}
          >
            Add status
          </Button>
        </Group>
      </form>
    </Card>
  );
}
