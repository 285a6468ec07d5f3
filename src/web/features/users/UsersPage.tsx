import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Select,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconDots,
  IconPencil,
  IconPlus,
  IconUserCheck,
  IconUserOff,
  IconUsers,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { SearchInput } from '../../components/SearchInput';
import { TableSkeleton } from '../../components/TableSkeleton';
import { openConfirm } from '../../components/confirm';
import { isApiError } from '../../lib/api';
import { isRole, roleLabel } from '../../lib/format';
import { useCurrentUser } from '../../lib/session';
import type { User } from '../../lib/types';
import { useUpdateUser, useUserList, type UserFilters } from './api';
import { EditUserModal } from './EditUserModal';
import { NewUserModal } from './NewUserModal';
import { roleOptions, type UsersScope } from './roleOptions';

const ACTIVE_OPTIONS = [
  { value: 'true', label: 'Active' },
  { value: 'false', label: 'Deactivated' },
];

function StatusBadges({ user }: { user: User }) {
  return (
    <Stack gap={4} align="flex-start">
      {user.active ? (
        <Badge color="teal" variant="light" radius="sm">
          Active
        </Badge>
      ) : (
        <Badge color="gray" variant="light" radius="sm">
          Deactivated
        </Badge>
      )}
      {user.invitationPending && (
        <Badge color="yellow" variant="outline" radius="sm">
          Invitation pending
        </Badge>
      )}
    </Stack>
  );
}

function RowActions({ user, onEdit }: { user: User; onEdit: (user: User) => void }) {
  const update = useUpdateUser({
    errorTitle: user.active ? 'Could not deactivate' : 'Could not reactivate',
  });
  if (!user.abilities.update && !user.abilities.deactivate) return null;

  const setActive = (active: boolean) =>
    update.mutate(
      { id: user.id, version: user.version, active },
      {
        onSuccess: (saved) =>
          notifications.show({
            color: 'teal',
            title: active ? 'User reactivated' : 'User deactivated',
            message: active
              ? `${saved.name} can log in again.`
              : `${saved.name} has been logged out and can no longer log in.`,
          }),
        onError: (error) => {
          // The list refetch brings the other change in, so the user can decide again.
          if (isApiError(error) && error.status === 409) update.reset();
        },
      },
    );

  const confirmDeactivate = () =>
    openConfirm({
      title: `Deactivate ${user.name}?`,
      message: (
        <Stack gap="xs">
          <Text size="sm">
            {user.name} will be logged out right away: their sessions and API tokens end
            immediately, and they can no longer log in.
          </Text>
          <Text size="sm" c="dimmed">
            Their records and history stay. You can reactivate them at any time.
          </Text>
        </Stack>
      ),
      confirmLabel: 'Deactivate',
      danger: true,
      onConfirm: () => setActive(false),
    });

  const confirmReactivate = () =>
    openConfirm({
      title: `Reactivate ${user.name}?`,
      message: `${user.name} will be able to log in again with their existing password.`,
      confirmLabel: 'Reactivate',
      onConfirm: () => setActive(true),
    });

  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={`Actions for ${user.name}`}
          loading={update.isPending}
        >
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {user.abilities.update && (
          <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onEdit(user)}>
            Edit
          </Menu.Item>
        )}
        {user.abilities.deactivate &&
          (user.active ? (
            <Menu.Item
              color="red"
              leftSection={<IconUserOff size={16} />}
              onClick={confirmDeactivate}
            >
              Deactivate
            </Menu.Item>
          ) : (
            <Menu.Item leftSection={<IconUserCheck size={16} />} onClick={confirmReactivate}>
              Reactivate
            </Menu.Item>
          ))}
      </Menu.Dropdown>
    </Menu>
  );
}

export function UsersPage({ scope }: { scope: UsersScope }) {
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const [newOpen, newModal] = useDisclosure(false);
  const [editing, setEditing] = useState<User | null>(null);

  const roleParam = params.get('role');
  const activeParam = params.get('active');
  const filters: UserFilters = {
    q: params.get('q') ?? '',
    role: isRole(roleParam) ? roleParam : '',
    active: activeParam === 'true' || activeParam === 'false' ? activeParam : '',
  };
  const setFilter = (key: keyof UserFilters, value: string) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const filtered = Boolean(filters.q || filters.role || filters.active);
  const clear = () => setParams({}, { replace: true });

  const list = useUserList(filters);
  const showPartner = scope === 'all';
  const columns = showPartner ? 6 : 5;
  const companyName = me.partner?.companyName;

  return (
    <>
      <PageHeader
        title={scope === 'company' ? 'Company users' : 'Users'}
        description={
          scope === 'company'
            ? `The people from ${companyName ?? 'your company'} who use the partner portal.`
            : 'Everyone who can log in to Conduit: your team and your partners’ people.'
        }
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
            New user
          </Button>
        }
      />

      <Card padding={0}>
        <Group p="md" gap="sm" wrap="wrap">
          <SearchInput
            aria-label="Search users"
            placeholder="Search by name or email"
            value={filters.q}
            onChange={(v) => setFilter('q', v)}
            style={{ flex: '1 1 220px', maxWidth: 380 }}
          />
          <Select
            aria-label="Filter by role"
            placeholder="All roles"
            data={roleOptions(scope)}
            value={filters.role || null}
            onChange={(v) => setFilter('role', v ?? '')}
            clearable
            w={180}
          />
          <Select
            aria-label="Filter by status"
            placeholder="Any status"
            data={ACTIVE_OPTIONS}
            value={filters.active || null}
            onChange={(v) => setFilter('active', v ?? '')}
            clearable
            w={200}
          />
          {filtered && (
            <Button variant="subtle" size="sm" onClick={clear}>
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
            icon={<IconUsers size={26} stroke={1.5} />}
            title={filtered ? 'No users match these filters' : 'No users yet'}
            description={
              filtered ? 'Try a different search, role or status.' : 'Invite the first person.'
            }
            action={
              filtered ? (
                <Button variant="default" onClick={clear}>
                  Clear filters
                </Button>
              ) : (
                <Button leftSection={<IconPlus size={16} />} onClick={newModal.open}>
                  New user
                </Button>
              )
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={showPartner ? 780 : 640}>
            <Table aria-label="Users" style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name and email</Table.Th>
                  <Table.Th w={140}>Role</Table.Th>
                  {showPartner && <Table.Th>Partner</Table.Th>}
                  <Table.Th w={150}>Status</Table.Th>
                  <Table.Th w={140}>Last login</Table.Th>
                  <Table.Th w={52}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              {list.isPending ? (
                <TableSkeleton columns={columns} />
              ) : (
                <Table.Tbody>
                  {list.rows.map((user) => (
                    <Table.Tr key={user.id} c={user.active ? undefined : 'dimmed'}>
                      <Table.Td maw={360}>
                        <Text size="sm" fw={600} c={user.active ? undefined : 'dimmed'} truncate>
                          {user.name}
                          {user.id === me.id && (
                            <Text span size="xs" c="dimmed" fw={400}>
                              {' '}
                              (you)
                            </Text>
                          )}
                        </Text>
                        <Text size="xs" c="dimmed" truncate title={user.email}>
                          {user.email}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{roleLabel(user.role)}</Text>
                      </Table.Td>
                      {showPartner && (
                        <Table.Td>
                          <Text size="sm" c={user.partnerName ? undefined : 'dimmed'}>
                            {user.partnerName ?? '—'}
                          </Text>
                        </Table.Td>
                      )}
                      <Table.Td>
                        <StatusBadges user={user} />
                      </Table.Td>
                      <Table.Td>
                        <RelativeTime
                          iso={user.lastLoginAt}
                          fallback="Never"
                          style={{ whiteSpace: 'nowrap' }}
                        />
                      </Table.Td>
                      <Table.Td>
                        <RowActions user={user} onEdit={setEditing} />
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
        noun="user"
        error={list.isFetchNextPageError ? list.error : undefined}
      />

      <NewUserModal
        opened={newOpen}
        onClose={newModal.close}
        scope={scope}
        companyName={companyName}
      />
      {editing && (
        <EditUserModal key={editing.id} user={editing} onClose={() => setEditing(null)} />
      )}
    </>
  );
}
