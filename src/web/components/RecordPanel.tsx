import {
  ActionIcon,
  Box,
  Card,
  Divider,
  Group,
  Skeleton,
  Stack,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { EmptyState } from './EmptyState';
import { ErrorAlert } from './ErrorAlert';
import { LoadMore } from './LoadMore';
import { openConfirm } from './confirm';
import classes from './RecordPanel.module.css';

/**
 * The pieces every tab of things attached to a record (notes, tasks, files, sales activities)
 * is built from: the "add one" card, the list with its loading, error and empty states, and the
 * edit and delete buttons of a row with the delete confirmation.
 */

/** Hover styles of a row and of its actions (shown on hover and keyboard focus). */
export const recordRowClasses = classes;

/** The card with the form that adds one. */
export function AddCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" radius="md">
      <Title order={3} size="h5" mb="sm">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** What RecordList needs of a keyset-paginated list (see useCursorList). */
export interface PanelList<T> {
  rows: T[];
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => unknown;
}

/** The rows of a record's tab, one below the other, or why there are none to show. */
export function RecordList<T extends { id: string }>({
  list,
  label,
  noun,
  plural,
  skeletons = 3,
  skeletonHeight,
  empty,
  footer,
  children,
}: {
  list: PanelList<T>;
  /** what the list is called, e.g. "Notes" */
  label: string;
  /** one row, e.g. "note" */
  noun: string;
  /** several rows, where adding "s" is wrong */
  plural?: string;
  skeletons?: number;
  skeletonHeight: number;
  empty: { icon: ReactNode; title: string; description: string };
  /** instead of the usual "Load more" */
  footer?: ReactNode;
  /** one row */
  children: (row: T) => ReactNode;
}) {
  const many = (plural ?? `${noun}s`).toLowerCase();
  return (
    <Box>
      {list.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label={`Loading ${many}`}>
          {Array.from({ length: skeletons }, (_, i) => (
            <Skeleton key={i} height={skeletonHeight} radius="md" />
          ))}
        </Stack>
      ) : list.isError && list.rows.length === 0 ? (
        <ErrorAlert
          error={list.error}
          title={`Could not load the ${many}`}
          onRetry={() => void list.refetch()}
        />
      ) : list.rows.length === 0 ? (
        <EmptyState icon={empty.icon} title={empty.title} description={empty.description} />
      ) : (
        <Stack gap={0} component="ul" p={0} m={0} aria-label={label} style={{ listStyle: 'none' }}>
          {list.rows.map((row, i) => (
            <li key={row.id}>
              {i > 0 && <Divider />}
              {children(row)}
            </li>
          ))}
        </Stack>
      )}
      {footer ?? (
        <LoadMore
          shown={list.rows.length}
          hasNextPage={list.hasNextPage}
          loading={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
          noun={noun}
          plural={plural}
          error={list.isFetchNextPageError ? list.error : undefined}
        />
      )}
    </Box>
  );
}

/**
 * Asks before deleting for everyone, then deletes and says so. `run` starts the deletion and
 * calls `done` once the server has confirmed it.
 */
export function confirmDelete({
  title,
  message,
  confirmLabel,
  deleted,
  run,
}: {
  title: string;
  message: string;
  confirmLabel: string;
  /** the notification once it is gone, e.g. "Note deleted." */
  deleted: string;
  run: (done: () => void) => void;
}) {
  openConfirm({
    title,
    message,
    confirmLabel,
    danger: true,
    onConfirm: () =>
      run(() => notifications.show({ color: 'teal', title: 'Deleted', message: deleted })),
  });
}

/** The pen and the trash of a row, each only when allowed; nothing when neither is. */
export function RowActions({
  editLabel,
  deleteLabel,
  onEdit,
  onDelete,
  deleting,
  hidden = true,
}: {
  /** e.g. "Edit note"; with onEdit, the pen is shown */
  editLabel?: string;
  /** e.g. "Delete note"; with onDelete, the trash is shown */
  deleteLabel: string;
  onEdit?: () => void;
  onDelete?: () => void;
  deleting: boolean;
  /** hidden until the row is hovered or focused */
  hidden?: boolean;
}) {
  if (!onEdit && !onDelete) return null;
  return (
    <Group gap={4} wrap="nowrap" className={hidden ? classes.actions : undefined}>
      {onEdit && (
        <Tooltip label="Edit" withArrow>
          <ActionIcon variant="subtle" color="gray" aria-label={editLabel} onClick={onEdit}>
            <IconPencil size={18} stroke={1.6} />
          </ActionIcon>
        </Tooltip>
      )}
      {onDelete && (
        <Tooltip label="Delete" withArrow>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={deleteLabel}
            onClick={onDelete}
            loading={deleting}
          >
            <IconTrash size={18} stroke={1.6} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}
