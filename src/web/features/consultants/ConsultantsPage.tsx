import type { SavedView } from '../../../shared/saved-views';
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Popover,
  Select,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue, useDisclosure } from '@mantine/hooks';
import { IconColumns, IconPencil, IconUserPlus } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { SearchInput } from '../../components/SearchInput';
import { TableSkeleton } from '../../components/TableSkeleton';
import {
  SavedViewsMenu,
  usePinnedViewOnce,
  type ViewState,
} from '../../components/saved-views/SavedViewsMenu';
import { roleLabel } from '../../lib/format';
import { useCurrentUser } from '../../lib/session';
import { exportUrl, useConsultantList, usePartnerChoices, type Consultant } from './api';
import { ExportMenu } from '../../components/ExportMenu';
import { ImportButton } from '../imports/ImportButton';
import { ConsultantFormModal } from './ConsultantFormModal';

const COLUMNS = ['partner', 'jobTitle', 'email', 'phone', 'mobile', 'tags', 'portal'] as const;
type Column = (typeof COLUMNS)[number];
const COLUMN_LABELS: Record<Column, string> = {
  partner: 'Partner',
  jobTitle: 'Job title',
  email: 'Email',
  phone: 'Phone',
  mobile: 'Mobile',
  tags: 'Tags',
  portal: 'Portal access',
};
const DEFAULT_COLUMNS: Column[] = ['partner', 'jobTitle', 'email', 'phone', 'portal'];

const SHOW_OPTIONS = [
  { value: 'listed', label: 'Listed' },
  { value: 'hidden', label: 'Hidden' },
  { value: 'archived', label: 'Archived' },
  { value: 'all', label: 'All, archived too' },
];
const PORTAL_OPTIONS = [
  { value: 'true', label: 'Has portal access' },
  { value: 'false', label: 'No portal access' },
];
const SORT_OPTIONS = [
  { value: 'name', label: 'Name (A–Z)' },
  { value: '-name', label: 'Name (Z–A)' },
  { value: 'partner', label: 'Partner' },
  { value: 'email', label: 'Email' },
  { value: '-createdAt', label: 'Newest first' },
];

/** The filters this list understands, read defensively from whatever a saved view holds. */
type Filters = { q: string; partnerId: string; partnerName: string; show: string; portal: string };
function readFilters(f: Record<string, unknown>): Filters {
  const s = (k: string) => (typeof f[k] === 'string' ? f[k] : '');
  const show = s('show');
  return {
    q: s('q'),
    partnerId: s('partnerId'),
    partnerName: s('partnerName'),
    show: SHOW_OPTIONS.some((o) => o.value === show) ? show : 'listed',
    portal: s('portal') === 'true' || s('portal') === 'false' ? s('portal') : '',
  };
}
const readColumns = (c: string[]): Column[] => {
  const known = c.filter((x): x is Column => (COLUMNS as readonly string[]).includes(x));
  return known.length > 0 ? known : DEFAULT_COLUMNS;
};
const readSort = (s: string | null) => (SORT_OPTIONS.some((o) => o.value === s) ? s : null);

/** Every partner's people in one list, for the channel team. */
export function ConsultantsPage() {
  const [state, setState] = useState<ViewState>({ filters: {}, columns: [], sort: null });
  const [viewId, setViewId] = useState<string | null>(null);
  // The pinned default applies once, when the page first opens.
  const awaitingPinned = usePinnedViewOnce(
    'consultants',
    true,
    useCallback((view: SavedView) => {
      setState({ filters: view.filters, columns: view.columns, sort: view.sort });
      setViewId(view.id);
    }, []),
  );

  if (awaitingPinned) {
    return (
      <>
        <PageHeader title="Consultants" />
        <Card padding={0}>
          <Table aria-label="Consultants">
            <TableSkeleton columns={6} />
          </Table>
        </Card>
      </>
    );
  }
  return (
    <ConsultantsList state={state} setState={setState} viewId={viewId} setViewId={setViewId} />
  );
}

function ConsultantsList({
  state,
  setState,
  viewId,
  setViewId,
}: {
  state: ViewState;
  setState: (s: ViewState) => void;
  viewId: string | null;
  setViewId: (id: string | null) => void;
}) {
  const user = useCurrentUser();
  const canCreate = user.role === 'admin' || user.role === 'channel_manager';
  const filters = readFilters(state.filters);
  const columns = readColumns(state.columns);
  const sort = readSort(state.sort);
  const [creating, creator] = useDisclosure(false);
  const [editing, setEditing] = useState<Consultant | null>(null);
  const [partnerSearch, setPartnerSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(partnerSearch, 250);
  const search = debouncedSearch === filters.partnerName ? '' : debouncedSearch;
  const partners = usePartnerChoices(search, true);
  const partnerData = [
    ...(filters.partnerId ? [{ value: filters.partnerId, label: filters.partnerName }] : []),
    ...(partners.data ?? []).filter((o) => o.value !== filters.partnerId),
  ];

  const listFilters = {
    partnerId: filters.partnerId || undefined,
    q: filters.q || undefined,
    visible: filters.show === 'listed' ? 'true' : filters.show === 'hidden' ? 'false' : undefined,
    archived: filters.show === 'archived' ? 'only' : filters.show === 'all' ? 'true' : '',
    hasPortalAccess:
      filters.portal === 'true' || filters.portal === 'false' ? filters.portal : undefined,
    sort: sort ?? undefined,
  } as const;
  const list = useConsultantList(listFilters);

  const setFilters = (patch: Partial<Filters>) =>
    setState({ ...state, filters: { ...state.filters, ...patch } });
  const visibleColumns = COLUMNS.filter((c) => columns.includes(c));
  const filtered =
    filters.q !== '' ||
    filters.partnerId !== '' ||
    filters.show !== 'listed' ||
    filters.portal !== '';

  return (
    <>
      <PageHeader
        title="Consultants"
        description="People at your partners, with their contact details and portal access."
        actions={
          <>
            <ExportMenu
              url={(format) =>
                exportUrl(
                  listFilters,
                  ['name', ...visibleColumns.map((c) => (c === 'portal' ? 'portalAccess' : c))],
                  format,
                )
              }
            />
            <ImportButton entity="consultants" />
            {canCreate && (
              <Button leftSection={<IconUserPlus size={16} />} onClick={creator.open}>
                New consultant
              </Button>
            )}
          </>
        }
      />
      <Card padding={0}>
        <Group p="md" gap="sm" wrap="wrap">
          <SavedViewsMenu
            entity="consultants"
            current={{ filters: state.filters, columns: state.columns, sort: state.sort }}
            activeViewId={viewId}
            onApply={(next, view) => {
              setState(next);
              setViewId(view?.id ?? null);
            }}
          />
          <SearchInput
            aria-label="Search consultants"
            placeholder="Search name, email, job title"
            value={filters.q}
            onChange={(q) => setFilters({ q })}
            w={260}
          />
          <Select
            aria-label="Partner"
            placeholder="All partners"
            searchable
            clearable
            data={partnerData}
            value={filters.partnerId || null}
            onChange={(_v, option) =>
              setFilters({ partnerId: option?.value ?? '', partnerName: option?.label ?? '' })
            }
            searchValue={partnerSearch}
            onSearchChange={setPartnerSearch}
            filter={({ options }) => options}
            nothingFoundMessage={partners.isFetching ? 'Searching…' : 'No partners found'}
            w={220}
          />
          <Select
            aria-label="Which consultants"
            data={SHOW_OPTIONS}
            value={filters.show}
            onChange={(v) => setFilters({ show: v ?? 'listed' })}
            allowDeselect={false}
            w={170}
          />
          <Select
            aria-label="Portal access"
            placeholder="Any portal access"
            clearable
            data={PORTAL_OPTIONS}
            value={filters.portal || null}
            onChange={(v) => setFilters({ portal: v ?? '' })}
            w={180}
          />
          <Select
            aria-label="Sort by"
            data={SORT_OPTIONS}
            value={sort ?? 'name'}
            onChange={(v) => setState({ ...state, sort: v === 'name' ? null : v })}
            allowDeselect={false}
            w={160}
          />
          <Popover position="bottom-end" shadow="md">
            <Popover.Target>
              <ActionIcon variant="default" size="lg" aria-label="Choose columns">
                <IconColumns size={16} />
              </ActionIcon>
            </Popover.Target>
            <Popover.Dropdown>
              <Checkbox.Group
                label="Columns"
                value={visibleColumns}
                onChange={(v) =>
                  setState({
                    ...state,
                    columns: COLUMNS.filter((c) => v.includes(c)),
                  })
                }
              >
                <Stack gap={6} mt="xs">
                  {COLUMNS.map((c) => (
                    <Checkbox key={c} value={c} label={COLUMN_LABELS[c]} />
                  ))}
                </Stack>
              </Checkbox.Group>
            </Popover.Dropdown>
          </Popover>
        </Group>

        {list.isError && list.rows.length === 0 ? (
          <Stack p="md">
            <ErrorAlert
              error={list.error}
              title="Could not load consultants"
              onRetry={() => void list.refetch()}
            />
          </Stack>
        ) : !list.isPending && list.rows.length === 0 ? (
          <EmptyState
            title={filtered ? 'No consultants match' : 'No consultants yet'}
            description={
              filtered
                ? 'Try other filters. To see why someone is missing from a partner, use “Can’t find someone?” on the partner’s Consultants tab.'
                : 'Add the people who work at your partners, from here or from a partner’s page.'
            }
            action={
              filtered ? (
                <Button
                  variant="default"
                  onClick={() => {
                    setState({ filters: {}, columns: state.columns, sort: state.sort });
                    setViewId(null);
                  }}
                >
                  Clear filters
                </Button>
              ) : canCreate ? (
                <Button leftSection={<IconUserPlus size={16} />} onClick={creator.open}>
                  New consultant
                </Button>
              ) : undefined
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="sm" highlightOnHover aria-label="Consultants">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  {visibleColumns.map((c) => (
                    <Table.Th key={c}>{COLUMN_LABELS[c]}</Table.Th>
                  ))}
                  <Table.Th w={48}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              {list.isPending ? (
                <TableSkeleton columns={visibleColumns.length + 2} />
              ) : (
                <Table.Tbody>
                  {list.rows.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {c.name}
                        </Text>
                        <Group gap={4}>
                          {!c.visible && (
                            <Badge size="xs" variant="light" color="gray">
                              Hidden
                            </Badge>
                          )}
                          {c.archivedAt && (
                            <Badge size="xs" variant="light" color="orange">
                              Archived
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      {visibleColumns.map((col) => (
                        <Table.Td key={col}>
                          <Cell c={c} column={col} />
                        </Table.Td>
                      ))}
                      <Table.Td>
                        {c.abilities.update && (
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-label={`Edit ${c.name}`}
                            onClick={() => setEditing(c)}
                          >
                            <IconPencil size={16} />
                          </ActionIcon>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              )}
            </Table>
          </Table.ScrollContainer>
        )}
        <Stack px="md" pb="md">
          <LoadMore
            shown={list.rows.length}
            hasNextPage={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
            noun="consultant"
            error={list.isFetchNextPageError ? list.error : undefined}
          />
        </Stack>
      </Card>

      {canCreate && (
        <ConsultantFormModal
          partnerId={filters.partnerId || null}
          opened={creating}
          onClose={creator.close}
        />
      )}
      <ConsultantFormModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        consultant={editing}
      />
    </>
  );
}

function Cell({ c, column }: { c: Consultant; column: Column }) {
  switch (column) {
    case 'partner':
      return (
        <Anchor component={Link} to={`/partners/${c.partnerId}?tab=consultants`} size="sm">
          {c.partner.name}
        </Anchor>
      );
    case 'jobTitle':
      return <>{c.jobTitle ?? '—'}</>;
    case 'email':
      return (
        <Anchor href={`mailto:${c.email}`} size="sm">
          {c.email}
        </Anchor>
      );
    case 'phone':
      return <>{c.phone ?? '—'}</>;
    case 'mobile':
      return <>{c.mobile ?? '—'}</>;
    case 'tags':
      return (
        <Group gap={4}>
          {c.tags.map((t) => (
            <Badge key={t} size="xs" variant="outline">
              {t}
            </Badge>
          ))}
        </Group>
      );
    case 'portal':
      return c.portalUser ? (
        <Badge variant="light" color={c.portalUser.active ? 'teal' : 'gray'}>
          {c.portalUser.active ? roleLabel(c.portalUser.role) : 'Deactivated'}
        </Badge>
      ) : (
        <Text size="sm" c="dimmed">
          No access
        </Text>
      );
  }
}
