import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Popover,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconArrowRight, IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useMemo, useRef, useState } from 'react';
import type {
  ImportField,
  ImportMapping,
  ImportRun,
  ImportSettings,
} from '../../../shared/imports';
import { openConfirm } from '../../components/confirm';
import { errorMessage, isApiError } from '../../lib/api';
import { useDeleteMapping, useSaveMapping, useSavedMappings } from './api';
import { ENTITY_NOUN } from './entities';
import classes from './Imports.module.css';
import {
  applySavedMapping,
  mappingCounts,
  mappingProblems,
  sampleValues,
  savedMappingOverlap,
} from './mapping';

const SKIP = '__skip__';

const displayHeader = (h: string) => h.trim() || h;

/** "mapping.Firma" → "Column “Firma”", "matchBy" → "Matching:" — how the server names a problem. */
function problemSubject(key: string): string {
  if (key.startsWith('mapping.')) return `Column “${displayHeader(key.slice(8))}”:`;
  if (key === 'mapping') return 'Mapping:';
  if (key === 'matchBy') return 'Matching:';
  if (key === 'externalIdColumn') return 'Id column:';
  if (key === 'sheet') return 'Sheet:';
  return `${key}:`;
}

interface MappingStepProps {
  run: ImportRun;
  fields: ImportField[];
  settings: ImportSettings;
  onChange: (s: ImportSettings) => void;
  onBack: () => void;
  onPreview: () => void;
  previewing: boolean;
  /** Why the last preview was refused, if it was. */
  previewError: unknown;
}

/**
 * Step 4: one row per column of the file with a few of its values, and the field it goes to.
 * A field can take one column only, so fields already chosen are disabled in the other rows.
 */
export function MappingStep({
  run,
  fields,
  settings,
  onChange,
  onBack,
  onPreview,
  previewing,
  previewError,
}: MappingStepProps) {
  const mapping = settings.mapping;
  const [showProblems, setShowProblems] = useState(false);
  const problemsRef = useRef<HTMLDivElement>(null);
  const { mapped, unmapped } = mappingCounts(run.headers, mapping);
  const problems = mappingProblems(mapping, fields, settings.mode, settings.matchBy);
  const unmappedRequired = new Set(
    settings.mode === 'update'
      ? []
      : fields
          .filter((f) => f.required && !Object.values(mapping).includes(f.key))
          .map((f) => f.key),
  );
  const usedBy = useMemo(() => {
    const m = new Map<string, string>();
    for (const [h, key] of Object.entries(mapping)) if (key) m.set(key, h);
    return m;
  }, [mapping]);

  const setMapping = (next: ImportMapping) => onChange({ ...settings, mapping: next });
  const setColumn = (header: string, key: string | null) =>
    setMapping({ ...mapping, [header]: key === SKIP ? null : key });

  const preview = () => {
    if (problems.length > 0) {
      setShowProblems(true);
      requestAnimationFrame(() => problemsRef.current?.focus());
      return;
    }
    onPreview();
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={3} size="h4">
            Map the columns to {ENTITY_NOUN[run.entity]} fields
          </Title>
          <Text size="sm" c="dimmed">
            Suggestions come from the column names; change any of them. Columns set to “Don’t
            import” are left out.
          </Text>
        </div>
        <SavedMappings run={run} fields={fields} mapping={mapping} onApply={setMapping} />
      </Group>

      <Group gap="xs" aria-live="polite" role="status" aria-label="Mapping summary">
        <Badge variant="light" color="teal" size="lg">
          {mapped} mapped
        </Badge>
        <Text c="dimmed" aria-hidden>
          ·
        </Text>
        <Badge variant="light" color="gray" size="lg">
          {unmapped} unmapped
        </Badge>
        {unmappedRequired.size > 0 && (
          <Text size="sm" c="red">
            {unmappedRequired.size === 1
              ? '1 required field is not mapped'
              : `${unmappedRequired.size} required fields are not mapped`}
          </Text>
        )}
      </Group>

      <Table.ScrollContainer minWidth={680}>
        <Table verticalSpacing="sm" aria-label="Field mapping">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="28%">Column in the file</Table.Th>
              <Table.Th>Sample values</Table.Th>
              <Table.Th w={300}>Import into</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {run.headers.map((h, i) => {
              const values = sampleValues(run.sample, i);
              const current = mapping[h] ?? null;
              const suggested = run.suggestedMapping[h] ?? null;
              const isExternalId =
                settings.matchBy === 'external_id' && settings.externalIdColumn === h;
              return (
                <Table.Tr key={h}>
                  <Table.Td>
                    <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                      {displayHeader(h)}
                    </Text>
                    {isExternalId && (
                      <Text size="xs" c="dimmed">
                        Used to match records
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {values.length > 0 ? (
                      <Text className={classes.sample} lineClamp={2}>
                        {values.join(' · ')}
                      </Text>
                    ) : (
                      <Text size="xs" c="dimmed" fs="italic">
                        empty in the first rows
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`Field for column ${displayHeader(h)}`}
                      data={[
                        { value: SKIP, label: 'Don’t import' },
                        ...fields.map((f) => {
                          const owner = usedBy.get(f.key);
                          return {
                            value: f.key,
                            label: `${f.label}${f.required ? ' *' : ''}`,
                            disabled: !!owner && owner !== h,
                          };
                        }),
                      ]}
                      value={current ?? SKIP}
                      onChange={(v) => setColumn(h, v)}
                      allowDeselect={false}
                      searchable
                      nothingFoundMessage="No such field"
                      comboboxProps={{ withinPortal: true }}
                      description={
                        suggested && current !== suggested
                          ? `Suggested: ${fields.find((f) => f.key === suggested)?.label ?? suggested}`
                          : undefined
                      }
                      styles={{
                        input: current ? undefined : { color: 'var(--mantine-color-dimmed)' },
                      }}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed">
        * required for new {ENTITY_NOUN[run.entity]}s
      </Text>

      {showProblems && problems.length > 0 && (
        <Alert
          ref={problemsRef}
          tabIndex={-1}
          color="red"
          variant="light"
          title="Some fields still need a column"
          icon={<IconAlertCircle size={18} />}
          role="alert"
        >
          <Stack gap={4}>
            {problems.map((p) => (
              <Text size="sm" key={p}>
                {p}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {previewError !== null && previewError !== undefined && (
        <Alert
          color="red"
          variant="light"
          title="Could not start the preview"
          icon={<IconAlertCircle size={18} />}
          role="alert"
        >
          <Text size="sm">{errorMessage(previewError)}</Text>
          {isApiError(previewError) && previewError.fields && (
            <Stack gap={2} mt={4}>
              {Object.entries(previewError.fields).map(([key, message]) => (
                <Text size="sm" key={key}>
                  {problemSubject(key)} {message}
                </Text>
              ))}
            </Stack>
          )}
        </Alert>
      )}

      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          Back
        </Button>
        <Button onClick={preview} loading={previewing} rightSection={<IconArrowRight size={16} />}>
          Next: preview
        </Button>
      </Group>
    </Stack>
  );
}

/** "Use a saved mapping" and "Save mapping as…", for files that arrive in the same shape often. */
function SavedMappings({
  run,
  fields,
  mapping,
  onApply,
}: {
  run: ImportRun;
  fields: ImportField[];
  mapping: ImportMapping;
  onApply: (m: ImportMapping) => void;
}) {
  const saved = useSavedMappings(run.entity);
  const save = useSaveMapping();
  const remove = useDeleteMapping(run.entity);
  const [chosen, setChosen] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);

  const list = [...(saved.data ?? [])].sort(
    (a, b) =>
      savedMappingOverlap(run.headers, b.mapping) - savedMappingOverlap(run.headers, a.mapping) ||
      a.name.localeCompare(b.name),
  );
  const chosenRecord = list.find((m) => m.id === chosen);

  const submit = () => {
    const trimmed = name.trim();
    if (!trimmed) {
      setNameError('Give the mapping a name.');
      return;
    }
    save.mutate(
      { entity: run.entity, name: trimmed, mapping },
      {
        onSuccess: (m) => {
          setOpen(false);
          setName('');
          setChosen(m.id);
          notifications.show({
            color: 'teal',
            title: 'Mapping saved',
            message: `“${m.name}” can be used for the next file.`,
          });
        },
        onError: (err) => setNameError(errorMessage(err)),
      },
    );
  };

  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <Select
        label="Use a saved mapping"
        placeholder={
          saved.isPending ? 'Loading…' : list.length === 0 ? 'None saved yet' : 'Pick a mapping'
        }
        data={list.map((m) => ({
          value: m.id,
          label: m.name,
        }))}
        value={chosen}
        onChange={(id) => {
          setChosen(id);
          const m = list.find((x) => x.id === id);
          if (m) {
            onApply(applySavedMapping(run.headers, mapping, m.mapping, fields));
            const overlap = savedMappingOverlap(run.headers, m.mapping);
            notifications.show({
              color: overlap > 0 ? 'teal' : 'yellow',
              title: `Mapping “${m.name}” applied`,
              message:
                overlap > 0
                  ? `It knew ${overlap} of the ${run.headers.length} columns of this file.`
                  : 'None of its columns are in this file; nothing changed.',
            });
          }
        }}
        disabled={list.length === 0}
        error={saved.isError ? 'Could not load saved mappings' : undefined}
        w={220}
        size="sm"
      />
      {chosenRecord && (
        <Tooltip label={`Delete “${chosenRecord.name}”`}>
          <ActionIcon
            variant="default"
            size={36}
            aria-label={`Delete saved mapping ${chosenRecord.name}`}
            loading={remove.isPending}
            onClick={() =>
              openConfirm({
                title: 'Delete this saved mapping?',
                message: `“${chosenRecord.name}” will no longer be offered. The mapping on this page stays as it is.`,
                confirmLabel: 'Delete',
                danger: true,
                onConfirm: () =>
                  remove.mutate(chosenRecord.id, { onSuccess: () => setChosen(null) }),
              })
            }
          >
            <IconTrash size={16} />
          </ActionIcon>
        </Tooltip>
      )}
      <Popover
        opened={open}
        onChange={setOpen}
        position="bottom-end"
        trapFocus
        withArrow
        shadow="md"
      >
        <Popover.Target>
          <Button
            variant="default"
            leftSection={<IconDeviceFloppy size={16} />}
            onClick={() => {
              setNameError(null);
              setName(chosenRecord?.name ?? '');
              setOpen((o) => !o);
            }}
          >
            Save mapping as…
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <Stack gap="xs" w={260}>
              <TextInput
                label="Mapping name"
                description="The same name replaces the saved one."
                value={name}
                onChange={(e) => {
                  setName(e.currentTarget.value);
                  setNameError(null);
                }}
                error={nameError ?? undefined}
                maxLength={100}
                data-autofocus
              />
              <Group justify="flex-end" gap="xs">
                <Button variant="default" size="xs" onClick={() => setOpen(false)}>
                  Cancel
                </Button>
                <Button type="submit" size="xs" loading={save.isPending}>
                  Save mapping
                </Button>
              </Group>
            </Stack>
          </form>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
