import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconMapOff } from '@tabler/icons-react';
import { Link } from 'react-router';

/** "Not found" for unknown addresses and for records that are missing or out of reach. */
export function NotFoundContent({
  actionLabel = 'Go to the home page',
  to = '/',
}: {
  actionLabel?: string;
  to?: string;
}) {
  useDocumentTitle('Page not found · Conduit');
  return (
    <Center py={80}>
      <Stack align="center" gap="sm" maw={460} ta="center">
        <IconMapOff size={48} stroke={1.4} color="var(--mantine-color-dimmed)" aria-hidden />
        <Text c="dimmed" fw={600} size="sm">
          404
        </Text>
        <Title order={2}>Page not found</Title>
        <Text c="dimmed">
          The page you asked for does not exist, or you do not have access to it. Check the address
          or go back to the start.
        </Text>
        <Button component={Link} to={to} mt="sm">
          {actionLabel}
        </Button>
      </Stack>
    </Center>
  );
}
