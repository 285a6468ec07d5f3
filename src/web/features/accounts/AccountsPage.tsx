import type { SavedView } from '../../../shared/saved-views';
import {
  Anchor,
  Button,
  Card,
  Group,
  Select,
  Skeleton,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedCallback, useDisclosure } from '@mantine/hooks';
import { IconBuilding, IconPlus } from '@tabler/icons-react';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { COMPANY_SIZES, COMPANY_SIZE_LABELS } from '../../../shared/accounts';
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
import { canCreateCustomers } from './access';
import { AccountFormModal } from './AccountFormModal';
import {
  accountExportUrl,
  useAccountCount,
  useAccountList,
  type AccountFilters,
  type Option,
} from './api';
import { ExportMenu } from '../../components/ExportMenu';
import { ImportButton } from '../imports/ImportButton';
import { AccountRowCells } from './PartnerAccountsTab';
import { PartnerSelect } from './pickers';

const SIZE_OPTIONS = COMPANY_SIZES.map((s) => ({ value: s, label: COMPANY_SIZE_LABELS[s] }));
const SORT_OPTIONS = [
  { value: 'name', label: 'Name (A–Z)' },
  { value: '-name', label: 'Name (Z–A)' },
  { value: '-createdAt', label: 'Newest first' },
  { value: '-updatedAt', label: 'Recently changed' },
  { value: 'industry', label: 'Industry' },
  { value: 'countryCode', label: 'Country' },
];
const FILTER_KEYS = ['q', 'managedByPartnerId', 'industry', 'companySize', 'countryCode'] as const;
const DEFAULT_SORT = 'name';
/** The saved view the address was last set from, so the menu can show which one is in use. */
const VIEW_PARAM = 'view';

/** What a stored filter value must look like for this list to send it to the server. */
const VALID: Partial<Record<(typeof FILTER_KEYS)[number], (v: string) => boolean>> = {
  companySize: (v) => (COMPANY_SIZES as readonly string[]).includes(v),
  countryCode: (v) => /^[A-Z]{2}$/.test(v),
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

/** A free-text filter that applies once typing pauses. */
function TextFilter({
  label,
  value,
  onChange,
  ...props
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  maxLength?: number;
  w: number;
}) {
  const [text, setText] = useState(value);
  const commit = useDebouncedCallback(onChange, 300);
  useEffect(() => setText((current) => (current.trim() === value ? current : value)), [value]);
  return (
    <TextInput
      aria-label={label}
      {...props}
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        commit(e.currentTarget.value.trim());
      }}
    />
  );
}

export function AccountsPage() {
  const [params, setParams] = useSearchParams();
  // The chosen partner's name, kept so the filter shows it rather than an id.
  const [partnerOption, setPartnerOption] = useState<Option | null>(null);
  const [initialParams] = useState(params);
  const awaitingPinned = usePinnedViewOnce(
    'accounts',
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
        <AccountsHeader />
        <Card padding={0}>
          <Group p="md" gap="sm">
            <Skeleton height={36} width={110} />
            <Skeleton height={36} width={320} />
          </Group>
          <Table aria-label="Accounts">
            <TableSkeleton columns={5} />
          </Table>
        </Card>
      </>
    );
  }
  return <AccountsList partnerOption={partnerOption} setPartnerOption={setPartnerOption} />;
}

function AccountsHeader({ actions }: { actions?: ReactNode }) {
  const me = useCurrentUser();
  return (
    <PageHeader
      title="Accounts"
      description={
        isPartnerRole(me.role)
          ? me.role === 'partner_rep'
            ? 'The customers assigned to you.'
            : `The customers ${me.partner?.companyName ?? 'your company'} manages.`
          : 'End customers, and the partners who manage them.'
      }
      actions={actions}
    />
  );
}

function AccountsList({
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

  const filters: AccountFilters = {
    q: params.get('q') ?? '',
    managedByPartnerId: params.get('managedByPartnerId') ?? '',
    industry: params.get('industry') ?? '',
    companySize: params.get('companySize') ?? '',
    countryCode: params.get('countryCode') ?? '',
  };
  const sortParam = params.get('sort');
  const sort = SORT_OPTIONS.some((o) => o.value === sortParam) ? sortParam : DEFAULT_SORT;
  const viewId = params.get(VIEW_PARAM);
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
  const filtered = FILTER_KEYS.some((k) => filters[k]);
  const clear = () => {
    setPartnerOption(null);
    setParams(sortParam ? { sort: sortParam } : {}, { replace: true });
  };
  const viewState: ViewState = {
    filters: {
      ...Object.fromEntries(FILTER_KEYS.filter((k) => filters[k]).map((k) => [k, filters[k]])),
      ...(partnerOption && partnerOption.value === filters.managedByPartnerId
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

  const list = useAccountList(filters, sort);
  const count = useAccountCount(filters);
  const canCreate = canCreateCustomers(me);
  const columns = partnerUser ? 5 : 6;
  const selectedPartner =
    partnerOption && partnerOption.value === filters.managedByPartnerId
      ? partnerOption
      : filters.managedByPartnerId
        ? { value: filters.managedByPartnerId, label: 'Selected partner' }
        : null;

  const newButton = canCreate ? (
    <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
      New account
    </Button>
  ) : null;

  return (
    <>
      <AccountsHeader
        actions={
          <>
            <ExportMenu url={(format) => accountExportUrl(filters, sort, format)} />
            <ImportButton entity="accounts" />
            {newButton}
          </>
        }
      />

      <Card padding={0}>
        <Group p="md" gap="sm" wrap="wrap">
          <SavedViewsMenu
            entity="accounts"
            current={viewState}
            activeViewId={viewId}
            onApply={applyView}
          />
          <SearchInput
            aria-label="Search accounts"
            placeholder="Search by name or domain"
            value={filters.q}
            onChange={(v) => setParam('q', v)}
            style={{ flex: '1 1 220px', maxWidth: 320 }}
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
          <TextFilter
            label="Filter by industry"
            placeholder="Industry"
            value={filters.industry}
            onChange={(v) => setParam('industry', v)}
            w={160}
          />
          <Select
            aria-label="Filter by company size"
            placeholder="Any size"
            data={SIZE_OPTIONS}
            value={filters.companySize || null}
            onChange={(v) => setParam('companySize', v ?? '')}
            clearable
            w={200}
          />
          <TextFilter
            label="Filter by country"
            placeholder="Country (DE)"
            maxLength={2}
            value={filters.countryCode}
            // A half-typed code would be refused by the server; wait for both letters.
            onChange={(v) => v.length !== 1 && setParam('countryCode', v.toUpperCase())}
            w={120}
          />
          <Select
            aria-label="Sort accounts"
            data={SORT_OPTIONS}
            value={sort}
            onChange={(v) => setParam('sort', v && v !== 'name' ? v : '')}
            allowDeselect={false}
            w={170}
          />
          {filtered && (
            <Button variant="subtle" size="sm" onClick={clear}>
              Clear filters
            </Button>
          )}
          <Text size="sm" c="dimmed" ml="auto" aria-live="polite">
            {count.data !== undefined ? pluralize(count.data, 'account') : ' '}
          </Text>
        </Group>

        {list.isError && !list.data ? (
          <Group p="md" pt={0}>
            <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          </Group>
        ) : list.rows.length === 0 && !list.isPending ? (
          <EmptyState
            icon={<IconBuilding size={26} stroke={1.5} />}
            title={filtered ? 'No accounts match these filters' : 'No accounts yet'}
            description={
              filtered
                ? 'Try a different search or fewer filters.'
                : partnerUser
                  ? 'Customers you manage for the vendor will appear here.'
                  : 'Add your first customer account.'
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
          <Table.ScrollContainer minWidth={840}>
            <Table
              aria-label="Accounts"
              highlightOnHover
              style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Account</Table.Th>
                  <Table.Th>Industry</Table.Th>
                  <Table.Th>Size</Table.Th>
                  <Table.Th w={90}>Country</Table.Th>
                  {!partnerUser && <Table.Th>Managing partner</Table.Th>}
                  <Table.Th>{partnerUser ? 'Partner contact' : 'Owner'}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              {list.isPending ? (
                <TableSkeleton columns={columns} />
              ) : (
                <Table.Tbody>
                  {list.rows.map((a) => (
                    <Table.Tr key={a.id}>
                      <AccountRowCells account={a} />
                      {!partnerUser && (
                        <Table.Td>
                          {a.managedByPartner ? (
                            <Anchor
                              component={Link}
                              to={`/partners/${a.managedByPartner.id}`}
                              size="sm"
                            >
                              {a.managedByPartner.name}
                            </Anchor>
                          ) : (
                            <Text size="sm" c="dimmed">
                              Direct
                            </Text>
                          )}
                        </Table.Td>
                      )}
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {(partnerUser ? a.partnerUser?.name : a.owner?.name) ?? '—'}
                        </Text>
                      </Table.Td>
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
        noun="account"
        error={list.isFetchNextPageError ? list.error : undefined}
      />

      <AccountFormModal opened={newOpen} onClose={newModal.close} openAfterCreate />
    </>
  );
}
