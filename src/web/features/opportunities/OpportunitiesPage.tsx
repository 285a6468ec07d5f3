import type { SavedView } from '../../../shared/saved-views';
import {
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Switch,
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
  IconTargetArrow,
} from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  DEFAULT_OPPORTUNITY_COLUMNS,
  OPPORTUNITY_COLUMN_LABELS,
  OPPORTUNITY_COLUMNS,
  OPPORTUNITY_SOURCE_LABELS,
  type OpportunityColumn,
} from '../../../shared/opportunities';
import { isPartnerRole } from '../../../shared/role-names';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import {
  SavedViewsMenu,
  usePinnedViewOnce,
  type ViewState,
} from '../../components/saved-views/SavedViewsMenu';
import { SearchInput } from '../../components/SearchInput';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDate, pluralize } from '../../lib/format';
import { useCurrentUser } from '../../lib/session';
import { useAccountPicker, useOwnerPicker, usePartnerPicker } from '../accounts/api';
import { useCampaignPicker } from '../leads/api';
import { usePartnerPeoplePicker } from '../leads/pickers';
import {
  ActiveFilterChips,
  ColumnsMenu,
  DateRangeFilter,
  dateRangeText,
  FacetFilter,
  type ActiveFilter,
  type Option,
} from '../../components/data-view/FilterControls';
import { useSalesSetup } from '../sales-setup/useSalesSetup';
import { canWriteOpportunities } from './access';
import { exportUrl, useOpportunities, useOpportunityCount, type Opportunity } from './api';
import { BulkBar } from './BulkBar';
import {
  EMPTY_FILTERS,
  effectiveColumns,
  filtersToRecord,
  hasFilters,
  readColumns,
  readFilters,
  readSort,
  readUrl,
  SORT_OF_COLUMN,
  STAGE_KINDS,
  toApiQuery,
  writeUrl,
  type OpportunityFilterState,
  type ViewUrlState,
} from './filters';
import {
  CloseDate,
  formatMoney,
  RoleBadge,
  SOURCE_OPTIONS,
  STAGE_KIND_LABELS,
  StageBadge,
} from './format';
import { AmountRangeFilter, RemoteFacetFilter, useRecordNames } from './ListControls';
import { OpportunityBoard } from './OpportunityBoard';
import { OpportunityFormModal, orderedStages } from './OpportunityFormModal';
import { ExportMenu } from '../../components/ExportMenu';

const KIND_OPTIONS: Option[] = STAGE_KINDS.map((k) => ({ value: k, label: STAGE_KIND_LABELS[k] }));

/** Views are stored as plain JSON; this turns one back into the URL the page reads. */
function viewToUrl(state: ViewState, viewId: string | null, display: ViewUrlState['display']) {
  const filters = state.filters ?? {};
  return {
    filters: readFilters((key) => filters[key]),
    sort: readSort(state.sort),
    columns: readColumns(state.columns),
    viewId,
    display,
  };
}

export function OpportunitiesPage() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readUrl(params), [params]);
  const [initialParams] = useState(params);
  const awaitingPinned = usePinnedViewOnce(
    'opportunities',
    // Only the display asked for: still a plain visit, so the pinned view applies.
    [...initialParams.keys()].every((k) => k === 'display'),
    useCallback(
      (view: SavedView) =>
        setParams(writeUrl(viewToUrl(view, view.id, readUrl(initialParams).display)), {
          replace: true,
        }),
      [setParams, initialParams],
    ),
  );
  const setState = (next: ViewUrlState) => setParams(writeUrl(next), { replace: true });

  if (awaitingPinned) {
    return (
      <>
        <Header />
        <Card padding={0}>
          <Group p="md" gap="sm">
            <Skeleton height={36} width={320} />
            <Skeleton height={36} width={420} />
          </Group>
          <Table aria-label="Opportunities">
            <TableSkeleton columns={6} />
          </Table>
        </Card>
      </>
    );
  }
  return <OpportunitiesDataView state={state} setState={setState} />;
}

function Header({ actions }: { actions?: ReactNode }) {
  return (
    <PageHeader
      title="Opportunities"
      description="Every deal in the pipeline, who works it and which partners get credit."
      actions={actions}
    />
  );
}

function OpportunitiesDataView({
  state,
  setState,
}: {
  state: ViewUrlState;
  setState: (next: ViewUrlState) => void;
}) {
  const me = useCurrentUser();
  const navigate = useNavigate();
  const setup = useSalesSetup();
  const [newOpen, newModal] = useDisclosure(false);
  const partnerUser = isPartnerRole(me.role);
  const canWrite = canWriteOpportunities(me);
  const { filters, sort, display } = state;
  const columns = effectiveColumns(state.columns);
  const filtered = hasFilters(filters);
  const pipeline = display === 'pipeline';

  // The board loads its own cards per column; the table's rows only when the table shows.
  const list = useOpportunities(filters, sort, !pipeline);
  const count = useOpportunityCount(toApiQuery(filters));

  const [selected, setSelected] = useState<Map<string, Opportunity>>(new Map());
  // A selection belongs to the rows it was made on; new filters start a fresh one.
  const filterKey = JSON.stringify(filtersToRecord(filters));
  const lastFilterKey = useRef(filterKey);
  useEffect(() => {
    if (lastFilterKey.current !== filterKey) {
      lastFilterKey.current = filterKey;
      setSelected(new Map());
    }
  }, [filterKey]);

  const setFilters = (patch: Partial<OpportunityFilterState>) =>
    setState({ ...state, filters: { ...filters, ...patch } });
  const clearFilters = () => setState({ ...state, filters: EMPTY_FILTERS });

  const stageOptions: Option[] = orderedStages(setup.data?.opportunityStages).map((s) => ({
    value: s.id,
    label: s.label,
  }));
  const ownerNames = useRecordNames('user', filters.ownerId);
  const partnerNames = useRecordNames('partner', filters.partnerId);
  const repNames = useRecordNames('user', filters.partnerUserId);
  const accountNames = useRecordNames('account', filters.accountId);
  const campaignNames = useRecordNames('campaign', filters.campaignId);

  const chips: ActiveFilter[] = [];
  const listChips = <K extends keyof OpportunityFilterState>(
    key: K,
    name: string,
    labelOf: (value: string) => string | undefined,
  ) => {
    for (const value of filters[key] as string[]) {
      chips.push({
        key: `${key}:${value}`,
        label: `${name}: ${labelOf(value) ?? '…'}`,
        remove: () =>
          setFilters({
            [key]: (filters[key] as string[]).filter((v) => v !== value),
          }),
      });
    }
  };
  const optionLabel = (options: Option[]) => (value: string) =>
    options.find((o) => o.value === value)?.label;
  if (filters.q) {
    chips.push({ key: 'q', label: `Search: “${filters.q}”`, remove: () => setFilters({ q: '' }) });
  }
  listChips('stageId', 'Stage', optionLabel(stageOptions));
  listChips('stageKind', 'Status', optionLabel(KIND_OPTIONS));
  listChips('source', 'Source', optionLabel(SOURCE_OPTIONS));
  listChips('ownerId', 'Owner', (v) => ownerNames.get(v));
  listChips('partnerId', 'Partner', (v) => partnerNames.get(v));
  listChips('partnerUserId', 'Partner rep', (v) => repNames.get(v));
  listChips('accountId', 'Account', (v) => accountNames.get(v));
  listChips('campaignId', 'Campaign', (v) => campaignNames.get(v));
  if (filters.closeFrom || filters.closeTo) {
    chips.push({
      key: 'close',
      label: `Closing ${dateRangeText(filters.closeFrom, filters.closeTo)}`,
      remove: () => setFilters({ closeFrom: '', closeTo: '' }),
    });
  }
  if (filters.minAmount || filters.maxAmount) {
    chips.push({
      key: 'amount',
      label:
        filters.minAmount && filters.maxAmount
          ? `Amount ${filters.minAmount} – ${filters.maxAmount}`
          : filters.minAmount
            ? `Amount ≥ ${filters.minAmount}`
            : `Amount ≤ ${filters.maxAmount}`,
      remove: () => setFilters({ minAmount: '', maxAmount: '' }),
    });
  }
  if (filters.following) {
    chips.push({
      key: 'following',
      label: 'Following',
      remove: () => setFilters({ following: false }),
    });
  }

  const viewState: ViewState = {
    filters: filtersToRecord(filters),
    columns: state.columns,
    sort,
  };

  const onSort = (field: string) => {
    const next = sort === field ? `-${field}` : sort === `-${field}` ? null : field;
    setState({ ...state, sort: next });
  };

  const rows = list.rows;
  const canBulk = canWrite && !pipeline;
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const someSelected = rows.some((r) => selected.has(r.id));
  const toggleRow = (o: Opportunity) =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (next.has(o.id)) next.delete(o.id);
      else next.set(o.id, o);
      return next;
    });
  const toggleAll = () =>
    setSelected(allSelected ? new Map() : new Map(rows.map((r) => [r.id, r] as const)));
  const tableColumns = columns.length + (canBulk ? 1 : 0);
  const total = count.data;

  return (
    <>
      <Header
        actions={
          <>
            <ExportMenu url={(format) => exportUrl(filters, sort, columns, format)} />
            {canWrite && (
              <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
                New opportunity
              </Button>
            )}
          </>
        }
      />

      <Card padding={0} mb={pipeline ? 'md' : undefined}>
        <Stack gap={0}>
          <Group p="md" pb="xs" gap="sm" justify="space-between" wrap="wrap">
            <Group gap="sm" wrap="wrap" style={{ flex: '1 1 420px' }}>
              <SavedViewsMenu
                entity="opportunities"
                current={viewState}
                activeViewId={state.viewId ?? undefined}
                onApply={(next, view) => setState(viewToUrl(next, view?.id ?? null, display))}
              />
              <SearchInput
                aria-label="Search opportunities"
                placeholder="Search name or account"
                value={filters.q}
                onChange={(q) => setFilters({ q })}
                style={{ flex: '1 1 240px', maxWidth: 380 }}
              />
            </Group>
            <Group gap="sm" wrap="nowrap">
              <Text size="sm" c="dimmed" aria-live="polite" data-testid="opportunity-count">
                {total === undefined ? ' ' : pluralize(total, 'opportunity', 'opportunities')}
              </Text>
              <SegmentedControl
                aria-label="Display"
                size="sm"
                value={display}
                onChange={(v) =>
                  setState({ ...state, display: v === 'pipeline' ? 'pipeline' : 'table' })
                }
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
                    value: 'pipeline',
                    label: (
                      <Group gap={6} wrap="nowrap">
                        <IconLayoutKanban size={16} aria-hidden />
                        <span>Pipeline</span>
                      </Group>
                    ),
                  },
                ]}
              />
              {!pipeline && (
                <ColumnsMenu
                  all={OPPORTUNITY_COLUMNS}
                  labels={OPPORTUNITY_COLUMN_LABELS}
                  defaults={DEFAULT_OPPORTUNITY_COLUMNS}
                  anchor="name"
                  columns={columns}
                  onChange={(next) => setState({ ...state, columns: next })}
                />
              )}
            </Group>
          </Group>

          <Group px="md" pb="sm" gap={6} wrap="wrap" role="group" aria-label="Filters">
            <FacetFilter
              label="Stage"
              options={stageOptions}
              loading={setup.isPending}
              selected={filters.stageId}
              onChange={(stageId) => setFilters({ stageId })}
            />
            <FacetFilter
              label="Status"
              options={KIND_OPTIONS}
              selected={filters.stageKind}
              onChange={(v) => setFilters({ stageKind: v as OpportunityFilterState['stageKind'] })}
            />
            {!partnerUser && (
              <FacetFilter
                label="Source"
                options={SOURCE_OPTIONS}
                selected={filters.source}
                onChange={(v) => setFilters({ source: v as OpportunityFilterState['source'] })}
              />
            )}
            {!partnerUser && (
              <RemoteFacetFilter
                label="Assigned partner"
                kind="partner"
                selected={filters.partnerId}
                onChange={(partnerId) => setFilters({ partnerId })}
                useOptions={usePartnerPicker}
              />
            )}
            {me.role !== 'partner_rep' && (
              <RemoteFacetFilter
                label="Partner rep"
                kind="user"
                selected={filters.partnerUserId}
                onChange={(partnerUserId) => setFilters({ partnerUserId })}
                useOptions={usePartnerPeoplePicker}
              />
            )}
            {!partnerUser && (
              <RemoteFacetFilter
                label="Owner"
                kind="user"
                selected={filters.ownerId}
                onChange={(ownerId) => setFilters({ ownerId })}
                useOptions={useOwnerPicker}
              />
            )}
            <RemoteFacetFilter
              label="Account"
              kind="account"
              selected={filters.accountId}
              onChange={(accountId) => setFilters({ accountId })}
              useOptions={useAccountPicker}
            />
            <RemoteFacetFilter
              label="Campaign"
              kind="campaign"
              selected={filters.campaignId}
              onChange={(campaignId) => setFilters({ campaignId })}
              useOptions={useCampaignPicker}
            />
            <DateRangeFilter
              label="Close date"
              from={filters.closeFrom}
              to={filters.closeTo}
              onChange={(closeFrom, closeTo) => setFilters({ closeFrom, closeTo })}
            />
            <AmountRangeFilter
              min={filters.minAmount}
              max={filters.maxAmount}
              onChange={(minAmount, maxAmount) => setFilters({ minAmount, maxAmount })}
            />
            <Switch
              ml="xs"
              size="sm"
              label="Following"
              checked={filters.following}
              onChange={(e) => setFilters({ following: e.currentTarget.checked })}
            />
          </Group>

          <ActiveFilterChips chips={chips} onClear={clearFilters} />

          {canBulk && selected.size > 0 && (
            <BulkBar
              selected={[...selected.values()]}
              onClear={() => setSelected(new Map())}
              internal={!partnerUser}
            />
          )}

          {pipeline ? null : list.isError && !list.data ? (
            <Group p="md" pt={0}>
              <ErrorAlert
                error={list.error}
                title="Could not load opportunities"
                onRetry={() => void list.refetch()}
              />
            </Group>
          ) : rows.length === 0 && !list.isPending ? (
            <EmptyState
              icon={<IconTargetArrow size={26} stroke={1.5} />}
              title={filtered ? 'No opportunities match these filters' : 'No opportunities yet'}
              description={
                filtered
                  ? 'Try fewer filters or a different search.'
                  : canWrite
                    ? 'Add a deal, or convert a qualified lead into one.'
                    : 'Deals will appear here once they are added.'
              }
              action={
                filtered ? (
                  <Button variant="default" onClick={clearFilters}>
                    Clear filters
                  </Button>
                ) : (
                  canWrite && (
                    <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
                      New opportunity
                    </Button>
                  )
                )
              }
            />
          ) : (
            <Table.ScrollContainer
              minWidth={Math.max(720, columns.length * 150 + (canBulk ? 40 : 0))}
            >
              <Table
                aria-label="Opportunities"
                aria-busy={list.isFetching}
                style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
              >
                <Table.Thead>
                  <Table.Tr>
                    {canBulk && (
                      <Table.Th w={40}>
                        <Checkbox
                          aria-label="Select all opportunities shown"
                          checked={allSelected}
                          indeterminate={someSelected && !allSelected}
                          onChange={toggleAll}
                          disabled={rows.length === 0}
                        />
                      </Table.Th>
                    )}
                    {columns.map((c) => (
                      <SortableTh key={c} column={c} sort={sort} onSort={onSort} />
                    ))}
                  </Table.Tr>
                </Table.Thead>
                {list.isPending ? (
                  <TableSkeleton columns={tableColumns} />
                ) : (
                  <Table.Tbody>
                    {rows.map((o) => (
                      <Table.Tr
                        key={o.id}
                        bg={selected.has(o.id) ? 'var(--mantine-primary-color-light)' : undefined}
                        onClick={(e) => {
                          // Links, checkboxes and ctrl/cmd-click keep their own behaviour.
                          const target = e.target as HTMLElement;
                          if (target.closest('a, input, button, label')) return;
                          void navigate(`/opportunities/${o.id}`);
                        }}
                        style={{ cursor: 'pointer' }}
                      >
                        {canBulk && (
                          <Table.Td>
                            <Checkbox
                              aria-label={`Select ${o.name}`}
                              checked={selected.has(o.id)}
                              onChange={() => toggleRow(o)}
                            />
                          </Table.Td>
                        )}
                        {columns.map((c) => (
                          <Table.Td key={c} style={WRAPPING.has(c) ? undefined : NO_WRAP}>
                            <Cell column={c} o={o} />
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                )}
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Card>

      {pipeline ? (
        <OpportunityBoard filters={filters} />
      ) : (
        <LoadMore
          shown={rows.length}
          hasNextPage={list.hasNextPage}
          loading={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
          noun="opportunity"
          plural="opportunities"
          error={list.isFetchNextPageError ? list.error : undefined}
        />
      )}

      {canWrite && (
        <OpportunityFormModal
          opened={newOpen}
          onClose={newModal.close}
          onSaved={(o) => void navigate(`/opportunities/${o.id}`)}
        />
      )}
    </>
  );
}

function SortableTh({
  column,
  sort,
  onSort,
}: {
  column: OpportunityColumn;
  sort: string | null;
  onSort: (field: string) => void;
}) {
  const label = OPPORTUNITY_COLUMN_LABELS[column];
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
              ? 'Sorted ascending; click for the reverse'
              : 'Sorted descending; click to clear'
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

/** Short values stay on one line; the table scrolls sideways rather than stacking words. */
const WRAPPING = new Set<OpportunityColumn>(['name', 'account', 'partner', 'nextStep', 'campaign']);
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

const dim = (
  <Text span size="sm" c="dimmed">
    —
  </Text>
);

function Cell({ column, o }: { column: OpportunityColumn; o: Opportunity }) {
  const plain = (value: string | null | undefined) =>
    value ? (
      <Text span size="sm">
        {value}
      </Text>
    ) : (
      dim
    );
  switch (column) {
    case 'reference':
      return (
        <Anchor component={Link} to={`/opportunities/${o.id}`} size="sm" ff="monospace">
          {o.reference}
        </Anchor>
      );
    case 'name':
      return (
        <Anchor
          component={Link}
          to={`/opportunities/${o.id}`}
          fw={600}
          size="sm"
          display="block"
          miw={200}
          maw={340}
        >
          {o.name}
        </Anchor>
      );
    case 'account':
      return o.account ? (
        <Anchor component={Link} to={`/accounts/${o.account.id}`} size="sm" c="inherit">
          {o.account.name}
        </Anchor>
      ) : (
        dim
      );
    case 'contact':
      return plain(o.contact?.name);
    case 'stage':
      return <StageBadge stage={o.stage} />;
    case 'probability':
      return plain(`${o.stage.probability}%`);
    case 'amount':
      return plain(o.amount === null ? null : formatMoney(o.amount, o.currency));
    case 'weightedAmount':
      return plain(o.weightedAmount === null ? null : formatMoney(o.weightedAmount, o.currency));
    case 'closeDate':
      return <CloseDate o={o} />;
    case 'owner':
      return plain(o.owner?.name);
    case 'source':
      return plain(OPPORTUNITY_SOURCE_LABELS[o.source]);
    case 'partner': {
      if (!o.partner && o.partners.length === 0) return dim;
      const role = o.partners.find((p) => p.partnerId === o.partnerId)?.role;
      const others = o.partners.filter((p) => p.partnerId !== o.partnerId).length;
      return (
        <Group gap={6} wrap="nowrap">
          <Text span size="sm">
            {o.partner?.name ?? 'Unassigned'}
          </Text>
          {role && <RoleBadge role={role} />}
          {others > 0 && (
            <Tooltip
              label={o.partners
                .filter((p) => p.partnerId !== o.partnerId)
                .map((p) => `${p.name} (${p.role})`)
                .join(', ')}
              withArrow
            >
              <Text span size="xs" c="dimmed">
                +{others}
              </Text>
            </Tooltip>
          )}
        </Group>
      );
    }
    case 'partnerUser':
      return plain(o.partnerUser?.name);
    case 'campaign':
      return plain(o.campaign?.name);
    case 'nextStep':
      return o.nextStep ? (
        <Text span size="sm" lineClamp={2} maw={280}>
          {o.nextStep}
        </Text>
      ) : (
        dim
      );
    case 'createdAt':
      return plain(formatDate(o.createdAt));
    case 'updatedAt':
      return plain(formatDate(o.updatedAt));
  }
}
