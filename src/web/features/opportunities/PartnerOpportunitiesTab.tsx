import { Anchor, Button, Card, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { IconExternalLink, IconTargetArrow } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { TableSkeleton } from '../../components/TableSkeleton';
import { useOpportunityCount, useOpportunityList } from './api';
import { CloseDate, formatMoney, RoleBadge, StageBadge } from './format';

/** How many deals a partner works, for the tab's badge. */
export function usePartnerOpportunityCount(partnerId: string, enabled = true) {
  return useOpportunityCount({ partnerId: [partnerId] }, enabled);
}

/** The deals a partner works, on the partner's page: open ones, all of them a click away. */
export function PartnerOpportunitiesTab({
  partnerId,
  action,
}: {
  partnerId: string;
  /** "New opportunity", when the viewer may add one */
  action?: React.ReactNode;
}) {
  const [which, setWhich] = useState<'open' | 'all'>('open');
  const list = useOpportunityList(
    { partnerId: [partnerId], stageKind: which === 'open' ? ['open'] : undefined },
    // Recently changed first, like the partner's cases: what moved lately is what to look at.
    '-updatedAt',
  );
  const pipelineLink = `/opportunities?partnerId=${encodeURIComponent(partnerId)}&display=pipeline`;

  return (
    <>
      <Card padding={0}>
        <Group p="md" gap="sm" justify="space-between">
          <SegmentedControl
            aria-label="Which opportunities"
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
              to={pipelineLink}
              variant="subtle"
              rightSection={<IconExternalLink size={14} />}
            >
              Open in pipeline
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
            icon={<IconTargetArrow size={26} stroke={1.5} />}
            title={which === 'open' ? 'No open opportunities' : 'No opportunities yet'}
            description={
              which === 'open'
                ? 'Nothing this partner works is open right now.'
                : 'Deals assigned to this partner will appear here.'
            }
            action={
              which === 'open' ? (
                <Button variant="default" onClick={() => setWhich('all')}>
                  Show all opportunities
                </Button>
              ) : (
                action
              )
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table
              aria-label="Partner opportunities"
              style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Opportunity</Table.Th>
                  <Table.Th>Account</Table.Th>
                  <Table.Th>Stage</Table.Th>
                  <Table.Th ta="right">Amount</Table.Th>
                  <Table.Th>Close date</Table.Th>
                  <Table.Th>Role</Table.Th>
                </Table.Tr>
              </Table.Thead>
              {list.isPending ? (
                <TableSkeleton columns={6} rows={4} />
              ) : (
                <Table.Tbody>
                  {list.rows.map((o) => {
                    const role = o.partners.find((p) => p.partnerId === partnerId)?.role;
                    return (
                      <Table.Tr key={o.id}>
                        <Table.Td maw={320}>
                          <Anchor component={Link} to={`/opportunities/${o.id}`} size="sm" fw={600}>
                            {o.name}
                          </Anchor>
                          <Text size="xs" c="dimmed" ff="monospace">
                            {o.reference}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{o.account?.name ?? '—'}</Text>
                        </Table.Td>
                        <Table.Td>
                          <StageBadge stage={o.stage} />
                        </Table.Td>
                        <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                          <Text size="sm">{formatMoney(o.amount, o.currency)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <CloseDate o={o} />
                        </Table.Td>
                        <Table.Td>
                          {role ? (
                            <RoleBadge role={role} />
                          ) : (
                            <Text size="sm" c="dimmed">
                              —
                            </Text>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
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
        noun="opportunity"
        plural="opportunities"
        error={list.isFetchNextPageError ? list.error : undefined}
      />
    </>
  );
}
