import { Box, Card, Divider, Group, SegmentedControl, Skeleton, Stack } from '@mantine/core';
import { IconChecklist, IconConfetti } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { PageHeader } from '../../components/PageHeader';
import { useMyTasks, type TaskDueFilter, type TaskStatusFilter } from './api';
import { TaskRow } from './TaskRow';

const STATUS_OPTIONS: { value: TaskStatusFilter; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'done', label: 'Done' },
  { value: 'all', label: 'All' },
];
const DUE_OPTIONS: { value: TaskDueFilter | 'any'; label: string }[] = [
  { value: 'any', label: 'Any time' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'today', label: 'Today' },
  { value: 'week', label: 'This week' },
];

const isStatus = (v: string | null): v is TaskStatusFilter =>
  v === 'open' || v === 'done' || v === 'all';
const isDue = (v: string | null): v is TaskDueFilter =>
  v === 'overdue' || v === 'today' || v === 'week';

function emptyText(status: TaskStatusFilter, due: TaskDueFilter | null) {
  if (status === 'done')
    return { title: 'Nothing completed yet', body: 'Tasks you tick off show up here.' };
  if (due === 'overdue') return { title: 'Nothing overdue', body: 'You are on top of things.' };
  if (due === 'today') return { title: 'Nothing due today', body: 'Enjoy the breathing room.' };
  if (due === 'week')
    return { title: 'Nothing due this week', body: 'Plan ahead on your leads and opportunities.' };
  return {
    title: 'No tasks on your list',
    body: 'Tasks assigned to you on partners, leads, opportunities, accounts and cases appear here.',
  };
}

/** "My tasks": what is assigned to me across the records I can see, open ones by due date. */
export function MyTasksPage() {
  const [params, setParams] = useSearchParams();
  const rawStatus = params.get('status');
  const rawDue = params.get('due');
  const status: TaskStatusFilter = isStatus(rawStatus) ? rawStatus : 'open';
  const due: TaskDueFilter | null = isDue(rawDue) ? rawDue : null;
  const list = useMyTasks({ status, due });

  const setFilter = (key: 'status' | 'due', value: string, fallback: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value === fallback) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );

  const empty = emptyText(status, due);
  const filtered = status !== 'open' || due !== null;

  return (
    <>
      <PageHeader
        title="My tasks"
        description="Everything assigned to you, on every record you work. Overdue tasks are in red."
      />
      <Group gap="md" mb="md" wrap="wrap">
        <SegmentedControl
          aria-label="Status"
          data={STATUS_OPTIONS}
          value={status}
          onChange={(v) => setFilter('status', v, 'open')}
        />
        <SegmentedControl
          aria-label="Due"
          data={DUE_OPTIONS}
          value={due ?? 'any'}
          onChange={(v) => setFilter('due', v, 'any')}
        />
      </Group>
      <Card withBorder radius="md" padding="xs">
        {list.isPending ? (
          <Stack gap="sm" p="sm" aria-busy="true" aria-label="Loading tasks">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} height={44} radius="md" />
            ))}
          </Stack>
        ) : list.isError && list.rows.length === 0 ? (
          <Box p="sm">
            <ErrorAlert
              error={list.error}
              title="Could not load your tasks"
              onRetry={() => void list.refetch()}
            />
          </Box>
        ) : list.rows.length === 0 ? (
          <EmptyState
            icon={
              filtered ? (
                <IconChecklist size={26} stroke={1.5} />
              ) : (
                <IconConfetti size={26} stroke={1.5} />
              )
            }
            title={empty.title}
            description={empty.body}
          />
        ) : (
          <Stack
            gap={0}
            component="ul"
            p={0}
            m={0}
            aria-label="My tasks"
            style={{ listStyle: 'none', opacity: list.isPlaceholderData ? 0.6 : 1 }}
          >
            {list.rows.map((t, i) => (
              <li key={t.id}>
                {i > 0 && <Divider />}
                <TaskRow task={t} showRecord showAssignee={false} />
              </li>
            ))}
          </Stack>
        )}
      </Card>
      <LoadMore
        shown={list.rows.length}
        hasNextPage={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onLoadMore={() => void list.fetchNextPage()}
        noun="task"
        error={list.isFetchNextPageError ? list.error : undefined}
      />
    </>
  );
}
