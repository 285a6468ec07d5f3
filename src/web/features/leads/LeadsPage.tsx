import {
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconArrowDown,
  IconArrowUp,
  IconArrowsSort,
  IconLayoutKanban,
  IconPlus,
  IconTable,
  IconMagnet,
} from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { COMPANY_SIZE_LABELS } from '../../../shared/accounts';
import {
  LEAD_BOARD_GROUPS,
  LEAD_COLUMN_LABELS,
  type LeadBoardGroup,
  type LeadColumn,
} from '../../../shared/leads';
import type { SalesSetup } from '../../../shared/sales-setup';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { SearchInput } from '../../components/SearchInput';
import { TableSkeleton } from '../../components/TableSkeleton';
import {
  SavedViewsMenu,
  usePinnedViewOnce,
  type SavedView,
  type ViewState,
} from '../../components/saved-views/SavedViewsMenu';
import { formatDate, pluralize } from '../../lib/format';
import { useCurrentUser } from '../../lib/session';
import { countryName } from '../partners/countries';
import { picklistLabel, useSalesSetup } from '../sales-setup/useSalesSetup';
import { exportUrl, useLeadCount, useLeadList, type Lead } from './api';
import {
  EMPTY_FILTERS,
  effectiveColumns,
  filtersToRecord,
  fromView,
  hasFilters,
  readUrl,
  SORT_OF_COLUMN,
  viewFilters,
  writeUrl,
  type LeadFilterState,
  type LeadUrlState,
} from './filters';
import { formatMoney, LeadStatusBadge, RatingBadge } from './format';
import { LeadBulkActionBar } from './LeadBulkActionBar';
import { LeadFilterBar, LeadFilterChips } from './LeadFilterBar';
import { LeadFormModal } from './LeadFormModal';
import { LeadsKanban } from './LeadsKanban';
import { LeadColumnsMenu } from './ListControls';
import { ExportMenu } from '../../components/ExportMenu';
import { ImportButton } from '../imports/ImportButton';

const GROUP_LABELS: Record<LeadBoardGroup, string> = {
  status: 'Status',
  rating: 'Rating',
  partner: 'Partner',
};

export function LeadsPage() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readUrl(params), [params]);
  const [initialParams] = useState(params);
  // The pinned view reaches the URL a moment after it loads; until then the list would show
  // (and fetch) everything for nothing.
  const [pendingView, setPendingView] = useState<string | null>(null);
  const awaitingPinned = usePinnedViewOnce(
    'leads',
    initialParams.toString() === '',
    useCallback(
      (view: SavedView) => {
        setPendingView(view.id);
        setParams(writeUrl(fromView(view, view.id)), { replace: true });
      },
      [setParams],
    ),
  );
  useEffect(() => {
    if (pendingView && state.viewId === pendingView) setPendingView(null);
  }, [pendingView, state.viewId]);
  const setState = (next: LeadUrlState) => setParams(writeUrl(next), { replace: true });

  if (awaitingPinned || (pendingView !== null && state.viewId !== pendingView)) {
    return (
      <>
        <LeadsHeader />
        <Card padding={0}>
          <Group p="md" gap="sm">
            <Skeleton height={36} width={320} />
            <Skeleton height={36} width={420} />
          </Group>
          <Table aria-label="Leads">
            <TableSkeleton columns={7} />
          </Table>
        </Card>
      </>
    );
  }
  return <LeadsDataView state={state} setState={setState} />;
}

function LeadsHeader({ actions }: { actions?: ReactNode }) {
  return (
    <PageHeader
      title="Leads"
      description="Potential customers on their way to qualification, and who is working them."
      actions={actions}
    />
  );
}

function LeadsDataView({
  state,
  setState,
}: {
  state: LeadUrlState;
  setState: (next: LeadUrlState) => void;
}) {
  const me = useCurrentUser();
  const internal = me.role !== 'partner_admin' && me.role !== 'partner_rep';
  const [newOpen, newModal] = useDisclosure(false);
  const setup = useSalesSetup();
  const { filters, sort, display, groupBy } = state;
  const columns = effectiveColumns(state.columns);
  const count = useLeadCount(filters);
  const baseCurrency = setup.data?.baseCurrency ?? 'EUR';

  const setFilters = (patch: Partial<LeadFilterState>) =>
    setState({ ...state, filters: { ...filters, ...patch } });

  const viewState: ViewState = {
    filters: viewFilters(state),
    columns: state.columns,
    sort,
  };
  const groups = LEAD_BOARD_GROUPS.filter((g) => internal || g !== 'partner');

  return (
    <>
      <LeadsHeader
        actions={
          <>
            <SegmentedControl
              aria-label="List display"
              value={display}
              onChange={(v) => setState({ ...state, display: v === 'kanban' ? 'kanban' : 'table' })}
              data={[
                {
                  value: 'table',
                  label: (
                    <Group gap={6} wrap="nowrap">
                      <IconTable size={16} aria-hidden />
                      <span>Table</span>
                    </Group>
                  ),
                },
                {
                  value: 'kanban',
                  label: (
                    <Group gap={6} wrap="nowrap">
                      <IconLayoutKanban size={16} aria-hidden />
                      <span>Kanban</span>
                    </Group>
                  ),
                },
              ]}
            />
            <ExportMenu url={(format) => exportUrl(filters, sort, columns, format)} />
            <ImportButton entity="leads" />
            <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
              New lead
            </Button>
          </>
        }
      />

      <Card padding={0} mb={display === 'kanban' ? 'md' : undefined}>
        <Stack gap={0}>
          <Group p="md" pb="xs" gap="sm" justify="space-between" wrap="wrap">
            <Group gap="sm" wrap="wrap" style={{ flex: '1 1 420px' }}>
              <SavedViewsMenu
                entity="leads"
                current={viewState}
                activeViewId={state.viewId ?? undefined}
                onApply={(next, view) => setState(fromView(next, view?.id ?? null))}
              />
              <SearchInput
                aria-label="Search leads"
                placeholder="Search company, name, email or city"
                value={filters.q}
                onChange={(q) => setFilters({ q })}
                style={{ flex: '1 1 240px', maxWidth: 380 }}
              />
            </Group>
            <Group gap="sm" wrap="nowrap">
              <Text size="sm" c="dimmed" aria-live="polite" data-testid="lead-count">
                {count.data === undefined ? ' ' : pluralize(count.data, 'lead')}
              </Text>
              {display === 'table' ? (
                <LeadColumnsMenu
                  columns={columns}
                  onChange={(next) => setState({ ...state, columns: next })}
                />
              ) : (
                <Group gap={6} wrap="nowrap">
                  <Text size="sm" fw={500} id="lead-group-by">
                    Group by
                  </Text>
                  <SegmentedControl
                    size="sm"
                    aria-labelledby="lead-group-by"
                    value={groupBy}
                    onChange={(v) => setState({ ...state, groupBy: v })}
                    data={groups.map((g) => ({ value: g, label: GROUP_LABELS[g] }))}
                  />
                </Group>
              )}
            </Group>
          </Group>
          <LeadFilterBar filters={filters} setup={setup.data} onChange={setFilters} />
          <LeadFilterChips
            filters={filters}
            setup={setup.data}
            baseCurrency={baseCurrency}
            onChange={setFilters}
          />
          {display === 'table' && (
            <LeadsTable
              state={state}
              setState={setState}
              columns={columns}
              setup={setup.data}
              internal={internal}
              onNew={newModal.open}
            />
          )}
        </Stack>
      </Card>

      {display === 'kanban' && <LeadsKanban filters={filters} groupBy={groupBy} />}

      <LeadFormModal opened={newOpen} onClose={newModal.close} />
    </>
  );
}

function LeadsTable({
  state,
  setState,
  columns,
  setup,
  internal,
  onNew,
}: {
  state: LeadUrlState;
  setState: (next: LeadUrlState) => void;
  columns: LeadColumn[];
  setup: SalesSetup | undefined;
  internal: boolean;
  onNew: () => void;
}) {
  const navigate = useNavigate();
  const { filters, sort } = state;
  const filtered = hasFilters(filters);
  const list = useLeadList(filters, sort);
  const [selected, setSelected] = useState<Map<string, Lead>>(new Map());

  // A selection belongs to the rows it was made on; new filters start a fresh one.
  const filterKey = JSON.stringify(filtersToRecord(filters));
  const lastFilterKey = useRef(filterKey);
  useEffect(() => {
    if (lastFilterKey.current !== filterKey) {
      lastFilterKey.current = filterKey;
      setSelected(new Map());
    }
  }, [filterKey]);

  const onSort = (field: string) => {
    const next = sort === field ? `-${field}` : sort === `-${field}` ? null : field;
    setState({ ...state, sort: next });
  };

  const rows = list.rows;
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const someSelected = rows.some((r) => selected.has(r.id));
  const toggleRow = (l: Lead) =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (next.has(l.id)) next.delete(l.id);
      else next.set(l.id, l);
      return next;
    });
  const toggleAll = () =>
    setSelected(allSelected ? new Map() : new Map(rows.map((r) => [r.id, r] as const)));

  return (
    <>
      {selected.size > 0 && (
        <LeadBulkActionBar
          selected={[...selected.values()]}
          setup={setup}
          internal={internal}
          onClear={() => setSelected(new Map())}
        />
      )}
      {list.isError && !list.data ? (
        <Group p="md" pt={0}>
          <ErrorAlert
            error={list.error}
            title="Could not load leads"
            onRetry={() => void list.refetch()}
          />
        </Group>
      ) : rows.length === 0 && !list.isPending ? (
        <EmptyState
          icon={<IconMagnet size={26} stroke={1.5} />}
          title={filtered ? 'No leads match these filters' : 'No leads yet'}
          description={
            filtered
              ? 'Try fewer filters or a different search.'
              : 'Add a lead by hand, or ask your partners to register theirs.'
          }
          action={
            filtered ? (
              <Button
                variant="default"
                onClick={() => setState({ ...state, filters: EMPTY_FILTERS })}
              >
                Clear filters
              </Button>
            ) : (
              <Button leftSection={<IconPlus size={16} />} onClick={onNew}>
                New lead
              </Button>
            )
          }
        />
      ) : (
        <Table.ScrollContainer minWidth={Math.max(640, columns.length * 120)}>
          <Table
            aria-label="Leads"
            aria-busy={list.isFetching}
            style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={40}>
                  <Checkbox
                    aria-label="Select all leads shown"
                    checked={allSelected}
                    indeterminate={someSelected && !allSelected}
                    onChange={toggleAll}
                    disabled={rows.length === 0}
                  />
                </Table.Th>
                {columns.map((c) => (
                  <SortableTh key={c} column={c} sort={sort} onSort={onSort} />
                ))}
              </Table.Tr>
            </Table.Thead>
            {list.isPending ? (
              <TableSkeleton columns={columns.length + 1} />
            ) : (
              <Table.Tbody>
                {rows.map((lead) => (
                  <Table.Tr
                    key={lead.id}
                    bg={selected.has(lead.id) ? 'var(--mantine-primary-color-light)' : undefined}
                    onClick={(e) => {
                      // Links, checkboxes and ctrl/cmd-click keep their own behaviour.
                      const target = e.target as HTMLElement;
                      if (target.closest('a, input, button, label')) return;
                      void navigate(`/leads/${lead.id}`);
                    }}
                    style={{ cursor: 'pointer' }}
                  >
                    <Table.Td>
                      <Checkbox
                        aria-label={`Select ${lead.name}, ${lead.company}`}
                        checked={selected.has(lead.id)}
                        onChange={() => toggleRow(lead)}
                      />
                    </Table.Td>
                    {columns.map((c) => (
                      <Table.Td key={c} style={NO_WRAP}>
                        <Cell column={c} lead={lead} setup={setup} />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            )}
          </Table>
        </Table.ScrollContainer>
      )}
      <Group justify="center" pb="md">
        <LoadMore
          shown={rows.length}
          hasNextPage={list.hasNextPage}
          loading={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
          noun="lead"
          error={list.isFetchNextPageError ? list.error : undefined}
        />
      </Group>
    </>
  );
}

function SortableTh({
  column,
  sort,
  onSort,
}: {
  column: LeadColumn;
  sort: string | null;
  onSort: (field: string) => void;
}) {
  const label = LEAD_COLUMN_LABELS[column];
  const field = SORT_OF_COLUMN[column];
  if (!field) return <Table.Th style={NO_WRAP}>{label}</Table.Th>;
  const direction = sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : 'none';
  const Icon =
    direction === 'ascending'
      ? IconArrowUp
      : direction === 'descending'
        ? IconArrowDown
        : IconArrowsSort;
  return (
    <Table.Th aria-sort={direction} style={NO_WRAP}>
      <Tooltip
        label={
          direction === 'none'
            ? `Sort by ${label.toLowerCase()}`
            : direction === 'ascending'
              ? 'Sorted A → Z / lowest first; click for the reverse'
              : 'Sorted in reverse; click to clear'
        }
        openDelay={500}
        withArrow
      >
        <UnstyledButton onClick={() => onSort(field)} fw={600} fz="sm">
          <Group gap={4} wrap="nowrap">
            {label}
            <Icon size={14} aria-hidden style={{ opacity: direction === 'none' ? 0.35 : 1 }} />
          </Group>
        </UnstyledButton>
      </Tooltip>
    </Table.Th>
  );
}

/** Long names are cut with an ellipsis (the full text on hover) so rows stay one line high. */
const TRUNCATED = new Set<LeadColumn>([
  'company',
  'email',
  'partner',
  'partnerUser',
  'referrer',
  'campaign',
  'owner',
  'city',
]);
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

const dim = (
  <Text span size="sm" c="dimmed">
    —
  </Text>
);

function Cell({
  column,
  lead: l,
  setup,
}: {
  column: LeadColumn;
  lead: Lead;
  setup: SalesSetup | undefined;
}) {
  const plain = (value: string | null | undefined) =>
    value ? (
      TRUNCATED.has(column) ? (
        <Text size="sm" maw={220} truncate title={value}>
          {value}
        </Text>
      ) : (
        <Text span size="sm">
          {value}
        </Text>
      )
    ) : (
      dim
    );
  switch (column) {
    case 'reference':
      return (
        <Anchor component={Link} to={`/leads/${l.id}`} size="sm" ff="monospace">
          {l.reference}
        </Anchor>
      );
    case 'name':
      return (
        <Anchor component={Link} to={`/leads/${l.id}`} fw={600} size="sm">
          {l.name}
        </Anchor>
      );
    case 'company':
      return plain(l.company);
    case 'jobTitle':
      return plain(picklistLabel(setup, 'job_title', l.jobTitle));
    case 'email':
      return (
        <Anchor href={`mailto:${l.email}`} size="sm">
          {l.email}
        </Anchor>
      );
    case 'phone':
      return l.phone ? (
        <Anchor href={`tel:${l.phone}`} size="sm" c="inherit">
          {l.phone}
        </Anchor>
      ) : (
        dim
      );
    case 'power':
      return plain(picklistLabel(setup, 'power', l.power));
    case 'status':
      return <LeadStatusBadge status={l.status} />;
    case 'source':
      return plain(picklistLabel(setup, 'lead_source', l.source));
    case 'rating':
      return <RatingBadge rating={l.rating} manual={l.ratingManual !== null} />;
    case 'score':
      return plain(String(l.score));
    case 'estimatedValue':
      return l.estimatedValue ? plain(formatMoney(l.estimatedValue, l.currency)) : dim;
    case 'industry':
      return plain(picklistLabel(setup, 'industry', l.industry));
    case 'companySize':
      return plain(l.companySize && COMPANY_SIZE_LABELS[l.companySize]);
    case 'countryCode':
      return plain(countryName(l.countryCode));
    case 'city':
      return plain(l.city);
    case 'owner':
      return plain(l.owner?.name);
    case 'partner':
      return l.partner ? (
        plain(l.partner.name)
      ) : (
        <Text span size="sm" c="dimmed">
          Direct
        </Text>
      );
    case 'partnerUser':
      return plain(l.partnerUser?.name);
    case 'referrer':
      return plain(l.referrer?.name);
    case 'campaign':
      return plain(l.campaign?.name);
    case 'createdAt':
      return plain(formatDate(l.createdAt));
    case 'updatedAt':
      return plain(formatDate(l.updatedAt));
  }
}
