import { Alert, Button, Group, Loader, Radio, Select, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import {
  IMPORT_MODES,
  type ImportField,
  type ImportMatchBy,
  type ImportRun,
  type ImportSettings,
} from '../../../shared/imports';
import { formatBytes } from '../../../shared/files';
import {
  ENTITY_NOUN,
  matchByChoices,
  matchByDescription,
  matchByLabel,
  MODE_DESCRIPTIONS,
  MODE_LABELS,
} from './entities';

const DELIMITERS: Record<string, string> = {
  ',': 'commas',
  ';': 'semicolons',
  '\t': 'tabs',
  '|': 'pipes',
};

/** "leads.csv · 12 KB · CSV, UTF-8, separated by semicolons · 6 columns" */
export function fileSummary(run: ImportRun): string {
  const f = run.file;
  const parts = [f.name, formatBytes(f.size)];
  if (f.format === 'xlsx') parts.push(f.sheet ? `Excel, sheet “${f.sheet}”` : 'Excel');
  else {
    const d = f.delimiter ? (DELIMITERS[f.delimiter] ?? `“${f.delimiter}”`) : null;
    parts.push(
      ['CSV', f.encoding?.toUpperCase(), d && `separated by ${d}`].filter(Boolean).join(', '),
    );
  }
  parts.push(`${run.headers.length} ${run.headers.length === 1 ? 'column' : 'columns'}`);
  return parts.join(' · ');
}

interface OptionsStepProps {
  run: ImportRun;
  fields: ImportField[];
  settings: ImportSettings;
  onChange: (s: ImportSettings) => void;
  onNext: () => void;
  /** The sheet picker changes what the columns are; the page re-reads the file. */
  onSheet: (sheet: string) => void;
  sheetLoading: boolean;
  sheetError: string | null;
}

/** Step 3: add, update or both; how rows find the records they update; for workbooks, the sheet. */
export function OptionsStep({
  run,
  fields,
  settings,
  onChange,
  onNext,
  onSheet,
  sheetLoading,
  sheetError,
}: OptionsStepProps) {
  const [error, setError] = useState<string | null>(null);
  const noun = ENTITY_NOUN[run.entity];
  const hasEmail = fields.some((f) => f.key === 'email');
  const choices = matchByChoices(run.entity).filter((m) => m !== 'email' || hasEmail);
  const matchBy = choices.includes(settings.matchBy) ? settings.matchBy : choices[0]!;

  const next = () => {
    if (matchBy === 'external_id' && !settings.externalIdColumn) {
      setError('Pick the column that holds the id.');
      return;
    }
    setError(null);
    onChange({ ...settings, matchBy });
    onNext();
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        next();
      }}
    >
      <Stack gap="lg">
        <div>
          <Title order={3} size="h4">
            How should the import treat existing {noun}s?
          </Title>
          <Text size="sm" c="dimmed">
            Next you match the columns of the file to {noun} fields, then check a preview before
            anything is saved.
          </Text>
        </div>

        {run.file.sheets.length > 1 && (
          <Select
            label="Sheet"
            description="This workbook has several sheets; the import reads one of them."
            data={run.file.sheets}
            value={settings.sheet ?? run.file.sheet}
            onChange={(v) => v && onSheet(v)}
            allowDeselect={false}
            disabled={sheetLoading}
            error={sheetError ?? undefined}
            rightSection={sheetLoading ? <Loader size="xs" /> : undefined}
            maw={440}
          />
        )}

        <Radio.Group
          label="What should the import do?"
          value={settings.mode}
          onChange={(v) =>
            onChange({ ...settings, mode: IMPORT_MODES.find((m) => m === v) ?? 'add' })
          }
        >
          <Stack gap="sm" mt="xs">
            {IMPORT_MODES.map((m) => (
              <Radio key={m} value={m} label={MODE_LABELS[m]} description={MODE_DESCRIPTIONS[m]} />
            ))}
          </Stack>
        </Radio.Group>

        <Radio.Group
          label={`Match rows to existing ${noun}s by`}
          description={
            settings.mode === 'add'
              ? `Rows that match a ${noun} you already have are skipped, so nothing is created twice.`
              : undefined
          }
          value={matchBy}
          onChange={(v) => {
            const m = choices.find((c): c is ImportMatchBy => c === v);
            if (m) onChange({ ...settings, matchBy: m });
          }}
        >
          <Stack gap="sm" mt="xs">
            {choices.map((m) => (
              <Radio
                key={m}
                value={m}
                label={matchByLabel(run.entity, m)}
                description={matchByDescription(run.entity, m)}
              />
            ))}
          </Stack>
        </Radio.Group>

        {matchBy === 'external_id' && (
          <Select
            label="Id column"
            description="The column of the file with each record's id in your other system."
            placeholder="Pick a column"
            data={run.headers.map((h) => ({ value: h, label: h.trim() || h }))}
            value={settings.externalIdColumn ?? null}
            onChange={(v) => {
              setError(null);
              onChange({ ...settings, externalIdColumn: v });
            }}
            error={error ?? undefined}
            searchable
            w={320}
          />
        )}
        {error && matchBy !== 'external_id' && (
          <Alert color="red" variant="light" role="alert">
            {error}
          </Alert>
        )}

        <Group justify="space-between">
          <Button component={Link} to={`/imports?entity=${run.entity}`} variant="default">
            Upload another file
          </Button>
          <Button type="submit" rightSection={<IconArrowRight size={16} />} loading={sheetLoading}>
            Next: map fields
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
