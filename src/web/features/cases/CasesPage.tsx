import { Button, Card, Group, Select, Skeleton, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLifebuoy, IconPlus } from '@tabler/icons-react';
import { useCallback, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import type { SavedView } from '../../../shared/saved-views';
import {
  CASE_PRIORITIES,
  CASE_PRIORITY_LABELS,
  CASE_STATUSES,
  CASE_STATUS_LABELS,
} from '../../../shared/cases';
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
import { pluralize } from '../../lib/format';
import { useCurrentUser } from '../../lib/session';
import { canCreateCustomers } from '../accounts/access';
import type { Option } from '../accounts/api';
import { PartnerSelect } from '../accounts/pickers';
import { caseExportUrl, useCaseCount, useCaseList, type CaseFilters } from './api';
import { ExportMenu } from '../../components/ExportMenu';
import { CaseFormModal } from './CaseFormModal';
import { CaseRowCells } from './PartnerCasesTab';

/** "Open" is the default view: what still needs work. */
const STATUS_OPTIONS = [
  { value: 'open-any', label: 'All open' },
  ...CASE_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_LABELS[s] })),
  { value: 'all', label: 'Any status' },
];
const PRIORITY_OPTIONS = CASE_PRIORITIES.map((p) => ({ value: p, label: CASE_PRIORITY_LABELS[p] }));
const SORT_OPTIONS = [
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
  { value: '-updatedAt', label: 'Recently changed' },
  { value: '-number', label: 'Number' },
  { value: 'subject', label: 'Subject (A–Z)' },
];
const DEFAULT_STATUS = 'open-any';
const DEFAULT_SORT = '-createdAt';
const FILTER_KEYS = ['q', 'status', 'priority', 'managedByPartnerId'] as const;
/** The saved view the address was last set from, so the menu can show which one is in use. */
const VIEW_PARAM = 'view';

/** What a stored filter value must look like for this list to send it to the server. */
const VALID: Partial<Record<(typeof FILTER_KEYS)[number], (v: string) => boolean>> = {
  status: (v) => v !== DEFAULT_STATUS && STATUS_OPTIONS.some((o) => o.value === v),
  priority: (v) => PRIORITY_OPTIONS.some((o) => o.value === v),
};

/**
 * A saved view is plain JSON, written by any version of this page; this turns it back into the
 * address the page reads, dropping anything the list does not understand.
 */
function viewToParams(state: ViewState, viewId: string | null): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = state.filters[key];
    if (typeof value === 'string' && value && (VALID[key]?.(value) ?? true)) {
      params.set(key, value);
    }
  }
  if (state.sort !== DEFAULT_SORT && SORT_OPTIONS.some((o) => o.value === state.sort)) {
    params.set('sort', state.sort as string);
  }
  if (viewId) params.set(VIEW_PARAM, viewId);
  return params;
}

/** Views keep the managing partner's name too, so the filter shows it rather than an id. */
function partnerOfView(state: ViewState): Option | null {
  const { managedByPartnerId: id, managedByPartnerName: name } = state.filters;
  return typeof id === 'string' && id && typeof name === 'string' && name
    ? { value: id, label: name }
    : null;
}

export function CasesPage() {
  const [params, setParams] = useSearchParams();
  // The chosen partner's name, kept so the filter shows it rather than an id.
  const [partnerOption, setPartnerOption] = useState<Option | null>(null);
  const [initialParams] = useState(params);
  const awaitingPinned = usePinnedViewOnce(
    'cases',
    initialParams.toString() === '',
    useCallback(
      (view: SavedView) => {
        setPartnerOption(partnerOfView(view));
        setParams(viewToParams(view, view.id), { replace: true });
      },
      [setParams],
    ),
  );

  if (awaitingPinned) {
    return (
      <>
        <CasesHeader />
        <Card padding={0}>
          <Group p="md" gap="sm">
            <Skeleton height={36} width={110} />
            <Skeleton height={36} width={320} />
          </Group>
          <Table aria-label="Cases">
            <TableSkeleton columns={6} />
          </Table>
        </Card>
      </>
    );
  }
  return <CasesList partnerOption={partnerOption} setPartnerOption={setPartnerOption} />;
}

function CasesHeader({ actions }: { actions?: ReactNode }) {
  const me = useCurrentUser();
  return (
    <PageHeader
      title="Cases"
      description={
        isPartnerRole(me.role)
          ? me.role === 'partner_rep'
            ? 'Support cases assigned to you.'
            : `Support cases ${me.partner?.companyName ?? 'your company'} handles.`
          : 'Customer support cases, direct and through partners.'
      }
      actions={actions}
    />
  );
}

function CasesList({
  partnerOption,
  setPartnerOption,
}: {
  partnerOption: Option | null;
  setPartnerOption: (option: Option | null) => void;
}) {
  const me = useCurrentUser();
  const partnerUser = isPartnerRole(me.role);
  const [params, setParams] = useSearchParams();
  const [newOpen, newModal] = useDisclosure(false);

  const statusParam = params.get('status') ?? DEFAULT_STATUS;
  const status = STATUS_OPTIONS.some((o) => o.value === statusParam) ? statusParam : DEFAULT_STATUS;
  const q = params.get('q') ?? '';
  const priority = params.get('priority') ?? '';
  const partnerId = params.get('managedByPartnerId') ?? '';
  const sortParam = params.get('sort');
  const sort = SORT_OPTIONS.some((o) => o.value === sortParam) ? sortParam : DEFAULT_SORT;
  const viewId = params.get(VIEW_PARAM);
  const filters: CaseFilters = {
    q,
    priority,
    managedByPartnerId: partnerId,
    ...(status === DEFAULT_STATUS ? { open: 'true' } : status === 'all' ? {} : { status }),
  };
  const setParam = (key: string, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const filtered = Boolean(q || priority || partnerId || status !== DEFAULT_STATUS);
  const clear = () => {
    setPartnerOption(null);
    setParams(sortParam ? { sort: sortParam } : {}, { replace: true });
  };
  const viewState: ViewState = {
    filters: {
      ...(q ? { q } : {}),
      ...(status !== DEFAULT_STATUS ? { status } : {}),
      ...(priority ? { priority } : {}),
      ...(partnerId ? { managedByPartnerId: partnerId } : {}),
      ...(partnerOption && partnerOption.value === partnerId
        ? { managedByPartnerName: partnerOption.label }
        : {}),
    },
    // The columns of this list are fixed.
    columns: [],
    sort: sort === DEFAULT_SORT ? null : sort,
  };
  const applyView = (next: ViewState, view: { id: string } | null) => {
    setPartnerOption(partnerOfView(next));
    setParams(viewToParams(next, view?.id ?? null), { replace: true });
  };

  const list = useCaseList(filters, sort);
  const count = useCaseCount(filters);
  const canCreate = canCreateCustomers(me);
  const selectedPartner =
    partnerOption && partnerOption.value === partnerId
      ? partnerOption
      : partnerId
        ? { value: partnerId, label: 'Selected partner' }
        : null;

  const newButton = canCreate ? (
    <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
      New case
    </Button>
  ) : null;

  return (
    <>
      <CasesHeader
        actions={
          <>
            <ExportMenu url={(format) => caseExportUrl(filters, sort, format)} />
            {newButton}
          </>
        }
      />

      <Card padding={0}>
        <Group p="md" gap="sm" wrap="wrap">
          <SavedViewsMenu
            entity="cases"
            current={viewState}
            activeViewId={viewId}
            onApply={applyView}
          />
          <SearchInput
            aria-label="Search cases"
            placeholder="Subject or CASE-number"
            value={q}
            onChange={(v) => setParam('q', v)}
            style={{ flex: '1 1 220px', maxWidth: 320 }}
          />
          <Select
            aria-label="Filter by status"
            data={STATUS_OPTIONS}
            value={status}
            onChange={(v) => setParam('status', v && v !== DEFAULT_STATUS ? v : '')}
            allowDeselect={false}
            w={150}
          />
          <Select
            aria-label="Filter by priority"
            placeholder="Any priority"
            data={PRIORITY_OPTIONS}
            value={priority || null}
            onChange={(v) => setParam('priority', v ?? '')}
            clearable
            w={150}
          />
          {!partnerUser && (
            <PartnerSelect
              aria-label="Filter by managing partner"
              placeholder="Any partner"
              value={selectedPartner}
              onChange={(v) => {
                setPartnerOption(v);
                setParam('managedByPartnerId', v?.value ?? '');
              }}
              w={220}
            />
          )}
          <Select
            aria-label="Sort cases"
            data={SORT_OPTIONS}
            value={sort}
            onChange={(v) => setParam('sort', v && v !== DEFAULT_SORT ? v : '')}
            allowDeselect={false}
            w={170}
          />
          {filtered && (
            <Button variant="subtle" size="sm" onClick={clear}>
              Clear filters
            </Button>
          )}
          <Text size="sm" c="dimmed" ml="auto" aria-live="polite">
            {count.data !== undefined ? pluralize(count.data, 'case') : ' '}
          </Text>
        </Group>

        {list.isError && !list.data ? (
          <Group p="md" pt={0}>
            <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          </Group>
        ) : list.rows.length === 0 && !list.isPending ? (
          <EmptyState
            icon={<IconLifebuoy size={26} stroke={1.5} />}
            title={filtered ? 'No cases match these filters' : 'No open cases'}
            description={
              filtered
                ? 'Try a different search, status or priority.'
                : 'Nothing needs attention right now.'
            }
            action={
              filtered ? (
                <Button variant="default" onClick={clear}>
                  Clear filters
                </Button>
              ) : (
                newButton
              )
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table
              aria-label="Cases"
              highlightOnHover
              style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={130}>Number</Table.Th>
                  <Table.Th>Subject</Table.Th>
                  <Table.Th w={110}>Status</Table.Th>
                  <Table.Th w={100}>Priority</Table.Th>
                  <Table.Th>Account</Table.Th>
                  <Table.Th w={130}>Updated</Table.Th>
                  {!partnerUser && <Table.Th>Partner</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              {list.isPending ? (
                <TableSkeleton columns={partnerUser ? 6 : 7} />
              ) : (
                <Table.Tbody>
                  {list.rows.map((c) => (
                    <Table.Tr key={c.id}>
                      <CaseRowCells c={c} />
                      {!partnerUser && (
                        <Table.Td>
                          <Text size="sm" c={c.managedByPartner ? undefined : 'dimmed'}>
                            {c.managedByPartner?.name ?? 'Direct'}
                          </Text>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              )}
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>

      <LoadMore
        shown={list.rows.length}
        hasNextPage={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
        noun="case"
        error={list.isFetchNextPageError ? list.error : undefined}
      />

      <CaseFormModal opened={newOpen} onClose={newModal.close} openAfterCreate />
    </>
  );
}
