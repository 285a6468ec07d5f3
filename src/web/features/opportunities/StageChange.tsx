import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useRef, useState, type ReactNode } from 'react';
import { MoveCancelled } from '../../components/kanban/KanbanBoard';
import type { OpportunityStage } from '../../../shared/sales-setup';
import { picklistOptions, useSalesSetup } from '../sales-setup/useSalesSetup';
import { useUpdateOpportunity, type Opportunity } from './api';
import { formatMoney } from './format';

export interface StageTarget {
  name: string;
  amount: string | null;
  currency: string;
}

type Asking = {
  deal: StageTarget;
  stage: OpportunityStage;
  resolve: (answer: { lossReason: string | null } | null) => void;
};

/**
 * Closing a deal is a decision, not a drag: a lost stage asks why (the loss reason pick list), a
 * won stage asks to confirm. `ask` resolves with the answer, or null when the user cancels, so
 * a board can put the card back. Open stages need nothing and resolve at once.
 */
export function useStageChangePrompt(): {
  ask: (
    deal: StageTarget,
    stage: OpportunityStage,
  ) => Promise<{ lossReason: string | null } | null>;
  dialog: ReactNode;
} {
  const [asking, setAsking] = useState<Asking | null>(null);
  const current = useRef<Asking | null>(null);

  const ask = (deal: StageTarget, stage: OpportunityStage) => {
    if (stage.kind === 'open') return Promise.resolve({ lossReason: null });
    // A second question replaces an unanswered first one, which counts as cancelled.
    current.current?.resolve(null);
    return new Promise<{ lossReason: string | null } | null>((resolve) => {
      const next = { deal, stage, resolve };
      current.current = next;
      setAsking(next);
    });
  };

  const answer = (value: { lossReason: string | null } | null) => {
    current.current?.resolve(value);
    current.current = null;
    setAsking(null);
  };

  return {
    ask,
    dialog: (
      <Modal
        opened={asking !== null}
        onClose={() => answer(null)}
        title={
          asking?.stage.kind === 'lost'
            ? `Mark “${asking.deal.name}” as lost`
            : `Mark “${asking?.deal.name ?? ''}” as won`
        }
        centered
      >
        {asking && (
          <StageQuestion
            key={`${asking.deal.name}-${asking.stage.id}`}
            asking={asking}
            onAnswer={answer}
          />
        )}
      </Modal>
    ),
  };
}

function StageQuestion({
  asking,
  onAnswer,
}: {
  asking: Asking;
  onAnswer: (value: { lossReason: string | null } | null) => void;
}) {
  const setup = useSalesSetup();
  const [reason, setReason] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const { deal, stage } = asking;
  const amount = deal.amount ? formatMoney(deal.amount, deal.currency) : null;

  if (stage.kind === 'won') {
    return (
      <Stack>
        <Text size="sm">
          Move it to “{stage.label}”?{' '}
          {amount ? `${amount} counts as won revenue` : 'It counts as won'} and leaves the open
          pipeline and the forecast.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onAnswer(null)} data-autofocus>
            Cancel
          </Button>
          <Button color="teal" onClick={() => onAnswer({ lossReason: null })}>
            Mark as won
          </Button>
        </Group>
      </Stack>
    );
  }

  const options = picklistOptions(setup.data, 'loss_reason');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setTried(true);
        if (reason) onAnswer({ lossReason: reason });
      }}
      noValidate
    >
      <Stack>
        <Text size="sm">
          Move it to “{stage.label}”. Knowing why deals are lost is what improves the next ones.
        </Text>
        <Select
          label="Loss reason"
          placeholder={setup.isPending ? 'Loading…' : 'Choose a reason'}
          required
          data-autofocus
          data={options}
          value={reason}
          onChange={setReason}
          error={tried && !reason ? 'Choose why the deal was lost' : undefined}
          nothingFoundMessage="No loss reasons are set up"
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => onAnswer(null)}>
            Cancel
          </Button>
          <Button type="submit" color="red">
            Mark as lost
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Moves a deal to another stage: asks what closing needs (loss reason, confirmation), then
 * saves with the version the user saw. Resolves with the saved deal; rejects with MoveCancelled
 * when the user cancels, or with the server's refusal.
 */
export function useMoveToStage() {
  const prompt = useStageChangePrompt();
  const update = useUpdateOpportunity({ silent: true });
  const move = async (o: Opportunity, stage: OpportunityStage): Promise<Opportunity> => {
    const answer = await prompt.ask(o, stage);
    if (!answer) throw new MoveCancelled(`Cancelled: the deal stays in ${o.stage.label}.`);
    return update.mutateAsync({
      id: o.id,
      version: o.version,
      stageId: stage.id,
      ...(stage.kind === 'lost' ? { lossReason: answer.lossReason } : {}),
    });
  };
  return { move, dialog: prompt.dialog, pending: update.isPending };
}
