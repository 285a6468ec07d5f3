import { Card, Skeleton, Stack, Text } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { AuditEvent } from '../../lib/types';
import { ActivityList } from '../history/ActivityList';

interface RecentActivityCardProps {
  events: AuditEvent[] | undefined;
  error: unknown;
  onRetry: () => void;
  linkFor?: (event: AuditEvent) => string | null;
}

export function RecentActivityCard({ events, error, onRetry, linkFor }: RecentActivityCardProps) {
  return (
    <Card padding="lg">
      <Text fw={600} mb="md">
        Recent activity
      </Text>
      {error ? (
        <ErrorAlert error={error} onRetry={onRetry} />
      ) : events === undefined ? (
        <Stack gap="md" aria-busy="true">
          {[0, 1, 2, 3].map((i) => (
            <Stack key={i} gap={6}>
              <Skeleton height={14} width="75%" />
              <Skeleton height={10} width="30%" />
            </Stack>
          ))}
        </Stack>
      ) : (
        <ActivityList events={events} linkFor={linkFor} />
      )}
    </Card>
  );
}
