import { Box, Card, Divider, Skeleton, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChecklist } from '@tabler/icons-react';
import { useState } from 'react';
import type { RecordType } from '../../../shared/records';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { useCreateTask, useTasks, useUpdateTask, type Task } from './api';
import { TaskForm } from './TaskForm';
import { TaskRow } from './TaskRow';
import classes from './TasksPanel.module.css';

/** The tasks of one record: add one inline, tick them off, open ones first by due date. */
export function TasksPanel({
  subjectType,
  subjectId,
}: {
  subjectType: RecordType;
  subjectId: string;
}) {
  const list = useTasks(subjectType, subjectId);
  const create = useCreateTask(subjectType, subjectId);
  const [editing, setEditing] = useState<string | null>(null);

  return (
    <Stack gap="lg">
      <Card withBorder padding="md" radius="md">
        <Title order={3} size="h5" mb="sm">
          Add a task
        </Title>
        <TaskForm
          label="Add a task"
          subjectType={subjectType}
          subjectId={subjectId}
          compact
          resetOnSave
          saving={create.isPending}
          error={create.error}
          onSave={(fields) =>
            create.mutateAsync(fields).then(() => {
              notifications.show({ color: 'teal', title: 'Saved', message: 'Task added.' });
              create.reset();
            })
          }
        />
      </Card>

      <Box>
        {list.isPending ? (
          <Stack gap="sm" aria-busy="true" aria-label="Loading tasks">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} height={48} radius="md" />
            ))}
          </Stack>
        ) : list.isError && list.rows.length === 0 ? (
          <ErrorAlert
            error={list.error}
            title="Could not load the tasks"
            onRetry={() => void list.refetch()}
          />
        ) : list.rows.length === 0 ? (
          <EmptyState
            icon={<IconChecklist size={26} stroke={1.5} />}
            title="No tasks yet — add the first one"
            description="Give each next step a due date and an owner, so nothing falls through."
          />
        ) : (
          <Stack
            gap={0}
            component="ul"
            p={0}
            m={0}
            aria-label="Tasks"
            style={{ listStyle: 'none' }}
          >
            {list.rows.map((t, i) => (
              <li key={t.id}>
                {i > 0 && <Divider />}
                {editing === t.id ? (
                  <EditTask
                    task={t}
                    subjectType={subjectType}
                    subjectId={subjectId}
                    onDone={() => setEditing(null)}
                  />
                ) : (
                  <TaskRow task={t} onEdit={() => setEditing(t.id)} />
                )}
              </li>
            ))}
          </Stack>
        )}
        <LoadMore
          shown={list.rows.length}
          hasNextPage={list.hasNextPage}
          loading={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
          noun="task"
          error={list.isFetchNextPageError ? list.error : undefined}
        />
      </Box>
    </Stack>
  );
}

function EditTask({
  task,
  subjectType,
  subjectId,
  onDone,
}: {
  task: Task;
  subjectType: RecordType;
  subjectId: string;
  onDone: () => void;
}) {
  const update = useUpdateTask();
  return (
    <Box className={classes.row} py="md">
      <TaskForm
        label="Edit task"
        subjectType={subjectType}
        subjectId={subjectId}
        initial={{
          subject: task.subject,
          description: task.description,
          dueDate: task.dueDate,
          assigneeId: task.assignee?.id ?? null,
          assigneeName: task.assignee?.name ?? null,
        }}
        saving={update.isPending}
        error={update.error}
        onCancel={onDone}
        onSave={(fields) =>
          update.mutateAsync({ id: task.id, version: task.version, ...fields }).then(() => {
            notifications.show({ color: 'teal', title: 'Saved', message: 'Task updated.' });
            onDone();
          })
        }
      />
    </Box>
  );
}
