import { Button, Group, Menu, Modal, Stack, Text } from '@mantine/core';
import { IconBuildingStore, IconStairsUp, IconUserCheck } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { OpportunityStage } from '../../../shared/sales-setup';
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
import { useSalesSetup } from '../sales-setup/useSalesSetup';
import { useBulkOpportunities, type BulkOpportunityInput, type Opportunity } from './api';
import { orderedStages } from './OpportunityFormModal';
import { useStageChangePrompt } from './StageChange';

const NOUNS: BulkNouns = { one: 'opportunity', many: 'opportunities', unnamed: 'An opportunity' };

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
  const names = new Map(selected.map((o) => [o.id, o.name]));

  const send = (input: Omit<BulkOpportunityInput, 'ids'>) =>
    bulk.mutate(
      { ids: selected.map((o) => o.id), ...input },
      bulkHandlers({ names, nouns: NOUNS, onClear, onSuccess: () => setPicking(null) }),
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
    <BulkActionBar
      count={count}
      onClear={onClear}
      extra={
        <>
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
        </>
      }
    >
      <BulkMenu
        label="Change stage"
        icon={<IconStairsUp size={14} />}
        loading={bulk.isPending && bulk.variables?.action === 'setStage'}
      >
        {orderedStages(setup.data?.opportunityStages).map((s) => (
          <Menu.Item key={s.id} onClick={() => void toStage(s)}>
            {s.label}
            {s.kind === 'open' ? ` (${s.probability}%)` : ''}
          </Menu.Item>
        ))}
      </BulkMenu>
      {internal && (
        <BulkButton
          label="Change owner"
          icon={<IconUserCheck size={14} />}
          loading={bulk.isPending && bulk.variables?.action === 'setOwner'}
          onClick={() => setPicking({ action: 'setOwner' })}
        />
      )}
      {internal && (
        <BulkButton
          label="Change partner"
          icon={<IconBuildingStore size={14} />}
          loading={bulk.isPending && bulk.variables?.action === 'setPartner'}
          onClick={() => setPicking({ action: 'setPartner' })}
        />
      )}
    </BulkActionBar>
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
