import { Box, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChecklist } from '@tabler/icons-react';
import { useState } from 'react';
import type { RecordType } from '../../../shared/records';
import { AddCard, RecordList, recordRowClasses as classes } from '../../components/RecordPanel';
import { useCreateTask, useTasks, useUpdateTask, type Task } from './api';
import { TaskForm } from './TaskForm';
import { TaskRow } from './TaskRow';

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
      <AddCard title="Add a task">
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
      </AddCard>

      <RecordList
        list={list}
        label="Tasks"
        noun="task"
        skeletonHeight={48}
        empty={{
          icon: <IconChecklist size={26} stroke={1.5} />,
          title: 'No tasks yet — add the first one',
          description: 'Give each next step a due date and an owner, so nothing falls through.',
        }}
      >
        {(t) =>
          editing === t.id ? (
            <EditTask
              task={t}
              subjectType={subjectType}
              subjectId={subjectId}
              onDone={() => setEditing(null)}
            />
          ) : (
            <TaskRow task={t} onEdit={() => setEditing(t.id)} />
          )
        }
      </RecordList>
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
