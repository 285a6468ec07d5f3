import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Card,
  Divider,
  Group,
  Skeleton,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock, IconNotes, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { NOTE_LIMITS } from '../../../shared/notes';
import type { RecordType } from '../../../shared/records';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormError } from '../../components/FormError';
import { LoadMore } from '../../components/LoadMore';
import { openConfirm } from '../../components/confirm';
import { formatDateTime, formatRelative } from '../../lib/format';
import { fieldError } from '../../lib/forms';
import { capabilities, useCurrentUser } from '../../lib/session';
import {
  useCreateNote,
  useDeleteNote,
  useNotes,
  useUpdateNote,
  type Note,
  type NoteFields,
} from './api';
import classes from './NotesPanel.module.css';

const SHOWN_FIELDS = ['title', 'body', 'internal'] as const;

interface NoteFormProps {
  label: string;
  initial?: NoteFields;
  /** Vendor staff may mark a note internal (hidden from partner users). */
  allowInternal: boolean;
  saving: boolean;
  error: unknown;
  onSave: (fields: NoteFields) => Promise<unknown>;
  onCancel?: () => void;
  resetOnSave?: boolean;
}

function NoteForm({
  label,
  initial,
  allowInternal,
  saving,
  error,
  onSave,
  onCancel,
  resetOnSave,
}: NoteFormProps) {
  const [title, setTitle] = useState(initial?.title ?? '');
  const [body, setBody] = useState(initial?.body ?? '');
  const [internal, setInternal] = useState(initial?.internal ?? false);
  const [missing, setMissing] = useState<string | undefined>();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) {
      setMissing('Give the note a title');
      return;
    }
    setMissing(undefined);
    const fields: NoteFields = { title: title.trim(), body: body.trim() };
    if (allowInternal) fields.internal = internal;
    onSave(fields).then(
      () => {
        if (!resetOnSave) return;
        setTitle('');
        setBody('');
        setInternal(false);
      },
      () => undefined,
    );
  };

  return (
    <form onSubmit={onSubmit} aria-label={label} noValidate>
      <Stack gap="sm">
        <TextInput
          label="Title"
          placeholder="e.g. Budget confirmed for Q1"
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          maxLength={NOTE_LIMITS.titleMax}
          required
          error={missing ?? fieldError(error, 'title')}
        />
        <Textarea
          label="Note"
          placeholder="What you learned, what was agreed, what comes next"
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          autosize
          minRows={3}
          maxRows={12}
          maxLength={NOTE_LIMITS.bodyMax}
          error={fieldError(error, 'body')}
        />
        <FormError error={error} shownFields={SHOWN_FIELDS} />
        <Group justify="space-between" gap="sm">
          {allowInternal ? (
            <Switch
              label="Internal — hidden from partner users"
              checked={internal}
              onChange={(e) => setInternal(e.currentTarget.checked)}
            />
          ) : (
            <span />
          )}
          <Group gap="sm">
            {onCancel && (
              <Button variant="default" onClick={onCancel} disabled={saving}>
                Cancel
              </Button>
            )}
            <Button type="submit" loading={saving}>
              {initial ? 'Save' : 'Add note'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}

/** The notes of one record: a form to add one and the notes, newest first. */
export function NotesPanel({
  subjectType,
  subjectId,
}: {
  subjectType: RecordType;
  subjectId: string;
}) {
  const me = useCurrentUser();
  const allowInternal = !capabilities(me).partnerUser;
  const list = useNotes(subjectType, subjectId);
  const create = useCreateNote(subjectType, subjectId);
  const [editing, setEditing] = useState<string | null>(null);

  return (
    <Stack gap="lg">
      <Card withBorder padding="md" radius="md">
        <Title order={3} size="h5" mb="sm">
          Add a note
        </Title>
        <NoteForm
          label="Add a note"
          allowInternal={allowInternal}
          saving={create.isPending}
          error={create.error}
          resetOnSave
          onSave={(fields) =>
            create
              .mutateAsync(fields)
              .then(() =>
                notifications.show({ color: 'teal', title: 'Saved', message: 'Note added.' }),
              )
          }
        />
      </Card>

      <Box>
        {list.isPending ? (
          <Stack gap="sm" aria-busy="true" aria-label="Loading notes">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} height={64} radius="md" />
            ))}
          </Stack>
        ) : list.isError && list.rows.length === 0 ? (
          <ErrorAlert
            error={list.error}
            title="Could not load the notes"
            onRetry={() => void list.refetch()}
          />
        ) : list.rows.length === 0 ? (
          <EmptyState
            icon={<IconNotes size={26} stroke={1.5} />}
            title="No notes yet — add the first one"
            description="Notes keep what you learn about this record where everyone working it can find it."
          />
        ) : (
          <Stack
            gap={0}
            component="ul"
            p={0}
            m={0}
            aria-label="Notes"
            style={{ listStyle: 'none' }}
          >
            {list.rows.map((n, i) => (
              <li key={n.id}>
                {i > 0 && <Divider />}
                {editing === n.id ? (
                  <EditNote
                    note={n}
                    subjectType={subjectType}
                    subjectId={subjectId}
                    allowInternal={allowInternal}
                    onDone={() => setEditing(null)}
                  />
                ) : (
                  <NoteRow
                    note={n}
                    subjectType={subjectType}
                    subjectId={subjectId}
                    onEdit={() => setEditing(n.id)}
                  />
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
          noun="note"
          error={list.isFetchNextPageError ? list.error : undefined}
        />
      </Box>
    </Stack>
  );
}

function NoteRow({
  note: n,
  subjectType,
  subjectId,
  onEdit,
}: {
  note: Note;
  subjectType: RecordType;
  subjectId: string;
  onEdit: () => void;
}) {
  const remove = useDeleteNote(subjectType, subjectId);
  const askDelete = () =>
    openConfirm({
      title: 'Delete this note?',
      message: `“${n.title}” will be deleted for everyone. This cannot be undone.`,
      confirmLabel: 'Delete note',
      danger: true,
      onConfirm: () =>
        remove.mutate(n.id, {
          onSuccess: () =>
            notifications.show({ color: 'teal', title: 'Deleted', message: 'Note deleted.' }),
        }),
    });
  const edited = n.updatedAt !== n.createdAt;

  return (
    <Group
      className={classes.row}
      wrap="nowrap"
      align="flex-start"
      gap="md"
      data-testid="note-row"
      aria-label={n.title}
    >
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Group gap="xs" wrap="nowrap">
          <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
            {n.title}
          </Text>
          {n.internal && (
            <Tooltip label="Only vendor staff see this note" withArrow>
              <Badge
                size="xs"
                variant="light"
                color="grape"
                leftSection={<IconLock size={10} />}
                style={{ flexShrink: 0 }}
              >
                Internal
              </Badge>
            </Tooltip>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {n.author?.name ?? 'Unknown author'} ·{' '}
          <Tooltip label={formatDateTime(n.createdAt)} withArrow>
            <span>{formatRelative(n.createdAt)}</span>
          </Tooltip>
          {edited && ` · edited ${formatRelative(n.updatedAt)}`}
        </Text>
        {n.body && (
          <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {n.body}
          </Text>
        )}
      </Box>
      {(n.abilities.update || n.abilities.delete) && (
        <Group gap={4} wrap="nowrap" className={classes.actions}>
          {n.abilities.update && (
            <Tooltip label="Edit" withArrow>
              <ActionIcon variant="subtle" color="gray" aria-label="Edit note" onClick={onEdit}>
                <IconPencil size={18} stroke={1.6} />
              </ActionIcon>
            </Tooltip>
          )}
          {n.abilities.delete && (
            <Tooltip label="Delete" withArrow>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label="Delete note"
                onClick={askDelete}
                loading={remove.isPending}
              >
                <IconTrash size={18} stroke={1.6} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      )}
    </Group>
  );
}

function EditNote({
  note,
  subjectType,
  subjectId,
  allowInternal,
  onDone,
}: {
  note: Note;
  subjectType: RecordType;
  subjectId: string;
  allowInternal: boolean;
  onDone: () => void;
}) {
  const update = useUpdateNote(subjectType, subjectId);
  return (
    <Box className={classes.row} py="md">
      <NoteForm
        label="Edit note"
        initial={{ title: note.title, body: note.body, internal: note.internal }}
        allowInternal={allowInternal}
        saving={update.isPending}
        error={update.error}
        onCancel={onDone}
        onSave={(fields) =>
          update.mutateAsync({ id: note.id, version: note.version, ...fields }).then(() => {
            notifications.show({ color: 'teal', title: 'Saved', message: 'Note updated.' });
            onDone();
          })
        }
      />
    </Box>
  );
}
