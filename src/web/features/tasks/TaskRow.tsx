import { Anchor, Badge, Box, Checkbox, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { RecordType } from '../../../shared/records';
import { confirmDelete, recordRowClasses, RowActions } from '../../components/RecordPanel';
import { useCompleteTask, useDeleteTask, type Task } from './api';
import { dueText } from './due';
import classes from './TasksPanel.module.css';

export const RECORD_TYPE_LABELS: Record<RecordType, string> = {
  partner: 'Partner',
  account: 'Account',
  contact: 'Contact',
  case: 'Case',
  lead: 'Lead',
  opportunity: 'Opportunity',
};

/**
 * One task: tick it off, see when it is due (red when overdue) and who does it. On "My tasks"
 * it also names the record it belongs to.
 */
export function TaskRow({
  task: t,
  showRecord,
  showAssignee = true,
  onEdit,
}: {
  task: Task;
  showRecord?: boolean;
  showAssignee?: boolean;
  onEdit?: () => void;
}) {
  const complete = useCompleteTask();
  // Ticked at once; the lists catch up when the server has saved it (or it springs back).
  const [ticked, setTicked] = useState<boolean | null>(null);
  const checked = ticked ?? t.done;
  const remove = useDeleteTask();
  const due = dueText(t);
  const askDelete = () =>
    confirmDelete({
      title: 'Delete this task?',
      message: `“${t.subject}” will be removed for everyone. This cannot be undone.`,
      confirmLabel: 'Delete task',
      deleted: 'Task deleted.',
      run: (done) => remove.mutate(t.id, { onSuccess: done }),
    });

  return (
    <Group
      className={`${recordRowClasses.row} ${classes.row}`}
      wrap="nowrap"
      align="flex-start"
      gap="sm"
      data-testid="task-row"
      data-overdue={t.overdue || undefined}
      aria-label={t.subject}
    >
      <Checkbox
        mt={2}
        checked={checked}
        disabled={!t.abilities.complete || complete.isPending}
        onChange={(e) => {
          const done = e.currentTarget.checked;
          setTicked(done);
          complete.mutate(
            { id: t.id, version: t.version, done },
            { onSettled: () => setTicked(null) },
          );
        }}
        aria-label={t.done ? `Reopen “${t.subject}”` : `Mark “${t.subject}” as done`}
      />
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Text
          size="sm"
          fw={600}
          td={t.done ? 'line-through' : undefined}
          c={t.done ? 'dimmed' : undefined}
          style={{ overflowWrap: 'anywhere' }}
        >
          {t.subject}
        </Text>
        <Group gap={6} wrap="wrap">
          {due && (
            <Text size="xs" c={t.overdue ? 'red.7' : 'dimmed'} fw={t.overdue ? 600 : undefined}>
              {due}
            </Text>
          )}
          {showAssignee && (
            <Text size="xs" c="dimmed">
              {due ? '· ' : ''}
              {t.assignee ? t.assignee.name : 'Unassigned'}
            </Text>
          )}
          {showRecord && (
            <>
              <Badge size="xs" variant="light" color="gray">
                {RECORD_TYPE_LABELS[t.record.type]}
              </Badge>
              <Anchor component={Link} to={t.record.link} size="xs">
                {t.record.label}
              </Anchor>
            </>
          )}
        </Group>
        {t.description && (
          <Text size="xs" mt={2} c="dimmed" lineClamp={2} style={{ whiteSpace: 'pre-wrap' }}>
            {t.description}
          </Text>
        )}
      </Box>
      <RowActions
        editLabel="Edit task"
        deleteLabel="Delete task"
        onEdit={t.abilities.update ? onEdit : undefined}
        onDelete={t.abilities.delete ? askDelete : undefined}
        deleting={remove.isPending}
      />
    </Group>
  );
}
