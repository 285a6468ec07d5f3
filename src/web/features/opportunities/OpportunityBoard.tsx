import { Anchor, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconBuildingStore } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { KanbanBoard, type KanbanColumn } from '../../components/kanban/KanbanBoard';
import { isApiError } from '../../lib/api';
import { useSalesSetup } from '../sales-setup/useSalesSetup';
import {
  fetchStagePage,
  opportunityKeys,
  useInvalidateOpportunities,
  useOpportunityBoard,
  type Opportunity,
} from './api';
import { toApiQuery, type OpportunityFilterState } from './filters';
import { CloseDate, formatMoney } from './format';
import { orderedStages } from './OpportunityFormModal';
import { useMoveToStage } from './StageChange';

const ACCENTS = {
  open: 'var(--mantine-color-blue-5)',
  won: 'var(--mantine-color-teal-6)',
  lost: 'var(--mantine-color-gray-5)',
} as const;

/**
 * The pipeline: one column per stage with its count, total and weighted total in the base
 * currency. Dragging a card changes its stage; lost asks why, won asks to confirm.
 */
export function OpportunityBoard({ filters }: { filters: OpportunityFilterState }) {
  const board = useOpportunityBoard(filters);
  const setup = useSalesSetup();
  const stageMove = useMoveToStage();
  const invalidate = useInvalidateOpportunities();
  // The key follows the filters' content, not the object's identity.
  const filterKey = JSON.stringify(toApiQuery(filters));
  const queryKey = useMemo(() => [...opportunityKeys.cards, filterKey] as const, [filterKey]);

  const stages = useMemo(() => orderedStages(setup.data?.opportunityStages), [setup.data]);
  const stageById = useMemo(() => new Map(stages.map((s) => [s.id, s])), [stages]);

  const columns: KanbanColumn[] = useMemo(() => {
    if (!board.data) return [];
    const base = board.data.baseCurrency;
    const rank = new Map(stages.map((s, i) => [s.id, i]));
    return [...board.data.columns]
      .sort((a, b) => (rank.get(a.key) ?? 99) - (rank.get(b.key) ?? 99))
      .map((c) => {
        const kind = (c.kind ?? stageById.get(c.key)?.kind ?? 'open') as keyof typeof ACCENTS;
        const probability = stageById.get(c.key)?.probability;
        return {
          key: c.key,
          label:
            kind === 'open' && probability !== undefined ? `${c.label} · ${probability}%` : c.label,
          count: c.count,
          accent: ACCENTS[kind],
          summary: (
            <span>
              {formatMoney(c.sum, base, { compact: true })}
              {kind === 'open' && c.weightedSum !== undefined && (
                <> · weighted {formatMoney(c.weightedSum, base, { compact: true })}</>
              )}
            </span>
          ),
        };
      });
  }, [board.data, stages, stageById]);

  if (board.isError && !board.data) {
    return (
      <ErrorAlert
        error={board.error}
        title="Could not load the pipeline"
        onRetry={() => void board.refetch()}
      />
    );
  }
  if (!board.data || setup.isPending) {
    return (
      <Group gap="md" wrap="nowrap" style={{ overflow: 'hidden' }} aria-busy="true">
        {[0, 1, 2, 3].map((i) => (
          <Stack key={i} gap="xs" w={300} style={{ flexShrink: 0 }}>
            <Skeleton height={52} />
            <Skeleton height={96} />
            <Skeleton height={96} />
          </Stack>
        ))}
      </Group>
    );
  }

  return (
    <>
      <KanbanBoard<Opportunity>
        ariaLabel="Pipeline"
        columns={columns}
        queryKey={queryKey}
        fetchPage={(stageId, cursor) => fetchStagePage(filters, stageId, cursor ?? undefined)}
        renderCard={(o) => <OpportunityCard o={o} />}
        estimateCardHeight={104}
        cardLabel={(o) => `${o.name}${o.account ? `, ${o.account.name}` : ''}`}
        canDrag={(o) => o.abilities.changeStage === true || o.abilities.update === true}
        moveTargets={(o, from) =>
          o.abilities.changeStage === true || o.abilities.update === true
            ? columns.filter((c) => c.key !== from).map((c) => ({ key: c.key, label: c.label }))
            : []
        }
        onMove={async (o, _from, to) => {
          const stage = stageById.get(to);
          if (!stage) throw new Error('This stage no longer exists; reload the page.');
          try {
            return await stageMove.move(o, stage);
          } catch (error) {
            if (isApiError(error) && error.status === 409) {
              invalidate();
              throw new Error('Someone else changed this deal first. The board now shows it.', {
                cause: error,
              });
            }
            throw error;
          }
        }}
      />
      {stageMove.dialog}
    </>
  );
}

function OpportunityCard({ o }: { o: Opportunity }) {
  return (
    <Stack gap={4}>
      <Anchor
        pr={22}
        component={Link}
        to={`/opportunities/${o.id}`}
        size="sm"
        fw={600}
        c="inherit"
        lineClamp={2}
        // A click opens the deal; a drag (6 px or more) moves it.
        draggable={false}
      >
        {o.name}
      </Anchor>
      {o.account && (
        <Text size="xs" c="dimmed" truncate>
          {o.account.name}
        </Text>
      )}
      <Group justify="space-between" gap={4} wrap="wrap">
        <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
          {formatMoney(o.amount, o.currency)}
        </Text>
        <CloseDate o={o} size="xs" />
      </Group>
      {o.partner && (
        <Group gap={4} wrap="nowrap" c="dimmed" title={`Assigned partner: ${o.partner.name}`}>
          <IconBuildingStore size={12} aria-label="Assigned partner" role="img" />
          <Text size="xs" c="dimmed" truncate>
            {o.partner.name}
          </Text>
        </Group>
      )}
    </Stack>
  );
}
