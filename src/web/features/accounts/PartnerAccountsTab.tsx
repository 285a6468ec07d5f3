import { Anchor, Button, Card, Group, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBuilding, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { COMPANY_SIZE_LABELS } from '../../../shared/accounts';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { SearchInput } from '../../components/SearchInput';
import { TableSkeleton } from '../../components/TableSkeleton';
import { useCurrentUser } from '../../lib/session';
import { canCreateCustomers } from './access';
import { AccountFormModal } from './AccountFormModal';
import { useAccountList, usePartnerName, type Account } from './api';

const dash = (v: string | null | undefined) => v || '—';

export function AccountRowCells({ account }: { account: Account }) {
  return (
    <>
      <Table.Td maw={320}>
        <Anchor component={Link} to={`/accounts/${account.id}`} fw={600} size="sm">
          {account.name}
        </Anchor>
        {account.domain && (
          <Text size="xs" c="dimmed" truncate>
            {account.domain}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm">{dash(account.industry)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {account.companySize ? COMPANY_SIZE_LABELS[account.companySize] : '—'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{dash(account.countryCode)}</Text>
      </Table.Td>
    </>
  );
}

/** The customers a partner manages, on the partner's page. */
export function PartnerAccountsTab({ partnerId }: { partnerId: string }) {
  const me = useCurrentUser();
  const [q, setQ] = useState('');
  const [newOpen, newModal] = useDisclosure(false);
  const list = useAccountList({ q, managedByPartnerId: partnerId });
  const canCreate = canCreateCustomers(me);
  const partnerName = usePartnerName(partnerId);

  const newButton = canCreate ? (
    <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
      New account
    </Button>
  ) : null;

  return (
    <>
      <Card padding={0}>
        <Group p="md" gap="sm" justify="space-between">
          <SearchInput
            aria-label="Search managed accounts"
            placeholder="Search by name or domain"
            value={q}
            onChange={setQ}
            style={{ flex: '1 1 220px', maxWidth: 380 }}
          />
          {newButton}
        </Group>
        {list.isError && !list.data ? (
          <Group p="md" pt={0}>
            <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
          </Group>
        ) : list.rows.length === 0 && !list.isPending ? (
          <EmptyState
            icon={<IconBuilding size={26} stroke={1.5} />}
            title={q ? 'No accounts match this search' : 'No managed accounts yet'}
            description={
              q
                ? 'Try a different name or domain.'
                : 'Customers this partner looks after will appear here.'
            }
            action={q ? undefined : newButton}
          />
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table
              aria-label="Managed accounts"
              style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}
            >
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Account</Table.Th>
                  <Table.Th>Industry</Table.Th>
                  <Table.Th>Size</Table.Th>
                  <Table.Th w={90}>Country</Table.Th>
                  <Table.Th>Owner</Table.Th>
                </Table.Tr>
              </Table.Thead>
              {list.isPending ? (
                <TableSkeleton columns={5} rows={4} />
              ) : (
                <Table.Tbody>
                  {list.rows.map((a) => (
                    <Table.Tr key={a.id}>
                      <AccountRowCells account={a} />
                      <Table.Td>
                        <Text size="sm" c={a.owner ? undefined : 'dimmed'}>
                          {a.owner?.name ?? '—'}
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
      <AccountFormModal
        opened={newOpen}
        onClose={newModal.close}
        partner={{ value: partnerId, label: partnerName ?? 'This partner' }}
      />
    </>
  );
}
