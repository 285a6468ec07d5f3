import { Badge, Button, Card, Code, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconKey, IconPlus } from '@tabler/icons-react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { TableSkeleton } from '../../components/TableSkeleton';
import { ConfirmButton } from '../../components/ConfirmButton';
import { formatDate } from '../../lib/format';
import type { ApiToken } from '../../lib/types';
import { tokenStatus, useRevokeToken, useTokens, type TokenStatus } from './api';
import { NewTokenModal } from './NewTokenModal';

const STATUS_BADGE: Record<TokenStatus, { label: string; color: string }> = {
  active: { label: 'Active', color: 'teal' },
  expired: { label: 'Expired', color: 'gray' },
  revoked: { label: 'Revoked', color: 'red' },
};

function RevokeButton({ token }: { token: ApiToken }) {
  const revoke = useRevokeToken();
  return (
    <ConfirmButton
      size="xs"
      variant="subtle"
      color="red"
      loading={revoke.isPending}
      confirmTitle={`Revoke “${token.name}”?`}
      confirmMessage="Anything that uses this token stops working immediately. This cannot be undone; you can create a new token at any time."
      confirmLabel="Revoke token"
      danger
      onConfirm={() =>
        revoke.mutate(token.id, {
          onSuccess: () =>
            notifications.show({
              color: 'teal',
              title: 'Token revoked',
              message: `“${token.name}” no longer works.`,
            }),
        })
      }
    >
      Revoke
    </ConfirmButton>
  );
}

export function TokensPage() {
  const tokens = useTokens();
  const [newOpen, newModal] = useDisclosure(false);
  const now = Date.now();

  const rows = tokens.data ?? [];
  // Working tokens first; revoked and expired ones stay visible for the record.
  const sorted = [...rows].sort((a, b) => {
    const rank = (t: ApiToken) => (tokenStatus(t, now) === 'active' ? 0 : 1);
    return rank(a) - rank(b) || b.createdAt.localeCompare(a.createdAt);
  });

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Personal tokens for scripts and integrations. A token acts as you, with your permissions."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
            New token
          </Button>
        }
      />

      <Card padding={0}>
        {tokens.isError ? (
          <Group p="md">
            <ErrorAlert error={tokens.error} onRetry={() => void tokens.refetch()} />
          </Group>
        ) : !tokens.isPending && rows.length === 0 ? (
          <EmptyState
            icon={<IconKey size={26} stroke={1.5} />}
            title="No API tokens yet"
            description="Create a token to connect a script or another system to Conduit."
            action={
              <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
                New token
              </Button>
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={860}>
            <Table aria-label="API tokens">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th w={150}>Token</Table.Th>
                  <Table.Th w={130}>Created</Table.Th>
                  <Table.Th w={140}>Last used</Table.Th>
                  <Table.Th w={130}>Expires</Table.Th>
                  <Table.Th w={100}>Status</Table.Th>
                  <Table.Th w={100}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              {tokens.isPending ? (
                <TableSkeleton columns={7} rows={3} />
              ) : (
                <Table.Tbody>
                  {sorted.map((token) => {
                    const status = tokenStatus(token, now);
                    return (
                      <Table.Tr key={token.id}>
                        <Table.Td>
                          <Text size="sm" fw={600} c={status === 'active' ? undefined : 'dimmed'}>
                            {token.name}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Code>{token.prefix}…</Code>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{formatDate(token.createdAt)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <RelativeTime iso={token.lastUsedAt} fallback="Never" />
                        </Table.Td>
                        <Table.Td>
                          <Text span size="sm" c={token.expiresAt ? undefined : 'dimmed'}>
                            {token.expiresAt ? formatDate(token.expiresAt) : 'Never'}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <Badge color={STATUS_BADGE[status].color} variant="light" radius="sm">
                            {STATUS_BADGE[status].label}
                          </Badge>
                        </Table.Td>
                        <Table.Td ta="right">
                          {status !== 'revoked' && <RevokeButton token={token} />}
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

      <NewTokenModal opened={newOpen} onClose={newModal.close} />
    </>
  );
}
