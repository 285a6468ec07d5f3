import type { SavedView } from '../../../shared/saved-views';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
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
  IconBuildingStore,
  IconPlus,
} from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  PARTNER_COLUMN_LABELS,
  PARTNER_STATUSES,
  PARTNER_TYPE_LABELS,
  PARTNER_TYPES,
  SLA_TIER_LABELS,
  type ActivationStage,
  type PartnerColumn,
} from '../../../shared/partners';
import {
  SavedViewsMenu,
  usePinnedViewOnce,
  type ViewState,
} from '../../components/saved-views/SavedViewsMenu';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { PartnerStatusBadge } from '../../components/PartnerStatusBadge';
import { SearchInput } from '../../components/SearchInput';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDate, PARTNER_STATUS_LABELS, pluralize } from '../../lib/format';
import { capabilities, useCurrentUser } from '../../lib/session';
import type { Partner } from '../../lib/types';
import {
  exportUrl,
  useChannelManagers,
  useLevels,
  usePartnerCount,
  usePartnerList,
  useStages,
} from './api';
import { PartnerBulkActionBar } from './BulkActionBar';
import { countryName, countryOptions } from './countries';
import {
  ActiveFilterChips,
  DateRangeFilter,
  dateRangeText,
  FacetFilter,
  type ActiveFilter,
  type Option,
} from '../../components/data-view/FilterControls';
import { PartnerColumnsMenu, TagFilter } from './FilterControls';
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
  writeUrl,
  type PartnerFilterState,
  type ViewUrlState,
} from './filters';
import { websiteHref } from './links';
import { NewPartnerModal } from './NewPartnerModal';
import { LevelBadge, StageDots } from './ProgramBadges';
import { ExportMenu } from '../../components/ExportMenu';
import { ImportButton } from '../imports/ImportButton';

const TYPE_OPTIONS: Option[] = PARTNER_TYPES.map((t) => ({
  value: t,
  label: PARTNER_TYPE_LABELS[t],
}));
const STATUS_OPTIONS: Option[] = PARTNER_STATUSES.map((s) => ({
  value: s,
  label: PARTNER_STATUS_LABELS[s],
}));

/** Views are stored as plain JSON; this turns one back into the URL the page reads. */
function viewToUrl(state: ViewState, viewId: string | null): ViewUrlState {
  const filters = state.filters ?? {};
  return {
    filters: readFilters((key) => filters[key]),
    sort: readSort(state.sort),
    columns: readColumns(state.columns),
    viewId,
  };
}

export function PartnersPage() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readUrl(params), [params]);
  const [initialParams] = useState(params);
  const awaitingPinned = usePinnedViewOnce(
    'partners',
    initialParams.toString() === '',
    useCallback(
      (view: SavedView) => setParams(writeUrl(viewToUrl(view, view.id)), { replace: true }),
      [setParams],
    ),
  );

  const setState = (next: ViewUrlState) => setParams(writeUrl(next), { replace: true });

  if (awaitingPinned) {
    return (
      <>
        <PartnersHeader />
        <Card padding={0}>
          <Group p="md" gap="sm">
            <Skeleton height={36} width={320} />
            <Skeleton height={36} width={420} />
          </Group>
          <Table aria-label="Partners">
            <TableSkeleton columns={6} />
          </Table>
        </Card>
      </>
    );
  }
  return <PartnersDataView state={state} setState={setState} />;
}

function PartnersHeader({ actions }: { actions?: ReactNode }) {
  return (
    <PageHeader
      title="Partners"
      description="Where every partner stands in your program, and who looks after them."
      actions={actions}
    />
  );
}

function PartnersDataView({
  state,
  setState,
}: {
  state: ViewUrlState;
  setState: (next: ViewUrlState) => void;
}) {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [newOpen, newModal] = useDisclosure(false);
  const can = capabilities(user);
  const canCreate = can.createPartners;
  const canBulk = can.createPartners;

  const { filters, sort } = state;
  const columns = effectiveColumns(state.columns);
  const filtered = hasFilters(filters);

  const list = usePartnerList(filters, sort);
  const count = usePartnerCount(filters);
  const levels = useLevels();
  const stages = useStages();
  const managers = useChannelManagers();

  const [selected, setSelected] = useState<Map<string, Partner>>(new Map());
  // A selection belongs to the rows it was made on; new filters start a fresh one.
  const filterKey = JSON.stringify(filtersToRecord(filters));
  const lastFilterKey = useRef(filterKey);
  useEffect(() => {
    if (lastFilterKey.current !== filterKey) {
      lastFilterKey.current = filterKey;
      setSelected(new Map());
    }
  }, [filterKey]);

  const setFilters = (patch: Partial<PartnerFilterState>) =>
    setState({ ...state, filters: { ...filters, ...patch } });
  const clearFilters = () => setState({ ...state, filters: EMPTY_FILTERS });

  const levelOptions: Option[] = (levels.data ?? []).map((l) => ({ value: l.id, label: l.name }));
  const stageOptions: Option[] = (stages.data ?? []).map((s) => ({ value: s.id, label: s.name }));
  const managerOptions: Option[] = managers.data ?? [];
  const countries = countryOptions();

  const labelOf = (options: Option[], value: string) =>
    options.find((o) => o.value === value)?.label ?? value;

  const chips: ActiveFilter[] = [];
  const listChips = (
    key: 'levelId' | 'activationStageId' | 'type' | 'status' | 'channelManagerId' | 'countryCode',
    name: string,
    options: Option[],
  ) => {
    for (const value of filters[key] as string[]) {
      chips.push({
        key: `${key}:${value}`,
        label: `${name}: ${key === 'countryCode' ? countryName(value) : labelOf(options, value)}`,
        remove: () =>
          setFilters({
            [key]: (filters[key] as string[]).filter((v) => v !== value),
          }),
      });
    }
  };
  if (filters.q) {
    chips.push({ key: 'q', label: `Search: “${filters.q}”`, remove: () => setFilters({ q: '' }) });
  }
  listChips('levelId', 'Level', levelOptions);
  listChips('activationStageId', 'Stage', stageOptions);
  listChips('type', 'Type', TYPE_OPTIONS);
  listChips('status', 'Status', STATUS_OPTIONS);
  listChips('channelManagerId', 'Manager', managerOptions);
  listChips('countryCode', 'Country', countries);
  for (const tag of filters.tag) {
    chips.push({
      key: `tag:${tag}`,
      label: `Tag: ${tag}`,
      remove: () => setFilters({ tag: filters.tag.filter((t) => t !== tag) }),
    });
  }
  if (filters.createdFrom || filters.createdTo) {
    chips.push({
      key: 'created',
      label: `Created ${dateRangeText(filters.createdFrom, filters.createdTo)}`,
      remove: () => setFilters({ createdFrom: '', createdTo: '' }),
    });
  }
  if (filters.nextReviewFrom || filters.nextReviewTo) {
    chips.push({
      key: 'review',
      label: `Next review ${dateRangeText(filters.nextReviewFrom, filters.nextReviewTo)}`,
      remove: () => setFilters({ nextReviewFrom: '', nextReviewTo: '' }),
    });
  }
  if (filters.includeArchived) {
    chips.push({
      key: 'archived',
      label: 'Including archived',
      remove: () => setFilters({ includeArchived: false }),
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
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const someSelected = rows.some((r) => selected.has(r.id));
  const toggleRow = (p: Partner) =>
    setSelected((prev) => {
      const next = new Map(prev);
      if (next.has(p.id)) next.delete(p.id);
      else next.set(p.id, p);
      return next;
    });
  const toggleAll = () =>
    setSelected(allSelected ? new Map() : new Map(rows.map((r) => [r.id, r] as const)));

  const tableColumns = columns.length + (canBulk ? 1 : 0);
  const total = count.data;
  const firstRun = !filtered && total === 0 && rows.length === 0;

  return (
    <>
      <PartnersHeader
        actions={
          <>
            <ExportMenu url={(format) => exportUrl(filters, sort, columns, format)} />
            <ImportButton entity="partners" />
            {canCreate && (
              <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
                New partner
              </Button>
            )}
          </>
        }
      />

      <Card padding={0}>
        <Stack gap={0}>
          <Group p="md" pb="xs" gap="sm" justify="space-between" wrap="wrap">
            <Group gap="sm" wrap="wrap" style={{ flex: '1 1 420px' }}>
              <SavedViewsMenu
                entity="partners"
                current={viewState}
                activeViewId={state.viewId ?? undefined}
                onApply={(next, view) => setState(viewToUrl(next, view?.id ?? null))}
              />
              <SearchInput
                aria-label="Search partners"
                placeholder="Search name, domain, email or city"
                value={filters.q}
                onChange={(q) => setFilters({ q })}
                style={{ flex: '1 1 240px', maxWidth: 380 }}
              />
            </Group>
            <Group gap="sm" wrap="nowrap">
              <Text size="sm" c="dimmed" aria-live="polite" data-testid="partner-count">
                {total === undefined ? ' ' : pluralize(total, 'partner')}
              </Text>
              <PartnerColumnsMenu
                columns={columns}
                onChange={(next) => setState({ ...state, columns: next })}
              />
            </Group>
          </Group>

          <Group px="md" pb="sm" gap={6} wrap="wrap" role="group" aria-label="Filters">
            <FacetFilter
              label="Level"
              options={levelOptions}
              loading={levels.isPending}
              selected={filters.levelId}
              onChange={(levelId) => setFilters({ levelId })}
            />
            <FacetFilter
              label="Stage"
              options={stageOptions}
              loading={stages.isPending}
              selected={filters.activationStageId}
              onChange={(activationStageId) => setFilters({ activationStageId })}
            />
            <FacetFilter
              label="Type"
              options={TYPE_OPTIONS}
              selected={filters.type}
              onChange={(type) => setFilters({ type: type as PartnerFilterState['type'] })}
            />
            <FacetFilter
              label="Status"
              options={STATUS_OPTIONS}
              selected={filters.status}
              onChange={(status) => setFilters({ status: status as PartnerFilterState['status'] })}
            />
            <FacetFilter
              label="Channel manager"
              options={managerOptions}
              loading={managers.isPending}
              searchable
              selected={filters.channelManagerId}
              onChange={(channelManagerId) => setFilters({ channelManagerId })}
            />
            <FacetFilter
              label="Country"
              options={countries}
              searchable
              selected={filters.countryCode}
              onChange={(countryCode) => setFilters({ countryCode })}
            />
            <TagFilter selected={filters.tag} onChange={(tag) => setFilters({ tag })} />
            <DateRangeFilter
              label="Created"
              from={filters.createdFrom}
              to={filters.createdTo}
              onChange={(createdFrom, createdTo) => setFilters({ createdFrom, createdTo })}
            />
            <DateRangeFilter
              label="Next review"
              from={filters.nextReviewFrom}
              to={filters.nextReviewTo}
              onChange={(nextReviewFrom, nextReviewTo) =>
                setFilters({ nextReviewFrom, nextReviewTo })
              }
            />
            <Switch
              ml="xs"
              size="sm"
              label="Include archived"
              checked={filters.includeArchived}
              onChange={(e) => setFilters({ includeArchived: e.currentTarget.checked })}
            />
          </Group>

          <ActiveFilterChips chips={chips} onClear={clearFilters} />

          {canBulk && selected.size > 0 && (
            <PartnerBulkActionBar
              selected={[...selected.values()]}
              onClear={() => setSelected(new Map())}
            />
          )}

          {list.isError && !list.data ? (
            <Group p="md" pt={0}>
              <ErrorAlert
                error={list.error}
                title="Could not load partners"
                onRetry={() => void list.refetch()}
              />
            </Group>
          ) : rows.length === 0 && !list.isPending ? (
            <EmptyState
              icon={<IconBuildingStore size={26} stroke={1.5} />}
              title={
                filtered
                  ? 'No partners match these filters'
                  : firstRun
                    ? 'No partners yet'
                    : 'No partners to show'
              }
              description={
                filtered
                  ? 'Try fewer filters or a different search.'
                  : canCreate
                    ? 'Add your first partner to start building your channel.'
                    : 'Partners will appear here once they are added.'
              }
              action={
                filtered ? (
                  <Button variant="default" onClick={clearFilters}>
                    Clear filters
                  </Button>
                ) : (
                  canCreate && (
                    <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
                      New partner
                    </Button>
                  )
                )
              }
            />
          ) : (
            <Table.ScrollContainer minWidth={Math.max(640, columns.length * 115)}>
              <Table
                aria-label="Partners"
                aria-busy={list.isFetching}
                style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
              >
                <Table.Thead>
                  <Table.Tr>
                    {canBulk && (
                      <Table.Th w={40}>
                        <Checkbox
                          aria-label="Select all partners shown"
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
                    {rows.map((partner) => (
                      <Table.Tr
                        key={partner.id}
                        bg={
                          selected.has(partner.id)
                            ? 'var(--mantine-primary-color-light)'
                            : undefined
                        }
                        onClick={(e) => {
                          // Links, checkboxes and ctrl/cmd-click keep their own behaviour.
                          const target = e.target as HTMLElement;
                          if (target.closest('a, input, button, label')) return;
                          void navigate(`/partners/${partner.id}`);
                        }}
                        style={{ cursor: 'pointer' }}
                      >
                        {canBulk && (
                          <Table.Td>
                            <Checkbox
                              aria-label={`Select ${partner.companyName}`}
                              checked={selected.has(partner.id)}
                              onChange={() => toggleRow(partner)}
                            />
                          </Table.Td>
                        )}
                        {columns.map((c) => (
                          <Table.Td key={c} style={WRAPPING.has(c) ? undefined : NO_WRAP}>
                            <Cell column={c} partner={partner} stages={stages.data} />
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

      <LoadMore
        shown={rows.length}
        hasNextPage={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
        noun="partner"
        error={list.isFetchNextPageError ? list.error : undefined}
      />

      {canCreate && (
        <NewPartnerModal
          opened={newOpen}
          onClose={newModal.close}
          onCreated={(partner) => void navigate(`/partners/${partner.id}`)}
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
  column: PartnerColumn;
  sort: string | null;
  onSort: (field: string) => void;
}) {
  const label = PARTNER_COLUMN_LABELS[column];
  const field = SORT_OF_COLUMN[column];
  if (!field) return <Table.Th>{label}</Table.Th>;
  const direction = sort === field ? 'ascending' : sort === `-${field}` ? 'descending' : 'none';
  const Icon =
    direction === 'ascending'
      ? IconArrowUp
      : direction === 'descending'
        ? IconArrowDown
        : IconArrowsSort;
  return (
    <Table.Th aria-sort={direction} style={{ whiteSpace: 'nowrap' }}>
      <Tooltip
        label={
          direction === 'none'
            ? `Sort by ${label.toLowerCase()}`
            : direction === 'ascending'
              ? 'Sorted A → Z / oldest first; click for the reverse'
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

/** Short values stay on one line; the table scrolls sideways rather than stacking words. */
const WRAPPING = new Set<PartnerColumn>([
  'companyName',
  'legalName',
  'type',
  'channelManager',
  'city',
  'countryCode',
  'tags',
]);
const NO_WRAP = { whiteSpace: 'nowrap' } as const;

const dim = (
  <Text span size="sm" c="dimmed">
    —
  </Text>
);

function Cell({
  column,
  partner: p,
  stages,
}: {
  column: PartnerColumn;
  partner: Partner;
  stages: ActivationStage[] | undefined;
}) {
  const plain = (value: string | null | undefined) =>
    value ? (
      <Text span size="sm">
        {value}
      </Text>
    ) : (
      dim
    );
  switch (column) {
    case 'companyName':
      return (
        <Stack gap={0}>
          <Anchor component={Link} to={`/partners/${p.id}`} fw={600} size="sm">
            {p.companyName}
          </Anchor>
          {p.domain && (
            // Capped, so one long domain cannot widen the column and squeeze the badges.
            <Text size="xs" c="dimmed" maw={170} truncate title={p.domain}>
              {p.domain}
            </Text>
          )}
        </Stack>
      );
    case 'legalName':
      return plain(p.legalName);
    case 'type':
      return plain(PARTNER_TYPE_LABELS[p.type]);
    case 'status':
      return <PartnerStatusBadge status={p.status} />;
    case 'level':
      return <LevelBadge level={p.level} />;
    case 'activationStage':
      return <StageDots stage={p.activationStage} stages={stages} />;
    case 'channelManager':
      return p.channelManager ? (
        plain(p.channelManager.name)
      ) : (
        <Text span size="sm" c="dimmed">
          Unassigned
        </Text>
      );
    case 'email':
      return p.email ? (
        <Anchor href={`mailto:${p.email}`} size="sm">
          {p.email}
        </Anchor>
      ) : (
        dim
      );
    case 'phone':
      return p.phone ? (
        <Anchor href={`tel:${p.phone}`} size="sm" c="inherit">
          {p.phone}
        </Anchor>
      ) : (
        dim
      );
    case 'website':
      return p.website ? (
        <Anchor href={websiteHref(p.website)} target="_blank" rel="noreferrer noopener" size="sm">
          {p.domain ?? p.website}
        </Anchor>
      ) : (
        dim
      );
    case 'city':
      return plain(p.address.city);
    case 'countryCode':
      return plain(countryName(p.address.countryCode));
    case 'tags':
      return p.tags.length > 0 ? (
        <Group gap={4} wrap="nowrap">
          {p.tags.slice(0, 3).map((t) => (
            <Badge
              key={t}
              size="sm"
              variant="outline"
              color="gray"
              tt="none"
              fw={500}
              miw="max-content"
            >
              {t}
            </Badge>
          ))}
          {p.tags.length > 3 && (
            <Tooltip label={p.tags.slice(3).join(', ')} withArrow>
              <Text span size="xs" c="dimmed">
                +{p.tags.length - 3}
              </Text>
            </Tooltip>
          )}
        </Group>
      ) : (
        dim
      );
    case 'slaTier':
      return plain(SLA_TIER_LABELS[p.slaTier]);
    case 'partnershipDate':
      return plain(p.partnershipDate && formatDate(p.partnershipDate));
    case 'lastReviewDate':
      return plain(p.lastReviewDate && formatDate(p.lastReviewDate));
    case 'nextReviewDate':
      return <ReviewDate date={p.nextReviewDate} />;
    case 'createdAt':
      return plain(formatDate(p.createdAt));
  }
}

/** Overdue reviews stand out: they are what a channel manager should look at next. */
function ReviewDate({ date }: { date: string | null }) {
  if (!date) return dim;
  const overdue = date < new Date().toISOString().slice(0, 10);
  return (
    <Text span size="sm" c={overdue ? 'red' : undefined} fw={overdue ? 600 : undefined}>
      {formatDate(date)}
      {overdue && ' · overdue'}
    </Text>
  );
}
