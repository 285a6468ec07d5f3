import { Button, Group, List, Menu, Modal, Paper, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconBuildingStore,
  IconChevronDown,
  IconStairsUp,
  IconUserCheck,
  IconX,
} from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { OpportunityStage } from '../../../shared/sales-setup';
import { openConfirm } from '../../components/confirm';
import { errorMessage } from '../../lib/api';
import { pluralize } from '../../lib/format';
import type { Option } from '../accounts/api';
import { OwnerSelect, PartnerSelect } from '../accounts/pickers';
import { useSalesSetup } from '../sales-setup/useSalesSetup';
import {
  useBulkOpportunities,
  type BulkOpportunityInput,
  type BulkResult,
  type Opportunity,
} from './api';
import { orderedStages } from './OpportunityFormModal';
import { useStageChangePrompt } from './StageChange';

function reportResult(result: BulkResult, selected: Opportunity[]) {
  const names = new Map(selected.map((o) => [o.id, o.name]));
  const parts = [`${pluralize(result.updated, 'opportunity', 'opportunities')} updated`];
  if (result.unchanged > 0) parts.push(`${result.unchanged.toLocaleString()} already set`);
  if (result.failed.length > 0) parts.push(`${result.failed.length.toLocaleString()} failed`);
  notifications.show({
    color: result.failed.length > 0 ? 'yellow' : 'teal',
    title:
      result.failed.length > 0 ? 'Some opportunities were not changed' : 'Opportunities updated',
    autoClose: result.failed.length > 0 ? false : 5000,
    message: (
      <>
        <Text size="sm">{parts.join(', ')}.</Text>
        {result.failed.length > 0 && (
          <List size="xs" mt={4}>
            {result.failed.slice(0, 5).map((f) => (
              <List.Item key={f.id}>
                {names.get(f.id) ?? 'An opportunity'}: {f.reason}
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

type Picking = { action: 'setOwner' | 'setPartner' } | null;

/** Changes on the ticked rows, each confirmed first and reported back in numbers. */
export function BulkBar({
  selected,
  onClear,
  internal,
}: {
  selected: Opportunity[];
  onClear: () => void;
  /** Owner and assigned partner are the vendor's to change. */
  internal: boolean;
}) {
  const bulk = useBulkOpportunities();
  const setup = useSalesSetup();
  const prompt = useStageChangePrompt();
  const [picking, setPicking] = useState<Picking>(null);
  const count = pluralize(selected.length, 'opportunity', 'opportunities');

  const send = (input: Omit<BulkOpportunityInput, 'ids'>) =>
    bulk.mutate(
      { ids: selected.map((o) => o.id), ...input },
      {
        onSuccess: (result) => {
          reportResult(result, selected);
          setPicking(null);
          if (result.failed.length === 0) onClear();
        },
        onError: (error) =>
          notifications.show({
            color: 'red',
            title: 'Nothing was changed',
            message: errorMessage(error),
          }),
      },
    );

  const toStage = async (stage: OpportunityStage) => {
    if (stage.kind === 'open') {
      openConfirm({
        title: 'Change stage',
        message: `Move ${count} to “${stage.label}” (${stage.probability}% probability)?`,
        confirmLabel: `Update ${count}`,
        onConfirm: () => send({ action: 'setStage', value: stage.id }),
      });
      return;
    }
    const answer = await prompt.ask({ name: count, amount: null, currency: '' }, stage);
    if (!answer) return;
    send({
      action: 'setStage',
      value: stage.id,
      ...(answer.lossReason ? { lossReason: answer.lossReason } : {}),
    });
  };

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
                leftSection={<IconStairsUp size={14} />}
                rightSection={<IconChevronDown size={12} />}
                loading={bulk.isPending && bulk.variables?.action === 'setStage'}
              >
                Change stage
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {orderedStages(setup.data?.opportunityStages).map((s) => (
                <Menu.Item key={s.id} onClick={() => void toStage(s)}>
                  {s.label}
                  {s.kind === 'open' ? ` (${s.probability}%)` : ''}
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
              onClick={() => setPicking({ action: 'setOwner' })}
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
              onClick={() => setPicking({ action: 'setPartner' })}
            >
              Change partner
            </Button>
          )}
          <Button size="xs" variant="subtle" leftSection={<IconX size={14} />} onClick={onClear}>
            Clear selection
          </Button>
        </Group>
      </Group>
      <Modal
        opened={picking !== null}
        onClose={() => setPicking(null)}
        title={picking?.action === 'setOwner' ? 'Change owner' : 'Change assigned partner'}
      >
        {picking && (
          <PickForm
            key={picking.action}
            action={picking.action}
            count={count}
            pending={bulk.isPending}
            onCancel={() => setPicking(null)}
            onSubmit={(value) => send({ action: picking.action, value })}
          />
        )}
      </Modal>
      {prompt.dialog}
    </Paper>
  );
}

function PickForm({
  action,
  count,
  pending,
  onCancel,
  onSubmit,
}: {
  action: 'setOwner' | 'setPartner';
  count: string;
  pending: boolean;
  onCancel: () => void;
  onSubmit: (value: string | null) => void;
}) {
  const [choice, setChoice] = useState<Option | null>(null);
  const [tried, setTried] = useState(false);
  const owner = action === 'setOwner';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (owner && !choice) return;
    onSubmit(choice?.value ?? null);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">
          {owner
            ? `Who should own ${count}?`
            : `Which partner should work ${count}? Its people see them in their portal.`}
        </Text>
        {owner ? (
          <OwnerSelect
            label="New owner"
            placeholder="Search people"
            data-autofocus
            value={choice}
            onChange={setChoice}
            error={tried && !choice ? 'Choose a person' : undefined}
          />
        ) : (
          <PartnerSelect
            label="Assigned partner"
            placeholder="Search partners — empty removes the partner"
            data-autofocus
            value={choice}
            onChange={setChoice}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            {!owner && !choice ? `Remove partner from ${count}` : `Update ${count}`}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
