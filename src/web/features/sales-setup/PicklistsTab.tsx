import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  NavLink,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArchiveOff, IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import {
  PICKLIST_LABELS,
  PICKLISTS,
  type PicklistName,
  type PicklistValue,
  type SalesSetup,
} from '../../../shared/sales-setup';
import { openConfirm } from '../../components/confirm';
import { EmptyState } from '../../components/EmptyState';
import { errorMessage, isApiError } from '../../lib/api';
import { fieldError } from '../../lib/forms';
import { usePicklistMutations } from './api';
import { SetupList } from './SetupList';

/** Where each list shows up, so an admin knows what a change affects. */
const USED_ON: Record<PicklistName, string> = {
  job_title: 'the job title of leads',
  power: "a lead's power (decision maker, influencer …)",
  lead_source: 'where a lead came from',
  industry: "a lead's industry",
  loss_reason: 'why an opportunity was lost',
  campaign_type: 'the type of a campaign',
};

interface PicklistsTabProps {
  setup: SalesSetup;
  list: PicklistName;
  onListChange: (list: PicklistName) => void;
}

export function PicklistsTab({ setup, list, onListChange }: PicklistsTabProps) {
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, sm: 4, md: 3 }}>
        <Card padding="xs" component="nav" aria-label="Pick lists">
          {PICKLISTS.map((name) => {
            const values = setup.picklists[name] ?? [];
            const active = values.filter((v) => v.active).length;
            return (
              <NavLink
                key={name}
                label={PICKLIST_LABELS[name]}
                active={name === list}
                onClick={() => onListChange(name)}
                rightSection={
                  <Badge size="sm" variant="light" color="gray">
                    {active}
                  </Badge>
                }
                aria-current={name === list ? 'page' : undefined}
              />
            );
          })}
        </Card>
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 8, md: 9 }}>
        {/* keyed: the add form and the optimistic order start afresh for each list */}
        <PicklistPanel key={list} list={list} values={setup.picklists[list] ?? []} />
      </Grid.Col>
    </Grid>
  );
}

function PicklistPanel({ list, values }: { list: PicklistName; values: PicklistValue[] }) {
  const { create, update, remove, reorder } = usePicklistMutations(list);
  const [label, setLabel] = useState('');
  const title = PICKLIST_LABELS[list];

  const onAdd = (e: FormEvent) => {
    e.preventDefault();
    const next = label.trim();
    if (!next) return;
    create.mutate(
      { label: next },
      {
        onSuccess: (v) => {
          setLabel('');
          notifications.show({
            color: 'teal',
            title: 'Value added',
            message: `${v.label} was added at the end of ${title.toLowerCase()}.`,
          });
        },
      },
    );
  };

  const setActive = (v: PicklistValue, active: boolean) =>
    update.mutate(
      { id: v.id, version: v.version, active },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            title: active ? 'Reactivated' : 'Retired',
            message: active
              ? `${v.label} can be chosen again.`
              : `${v.label} stays on existing records but can no longer be chosen.`,
          }),
        onError: (e) =>
          notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(e) }),
      },
    );

  const onDelete = (v: PicklistValue) =>
    openConfirm({
      title: 'Delete value',
      message: `Delete “${v.label}” from ${title.toLowerCase()}? This is only possible while no record uses it; otherwise retire it.`,
      confirmLabel: 'Delete value',
      danger: true,
      onConfirm: () =>
        remove.mutate(v.id, {
          onSuccess: () =>
            notifications.show({
              color: 'teal',
              title: 'Deleted',
              message: `${v.label} was deleted.`,
            }),
          onError: (e) => {
            if (isApiError(e) && e.code === 'BUSINESS_RULE' && v.active) {
              // In use: offer the way that works.
              openConfirm({
                title: `“${v.label}” is in use`,
                message: e.message,
                confirmLabel: 'Retire it',
                onConfirm: () => setActive(v, false),
              });
              return;
            }
            notifications.show({
              color: 'red',
              title: `Could not delete “${v.label}”`,
              message: errorMessage(e),
              autoClose: false,
            });
          },
        }),
    });

  return (
    <Card padding="lg" component="section" aria-label={title}>
      <Stack gap={2} mb="md">
        <Text fw={650} size="lg" component="h2" m={0}>
          {title}
        </Text>
        <Text size="sm" c="dimmed">
          The choices for {USED_ON[list]}, in the order forms offer them. Retired values stay on the
          records that have them but cannot be chosen any more.
        </Text>
      </Stack>
      <SetupList
        title={title}
        noun="value"
        items={values}
        canEdit
        reordering={reorder.isPending}
        onReorder={(ids) => reorder.mutateAsync(ids)}
        onRename={(v, next) => update.mutateAsync({ id: v.id, version: v.version, label: next })}
        onDelete={onDelete}
        muted={(v) => !v.active}
        meta={(v) => (
          <>
            <Text size="xs" c="dimmed" ff="monospace">
              {v.key}
            </Text>
            {!v.active && (
              <Badge size="xs" variant="light" color="gray">
                Retired
              </Badge>
            )}
          </>
        )}
        actions={(v) => (
          <Tooltip label={v.active ? 'Retire' : 'Reactivate'} withArrow openDelay={400}>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={v.active ? `Retire ${v.label}` : `Reactivate ${v.label}`}
              onClick={() => setActive(v, !v.active)}
            >
              {v.active ? <IconArchive size={16} /> : <IconArchiveOff size={16} />}
            </ActionIcon>
          </Tooltip>
        )}
        empty={<EmptyState title="No values yet" description="Add the first one below." />}
      />
      <form onSubmit={onAdd}>
        <Group mt="md" gap="sm" align="flex-start">
          <TextInput
            aria-label="New value"
            placeholder={`New value for ${title.toLowerCase()}`}
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            maxLength={100}
            style={{ flex: 1 }}
            error={
              fieldError(create.error, 'label') ??
              fieldError(create.error, 'key') ??
              (create.error ? errorMessage(create.error) : undefined)
            }
          />
          <Button
            type="submit"
            variant="light"
            leftSection={<IconPlus size={16} />}
            loading={create.isPending}
            disabled={!label.trim()}
          >
            Add value
          </Button>
        </Group>
      </form>
    </Card>
  );
}
