import { Anchor, Button, Card, Group, SegmentedControl, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconLifebuoy, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { RelativeTime } from '../../components/RelativeTime';
import { TableSkeleton } from '../../components/TableSkeleton';
import { useCurrentUser } from '../../lib/session';
import { canCreateCustomers } from '../accounts/access';
import { usePartnerName } from '../accounts/api';
import { useCaseList, type Case } from './api';
import { CasePriorityBadge, CaseStatusBadge } from './badges';
import { CaseFormModal } from './CaseFormModal';

/** Number, subject, status, priority, account and last change: the columns every case list shares. */
export function CaseRowCells({ c, showAccount = true }: { c: Case; showAccount?: boolean }) {
  return (
    <>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Anchor component={Link} to={`/cases/${c.id}`} size="sm" ff="monospace">
          {c.reference}
        </Anchor>
      </Table.Td>
      <Table.Td maw={360}>
        <Anchor component={Link} to={`/cases/${c.id}`} size="sm" fw={600} c="inherit">
          <Text span inherit truncate display="block">
            {c.subject}
          </Text>
        </Anchor>
      </Table.Td>
      <Table.Td>
        <CaseStatusBadge status={c.status} />
      </Table.Td>
      <Table.Td>
        <CasePriorityBadge priority={c.priority} />
      </Table.Td>
      {showAccount && (
        <Table.Td>
          {c.account ? (
            <Anchor component={Link} to={`/accounts/${c.account.id}`} size="sm">
              {c.account.name}
            </Anchor>
          ) : (
            <Text size="sm" c="dimmed">
              —
            </Text>
          )}
        </Table.Td>
      )}
      <Table.Td>
        <RelativeTime iso={c.updatedAt} style={{ whiteSpace: 'nowrap' }} />
      </Table.Td>
    </>
  );
}

/** The support cases a partner manages, on the partner's page. */
export function PartnerCasesTab({ partnerId }: { partnerId: string }) {
  const me = useCurrentUser();
  const [which, setWhich] = useState<'open' | 'all'>('open');
  const [newOpen, newModal] = useDisclosure(false);
  const partnerName = usePartnerName(partnerId);
  const list = useCaseList(
    { managedByPartnerId: partnerId, open: which === 'open' ? 'true' : undefined },
    '-updatedAt',
  );
  const newButton = canCreateCustomers(me) ? (
    <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
      New case
    </Button>
  ) : null;

  return (
    <>
      <Card padding={0}>
        <Group p="md" gap="sm" justify="space-between">
          <SegmentedControl
            aria-label="Which cases"
            value={which}
            onChange={(v) => setWhich(v === 'all' ? 'all' : 'open')}
            data={[
              { value: 'open', label: 'Open' },
              { value: 'all', label: 'All' },
            ]}
          />
          {newButton}
        </Group>
        {list.isError && !list.data ? (
          <Group p="md" pt={0}>
            <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          </Group>
        ) : list.rows.length === 0 && !list.isPending ? (
          <EmptyState
            icon={<IconLifebuoy size={26} stroke={1.5} />}
            title={which === 'open' ? 'No open cases' : 'No cases yet'}
            description={
              which === 'open'
                ? 'Everything this partner manages is resolved or closed.'
                : 'Support cases this partner manages will appear here.'
            }
            action={
              which === 'open' ? (
                <Button variant="default" onClick={() => setWhich('all')}>
                  Show all cases
                </Button>
              ) : (
                newButton
              )
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table aria-label="Managed cases" style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={130}>Number</Table.Th>
                  <Table.Th>Subject</Table.Th>
                  <Table.Th w={110}>Status</Table.Th>
                  <Table.Th w={100}>Priority</Table.Th>
                  <Table.Th>Account</Table.Th>
                  <Table.Th w={130}>Updated</Table.Th>
                </Table.Tr>
              </Table.Thead>
              {list.isPending ? (
                <TableSkeleton columns={6} rows={4} />
              ) : (
                <Table.Tbody>
                  {list.rows.map((c) => (
                    <Table.Tr key={c.id}>
                      <CaseRowCells c={c} />
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
      <CaseFormModal
        opened={newOpen}
        onClose={newModal.close}
        partner={{ value: partnerId, label: partnerName ?? 'This partner' }}
      />
    </>
  );
}
