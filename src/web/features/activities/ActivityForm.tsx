import {
  Button,
  Grid,
  Group,
  NumberInput,
  Select,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import dayjs from 'dayjs';
import { useState, type FormEvent } from 'react';
import {
  ACTIVITY_LIMITS,
  ACTIVITY_TYPE_LABELS,
  ACTIVITY_TYPES,
  type ActivityType,
} from '../../../shared/activities';
import { FormError } from '../../components/FormError';
import { fieldError } from '../../lib/forms';
import type { ActivityFields, RelatedOption } from './api';

const TYPE_OPTIONS = ACTIVITY_TYPES.map((t) => ({ value: t, label: ACTIVITY_TYPE_LABELS[t] }));
const SHOWN_FIELDS = [
  'type',
  'subject',
  'occurredAt',
  'durationMinutes',
  'outcome',
  'consultantId',
  'contactId',
] as const;

/** `datetime-local` speaks the browser's local time without a zone; the API speaks UTC ISO. */
const toLocalInput = (iso: string) => dayjs(iso).format('YYYY-MM-DDTHH:mm');
const fromLocalInput = (value: string) => {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
};

export interface ActivityFormProps {
  /** Accessible name of the form, e.g. "Add a sales activity". */
  label: string;
  initial?: ActivityFields;
  related: { field: 'consultantId' | 'contactId'; label: string; options: RelatedOption[] } | null;
  saving: boolean;
  error: unknown;
  onSave: (fields: ActivityFields) => Promise<unknown>;
  onCancel?: () => void;
  /** Clear the form after a successful save (the add form), or leave it (edit closes instead). */
  resetOnSave?: boolean;
}

export function ActivityForm({
  label,
  initial,
  related,
  saving,
  error,
  onSave,
  onCancel,
  resetOnSave,
}: ActivityFormProps) {
  const [type, setType] = useState<ActivityType>(initial?.type ?? 'call');
  const [subject, setSubject] = useState(initial?.subject ?? '');
  const [when, setWhen] = useState(toLocalInput(initial?.occurredAt ?? new Date().toISOString()));
  const [duration, setDuration] = useState<number | string>(initial?.durationMinutes ?? '');
  const [outcome, setOutcome] = useState(initial?.outcome ?? '');
  const [relatedId, setRelatedId] = useState<string | null>(
    related ? (initial?.[related.field] ?? null) : null,
  );
  const [missing, setMissing] = useState<{ subject?: string; occurredAt?: string }>({});

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const problems = {
      ...(subject.trim() ? {} : { subject: 'Enter what the activity was about' }),
      ...(when ? {} : { occurredAt: 'Pick when it happened' }),
    };
    setMissing(problems);
    if (Object.keys(problems).length > 0) return;
    const fields: ActivityFields = {
      type,
      subject: subject.trim(),
      occurredAt: fromLocalInput(when),
      durationMinutes: typeof duration === 'number' ? duration : null,
      outcome: outcome.trim(),
      consultantId: initial?.consultantId ?? null,
      contactId: initial?.contactId ?? null,
    };
    if (related) fields[related.field] = relatedId;
    onSave(fields).then(
      () => {
        if (!resetOnSave) return;
        setSubject('');
        setDuration('');
        setOutcome('');
        setRelatedId(null);
        setWhen(toLocalInput(new Date().toISOString()));
      },
      () => undefined,
    );
  };

  const err = (field: string) =>
    (field === 'subject' || field === 'occurredAt' ? missing[field] : undefined) ??
    fieldError(error, field);

  return (
    <form onSubmit={onSubmit} aria-label={label} noValidate>
      <Stack gap="sm">
        <Grid gap="sm">
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <Select
              label="Type"
              data={TYPE_OPTIONS}
              value={type}
              onChange={(v) => v && setType(v)}
              allowDeselect={false}
              error={err('type')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 8 }}>
            <TextInput
              label="Subject"
              placeholder="e.g. Quarterly business review"
              value={subject}
              onChange={(e) => setSubject(e.currentTarget.value)}
              maxLength={ACTIVITY_LIMITS.subjectMax}
              required
              error={err('subject')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <TextInput
              type="datetime-local"
              label="Date & time"
              value={when}
              onChange={(e) => setWhen(e.currentTarget.value)}
              required
              error={err('occurredAt')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 4 }}>
            <NumberInput
              label="Duration (minutes)"
              value={duration}
              onChange={setDuration}
              min={0}
              max={ACTIVITY_LIMITS.durationMax}
              allowDecimal={false}
              allowNegative={false}
              error={err('durationMinutes')}
            />
          </Grid.Col>
          {related && (
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <Select
                label={related.label}
                placeholder="Optional"
                data={related.options}
                value={relatedId}
                onChange={setRelatedId}
                clearable
                searchable
                nothingFoundMessage="Nobody matches"
                error={err(related.field)}
              />
            </Grid.Col>
          )}
        </Grid>
        <Textarea
          label="Outcome"
          placeholder="What was agreed, next steps"
          value={outcome}
          onChange={(e) => setOutcome(e.currentTarget.value)}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={ACTIVITY_LIMITS.outcomeMax}
          error={err('outcome')}
        />
        <FormError error={error} shownFields={SHOWN_FIELDS} />
        <Group justify="flex-end" gap="sm">
          {onCancel && (
            <Button variant="default" onClick={onCancel} disabled={saving}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={saving}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
