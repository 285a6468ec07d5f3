import { Anchor, Button, Card, Group, Select, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBuildingStore, IconPlus } from '@tabler/icons-react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { PartnerStatusBadge } from '../../components/PartnerStatusBadge';
import { RelativeTime } from '../../components/RelativeTime';
import { SearchInput } from '../../components/SearchInput';
import { TableSkeleton } from '../../components/TableSkeleton';
import { formatDate } from '../../lib/format';
import { capabilities, useCurrentUser } from '../../lib/session';
import { PARTNER_STATUSES, type PartnerStatus } from '../../lib/types';
import { usePartnerList, type PartnerFilters } from './api';
import { NewPartnerModal } from './NewPartnerModal';
import { STATUS_OPTIONS } from './statusOptions';

const COLUMNS = 4;

const asStatus = (v: string | null): PartnerStatus | '' =>
  v && (PARTNER_STATUSES as readonly string[]).includes(v) ? (v as PartnerStatus) : '';

export function PartnersPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [newOpen, newModal] = useDisclosure(false);

  // Filters live in the URL so they survive reloads and can be shared as links.
  const filters: PartnerFilters = {
    q: params.get('q') ?? '',
    status: asStatus(params.get('status')),
  };
  const setFilter = (key: keyof PartnerFilters, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const filtered = Boolean(filters.q || filters.status);

  const list = usePartnerList(filters);
  const canCreate = capabilities(user).createPartners;

  return (
    <>
      <PageHeader
        title="Partners"
        description="The resellers, integrators and agents in your channel."
        actions={
          canCreate && (
            <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
              New partner
            </Button>
          )
        }
      />

      <Card padding={0}>
        <Group p="md" gap="sm" wrap="wrap">
          <SearchInput
            aria-label="Search partners"
            placeholder="Search by company name"
            value={filters.q}
            onChange={(v) => setFilter('q', v)}
            style={{ flex: '1 1 280px', maxWidth: 420 }}
          />
          <Select
            aria-label="Filter by status"
            placeholder="All statuses"
            data={STATUS_OPTIONS}
            value={filters.status || null}
            onChange={(v) => setFilter('status', v ?? '')}
            clearable
            w={180}
          />
          {filtered && (
            <Button variant="subtle" size="sm" onClick={() => setParams({}, { replace: true })}>
              Clear filters
            </Button>
          )}
        </Group>

        {list.isError && !list.data ? (
          <Group p="md" pt={0}>
            <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          </Group>
        ) : list.rows.length === 0 && !list.isPending ? (
          <EmptyState
            icon={<IconBuildingStore size={26} stroke={1.5} />}
            title={filtered ? 'No partners match these filters' : 'No partners yet'}
            description={
              filtered
                ? 'Try a different search or status.'
                : canCreate
                  ? 'Add your first partner to start building your channel.'
                  : 'Partners will appear here once they are added.'
            }
            action={
              filtered ? (
                <Button variant="default" onClick={() => setParams({}, { replace: true })}>
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
          <Table.ScrollContainer minWidth={640}>
            <Table aria-label="Partners" style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Company name</Table.Th>
                  <Table.Th w={160}>Status</Table.Th>
                  <Table.Th w={160}>Created</Table.Th>
                  <Table.Th w={160}>Last change</Table.Th>
                </Table.Tr>
              </Table.Thead>
              {list.isPending ? (
                <TableSkeleton columns={COLUMNS} />
              ) : (
                <Table.Tbody>
                  {list.rows.map((partner) => (
                    <Table.Tr
                      key={partner.id}
                      onClick={(e) => {
                        // Let the link handle its own clicks (and ctrl/cmd-click for new tabs).
                        if ((e.target as HTMLElement).closest('a')) return;
                        void navigate(`/partners/${partner.id}`);
                      }}
                      style={{ cursor: 'pointer' }}
                    >
                      <Table.Td>
                        <Anchor component={Link} to={`/partners/${partner.id}`} fw={600} size="sm">
                          {partner.companyName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <PartnerStatusBadge status={partner.status} />
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDate(partner.createdAt)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <RelativeTime iso={partner.updatedAt} c="dimmed" />
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
