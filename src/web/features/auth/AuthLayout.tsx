import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconPlugConnected } from '@tabler/icons-react';
import type { ReactNode } from 'react';

/** The centred card used by the pages people see before they are signed in. */
export function AuthLayout({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  useDocumentTitle(`${title} · Conduit`);
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Stack w="100%" maw={420} gap="lg">
        <Group gap={8} justify="center">
          <IconPlugConnected size={30} color="var(--mantine-primary-color-filled)" aria-hidden />
          <Text fw={700} fz={26}>
            Conduit
          </Text>
        </Group>
        <Paper p="xl" shadow="sm">
          <Stack gap={4} mb="lg">
            <Title order={3}>{title}</Title>
            {subtitle && (
              <Text c="dimmed" size="sm">
                {subtitle}
              </Text>
            )}
          </Stack>
          {children}
        </Paper>
        <Text ta="center" size="xs" c="dimmed">
          Partner relationship management for your channel and your partners.
        </Text>
      </Stack>
    </Center>
  );
}
