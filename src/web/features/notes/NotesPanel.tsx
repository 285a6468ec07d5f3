import {
  Badge,
  Box,
  Button,
  Group,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock, IconNotes } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { NOTE_LIMITS } from '../../../shared/notes';
import type { RecordType } from '../../../shared/records';
import { FormError } from '../../components/FormError';
import {
  AddCard,
  confirmDelete,
  RecordList,
  recordRowClasses as classes,
  RowActions,
} from '../../components/RecordPanel';
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
      <AddCard title="Add a note">
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
      </AddCard>

      <RecordList
        list={list}
        label="Notes"
        noun="note"
        skeletonHeight={64}
        empty={{
          icon: <IconNotes size={26} stroke={1.5} />,
          title: 'No notes yet — add the first one',
          description:
            'Notes keep what you learn about this record where everyone working it can find it.',
        }}
      >
        {(n) =>
          editing === n.id ? (
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
          )
        }
      </RecordList>
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
    confirmDelete({
      title: 'Delete this note?',
      message: `“${n.title}” will be deleted for everyone. This cannot be undone.`,
      confirmLabel: 'Delete note',
      deleted: 'Note deleted.',
      run: (done) => remove.mutate(n.id, { onSuccess: done }),
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
      <RowActions
        editLabel="Edit note"
        deleteLabel="Delete note"
        onEdit={n.abilities.update ? onEdit : undefined}
        onDelete={n.abilities.delete ? askDelete : undefined}
        deleting={remove.isPending}
      />
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
