import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { errorMessage, isApiError } from '../lib/api';

interface ErrorAlertProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

/** An inline error for a section that failed to load, with a way to try again. */
export function ErrorAlert({ error, title = 'Could not load this', onRetry }: ErrorAlertProps) {
  const requestId = isApiError(error) ? error.requestId : undefined;
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle size={18} />}>
      <Text size="sm">{errorMessage(error)}</Text>
      {(onRetry || requestId) && (
        <Group justify="space-between" mt="sm">
          {requestId ? (
            <Text size="xs" c="dimmed">
              Request id: <code>{requestId}</code>
            </Text>
          ) : (
            <span />
          )}
          {onRetry && (
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Try again
            </Button>
          )}
        </Group>
      )}
    </Alert>
  );
}
