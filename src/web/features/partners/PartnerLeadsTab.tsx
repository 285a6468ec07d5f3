import { Anchor, Button, Card, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { IconExternalLink, IconUserSearch } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { RelativeTime } from '../../components/RelativeTime';
import { TableSkeleton } from '../../components/TableSkeleton';
import { useCursorList } from '../../lib/lists';
import type { Lead } from '../leads/api';
import { formatMoney, LeadStatusBadge, RatingBadge } from '../leads/format';

/** The leads assigned to a partner, on the partner's page: open ones first. */
export function PartnerLeadsTab({ partnerId, action }: { partnerId: string; action?: ReactNode }) {
  const [which, setWhich] = useState<'open' | 'all'>('open');
  const list = useCursorList<Lead>(['leads', 'list'], '/api/leads', {
    partnerId: [partnerId],
    statusKind: which === 'open' ? ['open'] : undefined,
    sort: '-createdAt',
  });

  return (
    <>
      <Card padding={0}>
        <Group p="md" gap="sm" justify="space-between">
          <SegmentedControl
            aria-label="Which leads"
            value={which}
            onChange={(v) => setWhich(v === 'all' ? 'all' : 'open')}
            data={[
              { value: 'open', label: 'Open' },
              { value: 'all', label: 'All' },
            ]}
          />
          <Group gap="sm">
            <Button
              component={Link}
              to={`/leads?partnerId=${encodeURIComponent(partnerId)}`}
              variant="subtle"
              rightSection={<IconExternalLink size={14} />}
            >
              Open in leads
            </Button>
            {action}
          </Group>
        </Group>
        {list.isError && !list.data ? (
          <Group p="md" pt={0}>
            <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          </Group>
        ) : list.rows.length === 0 && !list.isPending ? (
          <EmptyState
            icon={<IconUserSearch size={26} stroke={1.5} />}
            title={which === 'open' ? 'No open leads' : 'No leads yet'}
            description={
              which === 'open'
                ? 'Every lead assigned to this partner is converted or closed.'
                : 'Leads assigned to this partner will appear here.'
            }
            action={
              which === 'open' ? (
                <Button variant="default" onClick={() => setWhich('all')}>
                  Show all leads
                </Button>
              ) : (
                action
              )
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table aria-label="Partner leads" style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Lead</Table.Th>
                  <Table.Th>Company</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Rating</Table.Th>
                  <Table.Th ta="right">Estimated value</Table.Th>
                  <Table.Th>Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              {list.isPending ? (
                <TableSkeleton columns={6} rows={4} />
              ) : (
                <Table.Tbody>
                  {list.rows.map((l) => (
                    <Table.Tr key={l.id}>
                      <Table.Td maw={280}>
                        <Anchor component={Link} to={`/leads/${l.id}`} size="sm" fw={600}>
                          {l.name}
                        </Anchor>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {l.reference}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{l.company}</Text>
                      </Table.Td>
                      <Table.Td>
                        <LeadStatusBadge status={l.status} />
                      </Table.Td>
                      <Table.Td>
                        <RatingBadge rating={l.rating} />
                      </Table.Td>
                      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm">{formatMoney(l.estimatedValue, l.currency)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <RelativeTime iso={l.createdAt} style={{ whiteSpace: 'nowrap' }} />
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
        noun="lead"
        error={list.isFetchNextPageError ? list.error : undefined}
      />
    </>
  );
}
