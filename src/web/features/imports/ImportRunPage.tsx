import {
  Alert,
  Button,
  Card,
  Center,
  Checkbox,
  Group,
  Loader,
  Modal,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconCircleCheck,
  IconDownload,
  IconFileImport,
  IconPlayerPlay,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ImportField, ImportRun, ImportSettings } from '../../../shared/imports';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NotFoundContent } from '../../components/NotFound';
import { PageHeader } from '../../components/PageHeader';
import { api, errorMessage, isApiError } from '../../lib/api';
import { pluralize } from '../../lib/format';
import { useCurrentUser } from '../../lib/session';
import {
  importKeys,
  resultsCsvUrl,
  useImportFields,
  useImportRun,
  usePreviewImport,
  useStartImport,
  useUndoImport,
} from './api';
import { CountsGrid, FailuresTable, WorkProgress } from './Counts';
import { ENTITY_NOUN, IMPORT_ENTITY_LABELS, matchByChoices, MODE_LABELS } from './entities';
import { ImportStatusBadge } from './ImportHistory';
import { MappingStep } from './MappingStep';
import { normalizeMapping } from './mapping';
import { fileSummary, OptionsStep } from './OptionsStep';
import { WIZARD_STEPS, WizardSteps } from './WizardSteps';

type View = 'options' | 'mapping' | 'review';

const RUN_STATUSES: readonly ImportRun['status'][] = [
  'queued',
  'running',
  'done',
  'failed',
  'undoing',
  'undone',
];

/** /imports/:importId — steps 3 to 6 of the wizard, read from the server so a reload resumes. */
export function ImportRunPage() {
  const { importId = '' } = useParams();
  const run = useImportRun(importId);
  const fields = useImportFields(run.data?.entity);

  if (run.isError && !run.data) {
    if (isApiError(run.error) && run.error.status === 404) {
      return <NotFoundContent actionLabel="Go to imports" to="/imports" />;
    }
    return (
      <>
        <PageHeader title="Import" breadcrumbs={[{ label: 'Import', to: '/imports' }]} />
        <ErrorAlert
          error={run.error}
          title="Could not load this import"
          onRetry={() => void run.refetch()}
        />
      </>
    );
  }
  if (!run.data || (!fields.data && !fields.isError)) {
    return (
      <Center py={120} role="status" aria-label="Loading the import">
        <Loader size="sm" />
      </Center>
    );
  }
  return (
    <RunWizard
      key={run.data.id}
      run={run.data}
      fields={fields.data ?? []}
      fieldsError={fields.isError ? fields.error : null}
    />
  );
}

function initialSettings(run: ImportRun, fields: ImportField[]): ImportSettings {
  const choices = matchByChoices(run.entity).filter(
    (m) => m !== 'email' || fields.some((f) => f.key === 'email'),
  );
  const s = run.settings;
  return {
    mode: s?.mode ?? 'add',
    matchBy: s?.matchBy && choices.includes(s.matchBy) ? s.matchBy : (choices[0] ?? 'email'),
    externalIdColumn: s?.externalIdColumn ?? null,
    mapping: normalizeMapping(run.headers, s?.mapping ?? run.suggestedMapping, fields),
    sheet: s?.sheet ?? run.file.sheet,
  };
}

function RunWizard({
  run,
  fields,
  fieldsError,
}: {
  run: ImportRun;
  fields: ImportField[];
  fieldsError: unknown;
}) {
  const [settings, setSettings] = useState<ImportSettings>(() => initialSettings(run, fields));
  const [view, setView] = useState<View>(run.status === 'uploaded' ? 'options' : 'review');
  const [sheetPending, setSheetPending] = useState(false);
  const [sheetError, setSheetError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const preview = usePreviewImport();
  const headersKey = run.headers.join('\u0000');

  // Fields arrive after the run on a cold load, and another sheet brings other columns: the
  // mapping follows, starting again from the server's suggestion where the columns changed.
  useEffect(() => {
    setSettings((s) => {
      const known = run.headers.every((h) => Object.hasOwn(s.mapping, h));
      const idColumn = s.externalIdColumn;
      return {
        ...s,
        mapping: normalizeMapping(run.headers, known ? s.mapping : run.suggestedMapping, fields),
        externalIdColumn: idColumn && run.headers.includes(idColumn) ? idColumn : null,
      };
    });
    // headersKey stands for run.headers, which is a new array on every poll.
  }, [headersKey, fields]);

  // A run that failed before writing anything may be set up again and retried.
  const [retrying, setRetrying] = useState(false);
  useEffect(() => {
    if (run.status !== 'failed') setRetrying(false);
  }, [run.status]);
  const inRun = RUN_STATUSES.includes(run.status) && !retrying;
  const active = inRun
    ? run.status === 'done' || run.status === 'undone'
      ? WIZARD_STEPS.length
      : 5
    : view === 'options'
      ? 2
      : view === 'mapping'
        ? 3
        : 4;

  const startPreview = (s: ImportSettings) =>
    preview.mutate({ id: run.id, settings: s }, { onSuccess: () => setView('review') });

  /**
   * Another sheet has other columns. Asking for a preview of it makes the server read and keep
   * that sheet's headers and suggestions; with nothing mapped yet it declines to start the dry
   * run itself (a 400), which is all this needs. The run is then read again with its new columns.
   */
  const changeSheet = async (sheet: string) => {
    setSettings((s) => ({ ...s, sheet }));
    if (sheet === run.file.sheet) return;
    setSheetPending(true);
    setSheetError(null);
    let refused: unknown = null;
    try {
      await api.post(`/api/imports/${encodeURIComponent(run.id)}/preview`, {
        mode: 'update',
        matchBy: 'email',
        mapping: {},
        sheet,
      });
    } catch (err) {
      refused = err;
    }
    let fresh: ImportRun | null = null;
    try {
      fresh = await queryClient.fetchQuery({
        queryKey: importKeys.run(run.id),
        queryFn: () => api.get<ImportRun>(`/api/imports/${encodeURIComponent(run.id)}`),
        staleTime: 0,
      });
    } catch (err) {
      refused = err;
    }
    setSheetPending(false);
    if (fresh?.file.sheet !== sheet) {
      setSettings((s) => ({ ...s, sheet: fresh?.file.sheet ?? run.file.sheet }));
      setSheetError(refused ? errorMessage(refused) : `Could not read the sheet “${sheet}”.`);
    }
  };

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            <span>Import {IMPORT_ENTITY_LABELS[run.entity].toLowerCase()}</span>
            <ImportStatusBadge status={run.status} />
          </Group>
        }
        documentTitle={`Import ${run.file.name}`}
        description={`${fileSummary(run)} · uploaded by ${run.createdBy.name}`}
        breadcrumbs={[{ label: 'Import', to: '/imports' }]}
      />
      <Card padding="lg">
        <WizardSteps active={active} />
        {fieldsError !== null && !inRun ? (
          <ErrorAlert error={fieldsError} title="Could not load the fields to import into" />
        ) : inRun ? (
          <RunResult
            run={run}
            fields={fields}
            onRetry={() => {
              setRetrying(true);
              setView('mapping');
            }}
          />
        ) : view === 'options' ? (
          <OptionsStep
            run={run}
            fields={fields}
            settings={settings}
            onChange={setSettings}
            onNext={() => setView('mapping')}
            onSheet={(sheet) => void changeSheet(sheet)}
            sheetLoading={sheetPending}
            sheetError={sheetError}
          />
        ) : view === 'mapping' ? (
          <MappingStep
            run={run}
            fields={fields}
            settings={settings}
            onChange={(s) => {
              preview.reset();
              setSettings(s);
            }}
            onBack={() => setView('options')}
            onPreview={() => startPreview(settings)}
            previewing={preview.isPending}
            previewError={preview.error}
          />
        ) : (
          <PreviewView
            run={run}
            fields={fields}
            onBack={() => setView('mapping')}
            settings={settings}
          />
        )}
      </Card>
    </>
  );
}

function PreviewView({
  run,
  fields,
  settings,
  onBack,
}: {
  run: ImportRun;
  fields: ImportField[];
  settings: ImportSettings;
  onBack: () => void;
}) {
  const start = useStartImport();
  const noun = ENTITY_NOUN[run.entity];

  if (run.status === 'previewing') {
    return (
      <Stack gap="md" aria-busy="true">
        <Title order={3} size="h4">
          Checking every row…
        </Title>
        <WorkProgress label="Preview progress" progress={run.progress} />
        <Text size="sm" c="dimmed">
          Nothing is saved yet: the preview tries each row and reports what would happen.
        </Text>
      </Stack>
    );
  }
  const p = run.preview;
  if (!p) {
    return (
      <Stack gap="md">
        <Alert color="yellow" variant="light" title="No preview yet">
          Go back to the mapping and start the preview.
        </Alert>
        <Group>
          <Button variant="default" onClick={onBack}>
            Back to the mapping
          </Button>
        </Group>
      </Stack>
    );
  }
  const used = run.settings ?? settings;
  const notImported = p.failed + p.skipped + p.duplicates;
  const nothing = p.created + p.updated === 0;
  return (
    <Stack gap="md">
      <div>
        <Title order={3} size="h4">
          Preview: what the import would do
        </Title>
        <Text size="sm" c="dimmed">
          {pluralize(p.total, 'row')} checked · {MODE_LABELS[used.mode]} · nothing has been saved
          yet.
        </Text>
      </div>
      <CountsGrid counts={p} preview label="Preview counts" />
      {p.failures.length > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Rows that would not be imported
          </Text>
          <FailuresTable
            failures={p.failures}
            total={notImported}
            label="Preview problems"
            fields={fields}
          />
        </Stack>
      )}
      {nothing && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
          No {noun} would be created or updated. Check the mapping and the mode.
        </Alert>
      )}
      {start.error && (
        <Alert color="red" variant="light" title="Could not start the import" role="alert">
          {errorMessage(start.error)}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          Back to the mapping
        </Button>
        <Button
          leftSection={<IconPlayerPlay size={16} />}
          loading={start.isPending}
          disabled={nothing}
          onClick={() => start.mutate({ id: run.id, settings: used })}
        >
          Start import
        </Button>
      </Group>
    </Stack>
  );
}

const LIST_PATHS: Record<ImportRun['entity'], string> = {
  leads: '/leads',
  accounts: '/accounts',
  contacts: '/contacts',
  partners: '/partners',
  consultants: '/consultants',
};

function RunResult({
  run,
  fields,
  onRetry,
}: {
  run: ImportRun;
  fields: ImportField[];
  onRetry: () => void;
}) {
  const me = useCurrentUser();
  const [undoOpen, setUndoOpen] = useState(false);
  const noun = ENTITY_NOUN[run.entity];
  const c = run.counts;
  const notImported = c ? c.failed + c.skipped + c.duplicates : 0;
  const changed = c ? c.created + c.updated : 0;
  const listPath =
    run.entity === 'consultants' && me.partner ? '/company/consultants' : LIST_PATHS[run.entity];

  if (run.status === 'queued' || run.status === 'running') {
    return (
      <Stack gap="md" aria-busy="true">
        <Title order={3} size="h4">
          {run.status === 'queued' ? 'The import is about to start…' : `Importing ${noun}s…`}
        </Title>
        <WorkProgress label="Import progress" progress={run.progress} />
        <Text size="sm" c="dimmed">
          You can leave this page: the import carries on, and this page shows where it stands when
          you come back.
        </Text>
      </Stack>
    );
  }
  if (run.status === 'undoing') {
    return (
      <Stack gap="md" aria-busy="true">
        <Title order={3} size="h4">
          Undoing the import…
        </Title>
        <WorkProgress label="Undo progress" progress={run.progress} noun="records" />
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      {run.status === 'done' && (
        <Alert
          color="teal"
          variant="light"
          icon={<IconCircleCheck size={18} />}
          title="Import finished"
        >
          {c
            ? `${pluralize(c.created, `${noun} created`, `${noun}s created`)}, ${c.updated.toLocaleString()} updated${notImported ? `, ${notImported.toLocaleString()} not imported` : ''}.`
            : 'The import is complete.'}
        </Alert>
      )}
      {run.status === 'failed' && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={18} />}
          title="The import stopped"
          role="alert"
        >
          {run.error ?? 'Something went wrong while importing.'}
          {changed > 0 && ' The rows imported before it stopped are kept; you can undo them.'}
        </Alert>
      )}
      {run.status === 'undone' && (
        <Alert
          color="gray"
          variant="light"
          icon={<IconArrowBackUp size={18} />}
          title="Import undone"
          role="status"
        >
          {run.undo
            ? `${pluralize(run.undo.reverted, 'record')} reverted.${
                run.undo.keptEdited > 0
                  ? ` ${pluralize(run.undo.keptEdited, 'record was', 'records were')} kept because ${run.undo.keptEdited === 1 ? 'it was' : 'they were'} edited after the import.`
                  : ''
              }`
            : 'The changes of this import were reverted.'}
        </Alert>
      )}

      {c && run.status === 'undone' && (
        <Text size="sm" fw={600} mb={-8}>
          What the import had done
        </Text>
      )}
      {c && <CountsGrid counts={c} label="Import counts" />}
      {run.failures.length > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Rows that were not imported
          </Text>
          <FailuresTable
            failures={run.failures}
            total={notImported}
            label="Import problems"
            fields={fields}
          />
        </Stack>
      )}

      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          {notImported > 0 && (
            <Button
              component="a"
              href={resultsCsvUrl(run.id)}
              download
              variant="default"
              leftSection={<IconDownload size={16} />}
            >
              Download failed and skipped rows (CSV)
            </Button>
          )}
          {(run.status === 'done' || run.status === 'failed') && changed > 0 && (
            <Button
              variant="light"
              color="red"
              leftSection={<IconArrowBackUp size={16} />}
              onClick={() => setUndoOpen(true)}
            >
              Undo import
            </Button>
          )}
        </Group>
        <Group gap="sm">
          {run.status === 'failed' && changed === 0 && (
            <Button variant="default" onClick={onRetry}>
              Change the settings and try again
            </Button>
          )}
          <Button component={Link} to={listPath} variant="default">
            Go to {IMPORT_ENTITY_LABELS[run.entity].toLowerCase()}
          </Button>
          <Button
            component={Link}
            to={`/imports?entity=${run.entity}`}
            leftSection={<IconFileImport size={16} />}
          >
            Import another file
          </Button>
        </Group>
      </Group>
      <UndoModal run={run} opened={undoOpen} onClose={() => setUndoOpen(false)} />
    </Stack>
  );
}

function UndoModal({
  run,
  opened,
  onClose,
}: {
  run: ImportRun;
  opened: boolean;
  onClose: () => void;
}) {
  const undo = useUndoImport();
  const [force, setForce] = useState(false);
  const noun = ENTITY_NOUN[run.entity];
  const c = run.counts;
  const close = () => {
    undo.reset();
    setForce(false);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Undo this import?" centered>
      <Stack gap="sm">
        <Text size="sm">
          {c && c.created > 0 && (
            <>
              The {pluralize(c.created, `${noun} it created`, `${noun}s it created`)}{' '}
              {c.created === 1 ? 'is' : 'are'} deleted.{' '}
            </>
          )}
          {c && c.updated > 0 && (
            <>
              The {pluralize(c.updated, `${noun} it updated`, `${noun}s it updated`)} get their
              previous values back.{' '}
            </>
          )}
        </Text>
        <Text size="sm">
          Records someone has edited since the import are kept as they are, so later work is not
          lost.
        </Text>
        <Checkbox
          label="Also revert records edited since the import"
          description="Their later changes are lost."
          checked={force}
          onChange={(e) => setForce(e.currentTarget.checked)}
        />
        {undo.error && (
          <Alert color="red" variant="light" role="alert">
            {errorMessage(undo.error)}
          </Alert>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={close} data-autofocus>
            Cancel
          </Button>
          <Button
            color="red"
            loading={undo.isPending}
            onClick={() => undo.mutate({ id: run.id, force }, { onSuccess: close })}
          >
            Undo import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
