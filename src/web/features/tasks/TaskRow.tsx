import { ActionIcon, Anchor, Badge, Box, Checkbox, Group, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import type { RecordType } from '../../../shared/records';
import { openConfirm } from '../../components/confirm';
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
    openConfirm({
      title: 'Delete this task?',
      message: `“${t.subject}” will be removed for everyone. This cannot be undone.`,
      confirmLabel: 'Delete task',
      danger: true,
      onConfirm: () =>
        remove.mutate(t.id, {
          onSuccess: () =>
            notifications.show({ color: 'teal', title: 'Deleted', message: 'Task deleted.' }),
        }),
    });

  return (
    <Group
      className={classes.row}
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
      <Group gap={4} wrap="nowrap" className={classes.actions}>
        {onEdit && t.abilities.update && (
          <Tooltip label="Edit" withArrow>
            <ActionIcon variant="subtle" color="gray" aria-label="Edit task" onClick={onEdit}>
              <IconPencil size={18} stroke={1.6} />
            </ActionIcon>
          </Tooltip>
        )}
        {t.abilities.delete && (
          <Tooltip label="Delete" withArrow>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label="Delete task"
              onClick={askDelete}
              loading={remove.isPending}
            >
              <IconTrash size={18} stroke={1.6} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
    </Group>
  );
}
