import { Button, Center, Stack, Text } from '@mantine/core';
import { errorMessage } from '../lib/api';

interface LoadMoreProps {
  shown: number;
  hasNextPage: boolean;
  loading: boolean;
  onLoadMore: () => void;
  /** What one row is, e.g. "partner". */
  noun: string;
  /** The noun for several rows when adding "s" is wrong, e.g. "activities". */
  plural?: string;
  /** Set when the last "Load more" failed. */
  error?: unknown;
}

/** Keyset pagination has no total count, so say how many are shown and offer the next page. */
export function LoadMore({
  shown,
  hasNextPage,
  loading,
  onLoadMore,
  noun,
  plural = `${noun}s`,
  error,
}: LoadMoreProps) {
  if (shown === 0) return null;
  if (error) {
    return (
      <Stack mt="md" align="center" gap="xs" role="alert">
        <Text size="sm" c="red">
          Could not load more {plural}: {errorMessage(error)}
        </Text>
        <Button variant="default" onClick={onLoadMore} loading={loading}>
          Try again
        </Button>
      </Stack>
    );
  }
  return (
    <Center mt="md">
      {hasNextPage ? (
        <Button variant="default" onClick={onLoadMore} loading={loading}>
          Load more
        </Button>
      ) : (
        <Text size="sm" c="dimmed">
          {shown === 1 ? `1 ${noun}` : `All ${shown.toLocaleString()} ${plural} shown`}
        </Text>
      )}
    </Center>
  );
}
