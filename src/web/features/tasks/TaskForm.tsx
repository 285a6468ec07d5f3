import { Button, Grid, Group, Select, Stack, TextInput, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMemo, useState, type FormEvent } from 'react';
import type { RecordType } from '../../../shared/records';
import { TASK_LIMITS } from '../../../shared/tasks';
import { FormError } from '../../components/FormError';
import { fieldError } from '../../lib/forms';
import { useCurrentUser } from '../../lib/session';
import { useAssignees, type TaskFields } from './api';

const SHOWN_FIELDS = ['subject', 'description', 'dueDate', 'assigneeId'] as const;

export interface TaskFormProps {
  label: string;
  subjectType: RecordType;
  subjectId: string;
  initial?: TaskFields & { assigneeName?: string | null };
  saving: boolean;
  error: unknown;
  onSave: (fields: TaskFields) => Promise<unknown>;
  onCancel?: () => void;
  resetOnSave?: boolean;
  /** The short inline form (subject, due, assignee) or the full one with a description. */
  compact?: boolean;
}

/** Add or edit a task: subject, due date, assignee (someone who can see the record). */
export function TaskForm({
  label,
  subjectType,
  subjectId,
  initial,
  saving,
  error,
  onSave,
  onCancel,
  resetOnSave,
  compact,
}: TaskFormProps) {
  const me = useCurrentUser();
  const [subject, setSubject] = useState(initial?.subject ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [dueDate, setDueDate] = useState(initial?.dueDate ?? '');
  const [assigneeId, setAssigneeId] = useState<string | null>(initial ? initial.assigneeId : me.id);
  const [search, setSearch] = useState('');
  const [missing, setMissing] = useState<string | undefined>();
  // The picked person stays in the list even when the search no longer finds them.
  const [picked, setPicked] = useState<Record<string, string>>(() => ({
    [me.id]: `${me.name} (me)`,
    ...(initial?.assigneeId && initial.assigneeName
      ? { [initial.assigneeId]: initial.assigneeName }
      : {}),
  }));
  // The box shows the picked name; only what the user types is a search.
  const typed = assigneeId && search === picked[assigneeId] ? '' : search;
  const [q] = useDebouncedValue(typed, 200);
  const people = useAssignees(subjectType, subjectId, q);
  const options = useMemo(() => {
    const found = (people.data?.data ?? []).map((u) => ({
      value: u.id,
      label:
        u.id === me.id ? `${u.name} (me)` : u.partnerName ? `${u.name} · ${u.partnerName}` : u.name,
    }));
    const extra = Object.entries(picked)
      .filter(([id]) => id === assigneeId && !found.some((o) => o.value === id))
      .map(([value, label]) => ({ value, label }));
    return [...extra, ...found];
  }, [people.data, picked, assigneeId, me.id]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!subject.trim()) {
      setMissing('Say what needs doing');
      return;
    }
    setMissing(undefined);
    const fields: TaskFields = {
      subject: subject.trim(),
      dueDate: dueDate || null,
      assigneeId,
      ...(compact ? {} : { description: description.trim() }),
    };
    onSave(fields).then(
      () => {
        if (!resetOnSave) return;
        setSubject('');
        setDescription('');
        setDueDate('');
        setAssigneeId(me.id);
      },
      () => undefined,
    );
  };

  return (
    <form onSubmit={onSubmit} aria-label={label} noValidate>
      <Stack gap="sm">
        <Grid gap="sm" align="flex-start">
          <Grid.Col span={{ base: 12, md: compact ? 5 : 12 }}>
            <TextInput
              label="Task"
              placeholder="e.g. Send the proposal"
              value={subject}
              onChange={(e) => setSubject(e.currentTarget.value)}
              maxLength={TASK_LIMITS.subjectMax}
              required
              error={missing ?? fieldError(error, 'subject')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: compact ? 3 : 6 }}>
            <TextInput
              type="date"
              label="Due date"
              value={dueDate}
              onChange={(e) => setDueDate(e.currentTarget.value)}
              error={fieldError(error, 'dueDate')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: compact ? 4 : 6 }}>
            <Select
              label="Assigned to"
              placeholder="Nobody yet"
              data={options}
              value={assigneeId}
              onChange={(value, option) => {
                setAssigneeId(value);
                if (value && option) setPicked((p) => ({ ...p, [value]: option.label }));
              }}
              searchable
              searchValue={search}
              onSearchChange={setSearch}
              filter={({ options: o }) => o}
              clearable
              nothingFoundMessage={
                people.isFetching ? 'Searching…' : 'Nobody who can see this record matches'
              }
              error={fieldError(error, 'assigneeId')}
            />
          </Grid.Col>
        </Grid>
        {!compact && (
          <Textarea
            label="Details"
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            autosize
            minRows={2}
            maxRows={8}
            maxLength={TASK_LIMITS.descriptionMax}
            error={fieldError(error, 'description')}
          />
        )}
        <FormError error={error} shownFields={SHOWN_FIELDS} />
        <Group justify="flex-end" gap="sm">
          {onCancel && (
            <Button variant="default" onClick={onCancel} disabled={saving}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={saving}>
            {initial ? 'Save' : 'Add task'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
