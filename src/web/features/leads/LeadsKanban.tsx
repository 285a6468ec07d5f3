import { Anchor, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconBuildingStore } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { Link } from 'react-router';
import type { LeadBoardGroup } from '../../../shared/leads';
import { RATING_LABELS, type Rating } from '../../../shared/scoring';
import { ErrorAlert } from '../../components/ErrorAlert';
import { KanbanBoard, type KanbanColumn } from '../../components/kanban/KanbanBoard';
import { api, type Query } from '../../lib/api';
import { useCurrentUser } from '../../lib/session';
import { fetchLeadPage, leadKeys, leadPath, useLeadBoard, type Lead } from './api';
import { toApiQuery, type LeadFilterState } from './filters';
import {
  formatMoney,
  LeadStatusBadge,
  RATING_COLORS,
  RatingBadge,
  STATUS_KIND_COLORS,
} from './format';

export const CONVERTED_REFUSAL =
  'Converted is reached only by converting the lead — open the lead and click Convert';

const EMPTY_PAGE = { data: [] as Lead[], nextCursor: null };

/**
 * The query of one column's cards: the board's filters narrowed to the column. A column the
 * filters already exclude has no cards, whatever the column filter alone would find.
 */
function columnQuery(filters: LeadFilterState, groupBy: LeadBoardGroup, key: string): Query | null {
  const base: Query = { ...toApiQuery(filters), sort: '-updatedAt' };
  if (groupBy === 'status') {
    if (filters.statusId.length > 0 && !filters.statusId.includes(key)) return null;
    return { ...base, statusId: [key] };
  }
  if (groupBy === 'rating') {
    if (filters.rating.length > 0 && !filters.rating.includes(key as Rating)) return null;
    return { ...base, rating: [key] };
  }
  const anyPartner = filters.partnerId.length > 0 || filters.unassigned;
  if (key === 'none') {
    if (anyPartner && !filters.unassigned) return null;
    return { ...base, partnerId: undefined, unassigned: 'true' };
  }
  if (anyPartner && !filters.partnerId.includes(key)) return null;
  return { ...base, partnerId: [key], unassigned: undefined };
}

function LeadCard({
  lead,
  groupBy,
  showPartner,
}: {
  lead: Lead;
  groupBy: LeadBoardGroup;
  /** partner users' leads are all their company's: the line would say nothing */
  showPartner: boolean;
}) {
  return (
    <Stack gap={4}>
      <Anchor
        component={Link}
        to={`/leads/${lead.id}`}
        fw={600}
        size="sm"
        truncate
        display="block"
        title={lead.name}
        draggable={false}
      >
        {lead.name}
      </Anchor>
      <Text size="xs" c="dimmed" truncate>
        {lead.company}
      </Text>
      <Group justify="space-between" gap={6} wrap="nowrap" align="flex-start">
        <Group gap={4} wrap="wrap" style={{ flex: 1, minWidth: 0 }}>
          <RatingBadge rating={lead.rating} manual={lead.ratingManual !== null} size="sm" />
          {groupBy !== 'status' && <LeadStatusBadge status={lead.status} size="sm" />}
        </Group>
        <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap', flex: 'none' }}>
          {lead.estimatedValue
            ? formatMoney(lead.estimatedValue, lead.currency, { compact: true })
            : ''}
        </Text>
      </Group>
      {showPartner && groupBy !== 'partner' && (
        <Group gap={4} wrap="nowrap" c="dimmed">
          <IconBuildingStore size={12} aria-hidden style={{ flex: 'none' }} />
          <Text size="xs" c="dimmed" truncate>
            {lead.partner?.name ?? 'Direct (no partner)'}
          </Text>
        </Group>
      )}
    </Stack>
  );
}

/** Leads as a Kanban board: grouped by status, rating or partner; moving a card edits the lead. */
export function LeadsKanban({
  filters,
  groupBy,
}: {
  filters: LeadFilterState;
  groupBy: LeadBoardGroup;
}) {
  const me = useCurrentUser();
  const internal = me.role !== 'partner_admin' && me.role !== 'partner_rep';
  const board = useLeadBoard(filters, groupBy);
  const queryClient = useQueryClient();
  const apiQuery = toApiQuery(filters);
  const queryKey = useMemo(
    () => [...leadKeys.cards, groupBy, apiQuery] as const,
    // The filters object is rebuilt from the URL on each render; its content is the key.
    [groupBy, JSON.stringify(apiQuery)],
  );

  const baseCurrency = board.data?.baseCurrency ?? 'EUR';
  const columns: KanbanColumn[] = useMemo(
    () =>
      (board.data?.columns ?? []).map((c) => ({
        key: c.key,
        label: groupBy === 'rating' ? (RATING_LABELS[c.key as Rating] ?? c.label) : c.label,
        count: c.count,
        summary: `${formatMoney(c.sum, baseCurrency, { compact: true })} estimated`,
        accent:
          groupBy === 'status'
            ? `var(--mantine-color-${STATUS_KIND_COLORS[(c.kind ?? 'open') as keyof typeof STATUS_KIND_COLORS] ?? 'gray'}-5)`
            : groupBy === 'rating'
              ? `var(--mantine-color-${RATING_COLORS[c.key as Rating] ?? 'gray'}-5)`
              : undefined,
        dropRefusal: groupBy === 'status' && c.kind === 'converted' ? CONVERTED_REFUSAL : undefined,
      })),
    [board.data, groupBy, baseCurrency],
  );

  const fetchPage = useCallback(
    (key: string, cursor: string | null) => {
      const query = columnQuery(filters, groupBy, key);
      return query ? fetchLeadPage(query, cursor) : Promise.resolve(EMPTY_PAGE);
    },
    [groupBy, JSON.stringify(apiQuery)],
  );

  const onMove = useCallback(
    async (lead: Lead, _from: string, to: string) => {
      const patch =
        groupBy === 'status'
          ? { statusId: to }
          : groupBy === 'rating'
            ? { ratingManual: to }
            : { partnerId: to === 'none' ? null : to, partnerUserId: null };
      const saved = await api.patch<Lead>(leadPath(lead.id), { ...patch, version: lead.version });
      queryClient.setQueryData(leadKeys.detail(saved.id), saved);
      // Counts, sums and the table catch up in the background.
      void queryClient.invalidateQueries({ queryKey: leadKeys.board });
      void queryClient.invalidateQueries({ queryKey: leadKeys.lists });
      void queryClient.invalidateQueries({ queryKey: leadKeys.count });
      void queryClient.invalidateQueries({ queryKey: ['history', 'lead', saved.id] });
      return saved;
    },
    [groupBy, queryClient],
  );

  const canDrag = useCallback(
    (lead: Lead) =>
      lead.status.kind !== 'converted' &&
      (groupBy === 'status'
        ? Boolean(lead.abilities.changeStatus ?? lead.abilities.update)
        : groupBy === 'partner'
          ? internal && Boolean(lead.abilities.update)
          : Boolean(lead.abilities.update)),
    [groupBy, internal],
  );

  const moveTargets = useCallback(
    (lead: Lead, from: string) =>
      canDrag(lead)
        ? columns
            .filter((c) => c.key !== from && !c.dropRefusal)
            .map((c) => ({ key: c.key, label: c.label }))
        : [],
    [canDrag, columns],
  );

  if (board.isError && !board.data) {
    return (
      <ErrorAlert
        error={board.error}
        title="Could not load the board"
        onRetry={() => void board.refetch()}
      />
    );
  }
  if (board.isPending) {
    return (
      <Group gap="md" wrap="nowrap" aria-busy="true" style={{ overflow: 'hidden' }}>
        {[0, 1, 2, 3].map((i) => (
          <Stack key={i} w={300} gap="xs" style={{ flex: 'none' }}>
            <Skeleton height={44} radius="md" />
            <Skeleton height={96} radius="md" />
            <Skeleton height={96} radius="md" />
          </Stack>
        ))}
      </Group>
    );
  }
  return (
    <div style={{ opacity: board.isPlaceholderData ? 0.6 : 1 }}>
      <KanbanBoard<Lead>
        ariaLabel={`Leads by ${groupBy}`}
        columns={columns}
        fetchPage={fetchPage}
        queryKey={queryKey}
        renderCard={(lead) => <LeadCard lead={lead} groupBy={groupBy} showPartner={internal} />}
        estimateCardHeight={groupBy === 'partner' || !internal ? 78 : 100}
        onMove={onMove}
        canDrag={canDrag}
        moveTargets={moveTargets}
        cardLabel={(lead) => `${lead.name}, ${lead.company}`}
      />
    </div>
  );
}
