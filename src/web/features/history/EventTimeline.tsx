import { Button, Skeleton, Stack, Text, ThemeIcon, Timeline } from '@mantine/core';
import { IconHistory, IconPencil, IconPlus, IconTrash, IconPoint } from '@tabler/icons-react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RelativeTime } from '../../components/RelativeTime';
import type { AuditEvent } from '../../lib/types';
import { useHistory, type HistorySubject } from './api';
import { ChangeList } from './ChangeList';
import { actionVerb } from './describe';

function Bullet({ action }: { action: string }) {
  const icon =
    action === 'create' ? (
      <IconPlus size={14} />
    ) : action === 'update' ? (
      <IconPencil size={14} />
    ) : action === 'delete' ? (
      <IconTrash size={14} />
    ) : (
      <IconPoint size={14} />
    );
  const color = action === 'create' ? 'teal' : action === 'delete' ? 'red' : 'indigo';
  return (
    <ThemeIcon size={24} radius="xl" color={color} variant="light">
      {icon}
    </ThemeIcon>
  );
}

function EventItemTitle({ event }: { event: AuditEvent }) {
  const verb = actionVerb(event.action);
  return (
    <Text size="sm" fw={600}>
      {verb.charAt(0).toUpperCase() + verb.slice(1)} by {event.actor?.name ?? 'the system'}
    </Text>
  );
}

/** The audit trail of one record: who changed what, and when. */
export function EventTimeline({
  subjectType,
  subjectId,
}: {
  subjectType: HistorySubject;
  subjectId: string;
}) {
  const history = useHistory(subjectType, subjectId);

  if (history.isPending) {
    return (
      <Stack gap="lg" aria-busy="true">
        {[0, 1, 2].map((i) => (
          <Stack key={i} gap={6}>
            <Skeleton height={14} width="40%" />
            <Skeleton height={12} width="60%" />
          </Stack>
        ))}
      </Stack>
    );
  }
  if (history.isError) {
    return (
      <ErrorAlert
        title="Could not load the history"
        error={history.error}
        onRetry={() => void history.refetch()}
      />
    );
  }
  if (history.events.length === 0) {
    return (
      <EmptyState
        icon={<IconHistory size={26} stroke={1.5} />}
        title="No history yet"
        description="Changes to this record will appear here."
      />
    );
  }

  return (
    <Stack gap="lg">
      <Timeline bulletSize={24} lineWidth={2} aria-label="History">
        {history.events.map((event) => (
          <Timeline.Item
            key={event.id}
            bullet={<Bullet action={event.action} />}
            title={<EventItemTitle event={event} />}
          >
            <RelativeTime iso={event.occurredAt} size="xs" c="dimmed" />
            <Stack mt={6}>
              <ChangeList event={event} />
            </Stack>
          </Timeline.Item>
        ))}
      </Timeline>
      {history.hasNextPage && (
        <Button
          variant="default"
          size="xs"
          onClick={() => void history.fetchNextPage()}
          loading={history.isFetchingNextPage}
          style={{ alignSelf: 'flex-start' }}
        >
          Show older changes
        </Button>
      )}
    </Stack>
  );
}
