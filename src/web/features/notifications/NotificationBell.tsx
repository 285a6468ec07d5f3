import {
  ActionIcon,
  Box,
  Button,
  Divider,
  Group,
  Indicator,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { IconBell, IconBellOff, IconChecks } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RelativeTime } from '../../components/RelativeTime';
import {
  useMarkAllRead,
  useMarkRead,
  useRecentNotifications,
  useUnreadCount,
  type Notification,
} from './api';

/** The header bell: how many unread, and the latest notifications one click away. */
export function NotificationBell() {
  const [opened, setOpened] = useState(false);
  const count = useUnreadCount().data?.count ?? 0;
  const recent = useRecentNotifications(opened);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const navigate = useNavigate();

  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    setOpened(false);
    if (n.link) void navigate(n.link);
  };

  const label = count > 0 ? `Notifications (${count} unread)` : 'Notifications';

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width={360}
      shadow="md"
      withinPortal
      trapFocus
    >
      <Popover.Target>
        <Indicator
          label={count > 99 ? '99+' : count}
          size={18}
          disabled={count === 0}
          offset={6}
          color="red"
          data-testid="unread-count"
        >
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label="Notifications"
            title={label}
            onClick={() => setOpened((o) => !o)}
          >
            <IconBell size={20} stroke={1.6} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0} aria-label="Notifications list">
        <Group justify="space-between" px="md" py="sm">
          <Text fw={600} size="sm">
            Notifications
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconChecks size={14} />}
            onClick={() => markAll.mutate()}
            disabled={count === 0}
            loading={markAll.isPending}
          >
            Mark all as read
          </Button>
        </Group>
        <Divider />
        {recent.isPending ? (
          <Group justify="center" py="lg">
            <Loader size="sm" />
          </Group>
        ) : recent.isError ? (
          <Box p="sm">
            <ErrorAlert error={recent.error} onRetry={() => void recent.refetch()} />
          </Box>
        ) : recent.data.data.length === 0 ? (
          <Stack align="center" gap={4} py="lg" px="md">
            <IconBellOff size={24} stroke={1.5} color="var(--mantine-color-dimmed)" />
            <Text size="sm" c="dimmed">
              You are all caught up.
            </Text>
          </Stack>
        ) : (
          <ScrollArea.Autosize mah={420}>
            <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
              {recent.data.data.map((n) => (
                <li key={n.id}>
                  <UnstyledButton
                    onClick={() => open(n)}
                    w="100%"
                    px="md"
                    py="sm"
                    aria-label={`${n.readAt ? '' : 'Unread: '}${n.title}`}
                    style={{
                      background: n.readAt ? undefined : 'var(--mantine-primary-color-light)',
                    }}
                  >
                    <Group align="flex-start" gap="sm" wrap="nowrap">
                      <Box
                        mt={6}
                        w={8}
                        h={8}
                        style={{
                          flexShrink: 0,
                          borderRadius: '50%',
                          background: n.readAt ? 'transparent' : 'var(--mantine-color-red-6)',
                        }}
                        aria-hidden
                      />
                      <Box style={{ minWidth: 0 }}>
                        <Text size="sm" fw={n.readAt ? 400 : 600} lineClamp={2}>
                          {n.title}
                        </Text>
                        {n.body && (
                          <Text size="xs" c="dimmed" lineClamp={2}>
                            {n.body}
                          </Text>
                        )}
                        <RelativeTime iso={n.createdAt} size="xs" c="dimmed" />
                      </Box>
                    </Group>
                  </UnstyledButton>
                </li>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
