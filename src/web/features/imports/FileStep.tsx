import { Alert, Box, Button, Group, Progress, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertCircle, IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useNavigate } from 'react-router';
import { formatBytes } from '../../../shared/files';
import { DEFAULT_IMPORT_MAX_BYTES, type ImportEntity } from '../../../shared/imports';
import { errorMessage, isApiError } from '../../lib/api';
import { importKeys, uploadImportFile, useImportFields } from './api';
import { ENTITY_NOUN, IMPORT_ENTITY_LABELS } from './entities';
import classes from './Imports.module.css';
import { useQueryClient } from '@tanstack/react-query';

const ACCEPT = '.csv,.txt,.xlsx';
const ACCEPTED = /\.(csv|txt|tsv|xlsx)$/i;

interface Upload {
  name: string;
  size: number;
  progress: number;
}

/** Step 2: the file, dropped on the zone or picked with Browse, uploaded with a progress bar. */
export function FileStep({ entity, onBack }: { entity: ImportEntity; onBack?: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const fields = useImportFields(entity);
  const input = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController | null>(null);
  const [dragging, setDragging] = useState(false);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [error, setError] = useState<{ title: string; message: string } | null>(null);
  const limit = formatBytes(DEFAULT_IMPORT_MAX_BYTES);

  // Leaving the page cancels an upload still on its way.
  useEffect(() => () => abort.current?.abort(), []);

  const start = async (file: File) => {
    setError(null);
    if (!ACCEPTED.test(file.name)) {
      setError({
        title: `${file.name} is not a CSV or Excel file`,
        message:
          'Save it as CSV (comma, semicolon or tab separated) or as an Excel .xlsx workbook.',
      });
      return;
    }
    if (file.size === 0) {
      setError({ title: `${file.name} is empty`, message: 'Pick the file that holds the data.' });
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    setUpload({ name: file.name, size: file.size, progress: 0 });
    try {
      const run = await uploadImportFile(
        entity,
        file,
        (progress) => setUpload((u) => (u ? { ...u, progress } : u)),
        controller.signal,
      );
      queryClient.setQueryData(importKeys.run(run.id), run);
      void queryClient.invalidateQueries({ queryKey: importKeys.lists });
      void navigate(`/imports/${run.id}`);
    } catch (err) {
      setUpload(null);
      if (err instanceof DOMException && err.name === 'AbortError') return;
      let message = errorMessage(err);
      // A server refusing a large file mid-stream may just drop the connection.
      if (isApiError(err) && err.status === 0 && file.size > DEFAULT_IMPORT_MAX_BYTES) {
        message = `The file is ${formatBytes(file.size)}; imports accept files up to ${limit}. Split it into smaller files.`;
      }
      setError({ title: `Could not upload ${file.name}`, message });
    } finally {
      abort.current = null;
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (upload) return;
    const files = Array.from(e.dataTransfer.files);
    if (files.length > 1) {
      setError({ title: 'One file at a time', message: 'Drop a single CSV or Excel file.' });
      return;
    }
    if (files[0]) void start(files[0]);
  };

  const required = (fields.data ?? []).filter((f) => f.required).map((f) => f.label);

  return (
    <Stack gap="md">
      <div>
        <Title order={3} size="h4">
          Upload your {ENTITY_NOUN[entity]} file
        </Title>
        <Text size="sm" c="dimmed">
          The first row must hold the column names; you match them to {ENTITY_NOUN[entity]} fields
          in a moment.
          {required.length > 0 && ` Every ${ENTITY_NOUN[entity]} needs: ${required.join(', ')}.`}
        </Text>
      </div>
      <Box
        className={classes.drop}
        data-active={dragging || undefined}
        data-busy={upload ? true : undefined}
        role="group"
        aria-label="Drop zone for the import file"
        onDragEnter={(e) => {
          e.preventDefault();
          if (!upload) setDragging(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = upload ? 'none' : 'copy';
          if (!dragging && !upload) setDragging(true);
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={onDrop}
        data-testid="import-drop"
      >
        <Stack gap="xs" align="center">
          <ThemeIcon variant="light" radius="xl" size={48}>
            {dragging ? (
              <IconFileSpreadsheet size={26} stroke={1.6} />
            ) : (
              <IconUpload size={26} stroke={1.6} />
            )}
          </ThemeIcon>
          <Text fw={600}>{dragging ? 'Drop the file to upload it' : 'Drag your file here'}</Text>
          <Text size="sm" c="dimmed">
            or
          </Text>
          <Button
            variant="default"
            onClick={() => input.current?.click()}
            disabled={!!upload}
            leftSection={<IconFileSpreadsheet size={16} />}
          >
            Browse…
          </Button>
          <Text size="xs" c="dimmed" maw={520}>
            CSV (comma, semicolon or tab separated; UTF-8, UTF-16 or Windows encodings) or Excel
            .xlsx, up to {limit}.
          </Text>
        </Stack>
        <input
          ref={input}
          type="file"
          hidden
          accept={ACCEPT}
          aria-label={`File with ${IMPORT_ENTITY_LABELS[entity].toLowerCase()} to import`}
          data-testid="import-file-input"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void start(file);
          }}
        />
      </Box>

      {upload && (
        <Box>
          <Group justify="space-between" gap="xs" mb={4} wrap="nowrap">
            <Text size="sm" truncate>
              Uploading {upload.name}
            </Text>
            <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
              {upload.progress < 1
                ? `${Math.round(upload.progress * 100)}% of ${formatBytes(upload.size)}`
                : 'Reading the columns…'}
            </Text>
          </Group>
          <Progress
            value={Math.max(2, upload.progress * 100)}
            animated
            aria-label={`Upload progress of ${upload.name}`}
          />
          <Group justify="flex-end" mt="xs">
            <Button variant="subtle" size="xs" color="gray" onClick={() => abort.current?.abort()}>
              Cancel upload
            </Button>
          </Group>
        </Box>
      )}

      {error && (
        <Alert
          color="red"
          variant="light"
          title={error.title}
          icon={<IconAlertCircle size={18} />}
          role="alert"
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setError(null)}
        >
          {error.message}
        </Alert>
      )}

      {onBack && (
        <Group>
          <Button variant="default" onClick={onBack} disabled={!!upload}>
            Back
          </Button>
        </Group>
      )}
    </Stack>
  );
}
