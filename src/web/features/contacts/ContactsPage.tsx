import { Anchor, Button, Card, Group, Select, Skeleton, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconId, IconPlus } from '@tabler/icons-react';
import { useCallback, useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { SearchInput } from '../../components/SearchInput';
import { TableSkeleton } from '../../components/TableSkeleton';
import type { SavedView } from '../../../shared/saved-views';
import {
  SavedViewsMenu,
  usePinnedViewOnce,
  type ViewState,
} from '../../components/saved-views/SavedViewsMenu';
import { isPartnerRole } from '../../../shared/role-names';
import { useCurrentUser } from '../../lib/session';
import { canCreateCustomers } from '../accounts/access';
import type { Option } from '../accounts/api';
import { ContactFormModal } from '../accounts/ContactFormModal';
import { AccountSelect } from '../accounts/pickers';
import { contactExportUrl, useAccountName, useContactDirectory } from './api';
import { ExportMenu } from '../../components/ExportMenu';
import { ImportButton } from '../imports/ImportButton';

const SORT_OPTIONS = [
  { value: 'lastName', label: 'Last name (A–Z)' },
  { value: '-lastName', label: 'Last name (Z–A)' },
  { value: 'firstName', label: 'First name (A–Z)' },
  { value: 'email', label: 'Email' },
  { value: '-createdAt', label: 'Newest first' },
  { value: 'createdAt', label: 'Oldest first' },
];
const DEFAULT_SORT = 'lastName';
const FILTER_KEYS = ['q', 'accountId'] as const;
/** The saved view the address was last set from, so the menu can show which one is in use. */
const VIEW_PARAM = 'view';
const COLUMNS = 5;

/**
 * A saved view is plain JSON, written by any version of this page; this turns it back into the
 * address the page reads, dropping anything the list does not understand.
 */
function viewToParams(state: ViewState, viewId: string | null): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = state.filters[key];
    if (typeof value === 'string' && value) params.set(key, value);
  }
  if (state.sort !== DEFAULT_SORT && SORT_OPTIONS.some((o) => o.value === state.sort)) {
    params.set('sort', state.sort as string);
  }
  if (viewId) params.set(VIEW_PARAM, viewId);
  return params;
}

function ContactsHeader({ actions }: { actions?: ReactNode }) {
  const me = useCurrentUser();
  return (
    <PageHeader
      title="Contacts"
      description={
        isPartnerRole(me.role)
          ? 'The people at the customers you work with.'
          : 'The people at every customer, direct and through partners.'
      }
      actions={actions}
    />
  );
}

export function ContactsPage() {
  const [params, setParams] = useSearchParams();
  const [initialParams] = useState(params);
  const awaitingPinned = usePinnedViewOnce(
    'contacts',
    initialParams.toString() === '',
    useCallback(
      (view: SavedView) => setParams(viewToParams(view, view.id), { replace: true }),
      [setParams],
    ),
  );

  if (awaitingPinned) {
    return (
      <>
        <ContactsHeader />
        <Card padding={0}>
          <Group p="md" gap="sm">
            <Skeleton height={36} width={110} />
            <Skeleton height={36} width={320} />
          </Group>
          <Table aria-label="Contacts">
            <TableSkeleton columns={COLUMNS} />
          </Table>
        </Card>
      </>
    );
  }
  return <ContactsList />;
}

function ContactsList() {
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [newOpen, newModal] = useDisclosure(false);
  // The chosen account's name, kept so the filter shows it while the account loads.
  const [accountOption, setAccountOption] = useState<Option | null>(null);

  const q = params.get('q') ?? '';
  const accountId = params.get('accountId') ?? '';
  const sortParam = params.get('sort');
  const sort = SORT_OPTIONS.some((o) => o.value === sortParam) ? sortParam! : DEFAULT_SORT;
  const viewId = params.get(VIEW_PARAM);

  // A filter set from a link or a saved view holds only the id; the account supplies the name.
  const filterAccount = useAccountName(accountId);
  const selectedAccount: Option | null = !accountId
    ? null
    : accountOption?.value === accountId
      ? accountOption
      : {
          value: accountId,
          label: filterAccount.data ?? (filterAccount.isError ? 'Unknown account' : '…'),
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
  const filtered = Boolean(q || accountId);
  const clear = () => {
    setAccountOption(null);
    setParams(sortParam ? { sort: sortParam } : {}, { replace: true });
  };
  const viewState: ViewState = {
    filters: { ...(q ? { q } : {}), ...(accountId ? { accountId } : {}) },
    // The columns of this list are fixed.
    columns: [],
    sort: sort === DEFAULT_SORT ? null : sort,
  };
  const applyView = (next: ViewState, view: { id: string } | null) => {
    setAccountOption(null);
    setParams(viewToParams(next, view?.id ?? null), { replace: true });
  };

  const list = useContactDirectory({ q, accountId }, sort === DEFAULT_SORT ? null : sort);
  const newButton = canCreateCustomers(me) ? (
    <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
      New contact
    </Button>
  ) : null;

  return (
    <>
      <ContactsHeader
        actions={
          <>
            <ExportMenu
              url={(format) =>
                contactExportUrl({ q, accountId }, sort === DEFAULT_SORT ? null : sort, format)
              }
            />
            <ImportButton entity="contacts" />
            {newButton}
          </>
        }
      />

      <Card padding={0}>
        <Group p="md" gap="sm" wrap="wrap">
          <SavedViewsMenu
            entity="contacts"
            current={viewState}
            activeViewId={viewId}
            onApply={applyView}
          />
          <SearchInput
            aria-label="Search contacts"
            placeholder="Name or email"
            value={q}
            onChange={(v) => setParam('q', v)}
            style={{ flex: '1 1 220px', maxWidth: 320 }}
          />
          <AccountSelect
            aria-label="Filter by account"
            placeholder="Any account"
            value={selectedAccount}
            onChange={(v) => {
              setAccountOption(v);
              setParam('accountId', v?.value ?? '');
            }}
            w={240}
          />
          <Select
            aria-label="Sort contacts"
            data={SORT_OPTIONS}
            value={sort}
            onChange={(v) => setParam('sort', v && v !== DEFAULT_SORT ? v : '')}
            allowDeselect={false}
            w={180}
          />
          {filtered && (
            <Button variant="subtle" size="sm" onClick={clear}>
              Clear filters
            </Button>
          )}
        </Group>

        {list.isError && !list.data ? (
          <Group p="md" pt={0}>
            <ErrorAlert
              error={list.error}
              title="Could not load contacts"
              onRetry={() => void list.refetch()}
            />
          </Group>
        ) : list.rows.length === 0 && !list.isPending ? (
          <EmptyState
            icon={<IconId size={26} stroke={1.5} />}
            title={filtered ? 'No contacts match these filters' : 'No contacts yet'}
            description={
              filtered
                ? 'Try a different name, email or account.'
                : 'Add the people you deal with at your customers.'
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
          <Table.ScrollContainer minWidth={820}>
            <Table
              aria-label="Contacts"
              highlightOnHover
              style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Job title</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Phone</Table.Th>
                  <Table.Th>Account</Table.Th>
                </Table.Tr>
              </Table.Thead>
              {list.isPending ? (
                <TableSkeleton columns={COLUMNS} />
              ) : (
                <Table.Tbody>
                  {list.rows.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/contacts/${c.id}`} size="sm" fw={600}>
                          {c.name}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{c.jobTitle ?? '—'}</Text>
                      </Table.Td>
                      <Table.Td>
                        {c.email ? (
                          <Anchor href={`mailto:${c.email}`} size="sm">
                            {c.email}
                          </Anchor>
                        ) : (
                          <Text size="sm">—</Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{c.phone ?? '—'}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Anchor component={Link} to={`/accounts/${c.account.id}`} size="sm">
                          {c.account.name}
                        </Anchor>
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
        noun="contact"
        error={list.isFetchNextPageError ? list.error : undefined}
      />

      <ContactFormModal
        opened={newOpen}
        onClose={newModal.close}
        onCreated={(c) => void navigate(`/contacts/${c.id}`)}
      />
    </>
  );
}
