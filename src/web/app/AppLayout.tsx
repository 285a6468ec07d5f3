import {
  ActionIcon,
  AppShell,
  Avatar,
  Badge,
  Box,
  Burger,
  Divider,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure, useLocalStorage } from '@mantine/hooks';
import {
  IconBuilding,
  IconChevronDown,
  IconKey,
  IconLayoutSidebarLeftCollapse,
  IconLayoutSidebarLeftExpand,
  IconLogout,
  IconPlugConnected,
} from '@tabler/icons-react';
import { useEffect, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout } from '../features/auth/api';
import { roleLabel } from '../lib/format';
import { useCurrentUser } from '../lib/session';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { isActivePath, navigationFor } from './navigation';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w.charAt(0).toUpperCase())
    .join('');

function Brand() {
  return (
    <Link to="/" style={{ textDecoration: 'none', color: 'inherit' }} aria-label="Conduit home">
      <Group gap={8} wrap="nowrap">
        <IconPlugConnected size={24} color="var(--mantine-primary-color-filled)" aria-hidden />
        <Text fw={700} fz="lg">
          Conduit
        </Text>
      </Group>
    </Link>
  );
}

function UserMenu() {
  const user = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();

  const onLogout = () =>
    logout.mutate(undefined, { onSuccess: () => void navigate('/login', { replace: true }) });

  return (
    <Menu position="bottom-end" width={260} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label="Account menu" data-testid="user-menu">
          <Group gap="xs" wrap="nowrap">
            <Avatar radius="xl" size={34} color="conduit" variant="light">
              {initials(user.name)}
            </Avatar>
            <Box visibleFrom="sm" style={{ lineHeight: 1.2, maxWidth: 200 }}>
              <Text size="sm" fw={600} truncate>
                {user.name}
              </Text>
              <Text size="xs" c="dimmed" truncate>
                {roleLabel(user.role)}
              </Text>
            </Box>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Box px="sm" py={6}>
          <Text size="sm" fw={600} truncate>
            {user.name}
          </Text>
          <Text size="xs" c="dimmed" truncate>
            {user.email}
          </Text>
          <Group gap={6} mt={6}>
            <Badge size="sm" variant="light" radius="sm">
              {roleLabel(user.role)}
            </Badge>
            {user.partner && (
              <Badge size="sm" variant="outline" color="gray" radius="sm">
                {user.partner.companyName}
              </Badge>
            )}
          </Group>
        </Box>
        <Menu.Divider />
        <Menu.Item component={Link} to="/tokens" leftSection={<IconKey size={16} />}>
          API tokens
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} />}
          onClick={onLogout}
          disabled={logout.isPending}
        >
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** The frame around every signed-in page: header, navigation, and the page itself. */
export function AppLayout({ children }: { children?: ReactNode }) {
  const user = useCurrentUser();
  const { pathname } = useLocation();
  const [mobileOpen, mobile] = useDisclosure(false);
  const [desktopOpen, setDesktopOpen] = useLocalStorage({
    key: 'conduit:navbar-open',
    defaultValue: true,
  });
  const items = navigationFor(user);
  const closeMobile = mobile.close;

  // Navigating from the drawer-style mobile menu should reveal the page, not keep covering it.
  useEffect(() => closeMobile(), [pathname, closeMobile]);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{
        width: { base: 220, lg: 240 },
        breakpoint: 'sm',
        collapsed: { mobile: !mobileOpen, desktop: !desktopOpen },
      }}
      padding={{ base: 'md', lg: 'xl' }}
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={mobileOpen}
              onClick={mobile.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Tooltip label={desktopOpen ? 'Hide navigation' : 'Show navigation'} openDelay={400}>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="lg"
                onClick={() => setDesktopOpen((o) => !o)}
                visibleFrom="sm"
                aria-label="Toggle navigation"
                aria-expanded={desktopOpen}
              >
                {desktopOpen ? (
                  <IconLayoutSidebarLeftCollapse size={20} stroke={1.6} />
                ) : (
                  <IconLayoutSidebarLeftExpand size={20} stroke={1.6} />
                )}
              </ActionIcon>
            </Tooltip>
            <Brand />
            {user.partner && (
              <>
                <Divider orientation="vertical" visibleFrom="xs" />
                <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }} data-testid="partner-company">
                  <IconBuilding size={18} color="var(--mantine-color-dimmed)" aria-hidden />
                  <Text fw={600} size="sm" truncate>
                    {user.partner.companyName}
                  </Text>
                  <Badge size="xs" variant="light" color="gray" visibleFrom="md">
                    Partner portal
                  </Badge>
                </Group>
              </>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <NotificationBell />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>
            {items.map((item) => (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                label={item.label}
                leftSection={<item.icon size={18} stroke={1.6} />}
                active={isActivePath(item.to, pathname)}
                variant="light"
                style={{ borderRadius: 'var(--mantine-radius-md)' }}
                fw={500}
              />
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm" py={4}>
            {user.partner ? 'Partner portal' : 'Channel workspace'}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Box maw={1360} mx="auto">
          {children ?? <Outlet />}
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
