import { Button, Center, Code, Group, Stack, Text, Title } from '@mantine/core';
import { IconBug } from '@tabler/icons-react';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { isApiError } from '../lib/api';
import { NotFoundContent } from '../components/NotFound';

/** Shown when a page crashes, instead of a blank screen. */
export function ErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundContent />;
  if (isApiError(error) && error.status === 404) return <NotFoundContent />;

  const requestId = isApiError(error) ? error.requestId : undefined;
  const detail =
    isApiError(error) || (error instanceof Error && import.meta.env.DEV) ? error.message : null;

  return (
    <Center py={80} px="md">
      <Stack align="center" gap="sm" maw={520} ta="center" role="alert">
        <IconBug size={48} stroke={1.4} color="var(--mantine-color-red-6)" aria-hidden />
        <Title order={2}>Something went wrong</Title>
        <Text c="dimmed">
          This page ran into a problem and could not be shown. Reloading usually helps; if it keeps
          happening, tell your administrator what you were doing.
        </Text>
        {detail && (
          <Text size="sm" c="dimmed">
            {detail}
          </Text>
        )}
        {requestId && (
          <Text size="sm" c="dimmed">
            Request id: <Code>{requestId}</Code>
          </Text>
        )}
        <Group mt="sm">
          <Button onClick={() => window.location.reload()}>Reload the page</Button>
          <Button variant="default" component={Link} to="/" reloadDocument>
            Go to the home page
          </Button>
        </Group>
      </Stack>
    </Center>
  );
}
