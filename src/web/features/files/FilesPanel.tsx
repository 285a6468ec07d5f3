import {
  Alert,
  Anchor,
  Box,
  Button,
  Group,
  Progress,
  Stack,
  Text,
  ThemeIcon,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconFile,
  IconFileSpreadsheet,
  IconFileText,
  IconFileTypePdf,
  IconFileZip,
  IconFiles,
  IconPhoto,
  IconUpload,
} from '@tabler/icons-react';
import { useRef, useState, type DragEvent } from 'react';
import {
  ACCEPT_ATTRIBUTE,
  ACCEPTED_FILES_DESCRIPTION,
  fileTypeLabel,
  formatBytes,
} from '../../../shared/files';
import type { RecordType } from '../../../shared/records';
import { confirmDelete, RecordList, RowActions } from '../../components/RecordPanel';
import { errorMessage } from '../../lib/api';
import { formatDateTime, formatRelative } from '../../lib/format';
import { uploadFile, useDeleteFile, useFiles, useInvalidateFiles, type StoredFile } from './api';
import classes from './FilesPanel.module.css';

function iconFor(contentType: string) {
  if (contentType === 'application/pdf') return IconFileTypePdf;
  if (contentType.startsWith('image/')) return IconPhoto;
  if (contentType === 'application/zip') return IconFileZip;
  if (contentType === 'text/csv' || /spreadsheet|sheet/.test(contentType)) {
    return IconFileSpreadsheet;
  }
  if (contentType.startsWith('text/') || /document|presentation/.test(contentType)) {
    return IconFileText;
  }
  return IconFile;
}

interface Upload {
  key: number;
  name: string;
  size: number;
  progress: number;
  error?: string;
}

let uploadSeq = 0;

/**
 * The files of one record: a drop zone (or the file picker) that uploads with a progress bar,
 * and the list with type, size, uploader and date, each downloadable and — for those allowed —
 * deletable. The server decides the type from the content; this only helps the user along.
 */
export function FilesPanel({
  subjectType,
  subjectId,
}: {
  subjectType: RecordType;
  subjectId: string;
}) {
  const list = useFiles(subjectType, subjectId);
  const invalidate = useInvalidateFiles(subjectType, subjectId);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const maxBytes = list.maxBytes;

  const patch = (key: number, change: Partial<Upload>) =>
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));
  const dismiss = (key: number) => setUploads((all) => all.filter((u) => u.key !== key));

  const start = async (files: File[]) => {
    // One after another: the limit is per file, and the progress bars stay readable.
    for (const file of files) {
      const key = ++uploadSeq;
      const item: Upload = { key, name: file.name, size: file.size, progress: 0 };
      if (file.size === 0) item.error = 'That file is empty.';
      else if (maxBytes !== undefined && file.size > maxBytes) {
        const size = formatBytes(file.size);
        const limit = formatBytes(maxBytes);
        item.error =
          size === limit
            ? `That file is just over the ${limit} limit.`
            : `That file is ${size}; the limit is ${limit}.`;
      }
      setUploads((all) => [...all, item]);
      if (item.error) continue;
      try {
        await uploadFile(subjectType, subjectId, file, (p) => patch(key, { progress: p }));
        dismiss(key);
        invalidate();
        notifications.show({ color: 'teal', title: 'Uploaded', message: file.name });
      } catch (err) {
        patch(key, { error: errorMessage(err) });
      }
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const files = Array.from(e.dataTransfer.files);
    if (files.length > 0) void start(files);
  };

  return (
    <Stack gap="md">
      <Box
        className={classes.drop}
        data-active={dragging || undefined}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          if (!dragging) setDragging(true);
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={onDrop}
        data-testid="file-drop"
      >
        <Stack gap={6} align="center">
          <ThemeIcon variant="light" radius="xl" size="xl">
            <IconUpload size={22} stroke={1.6} />
          </ThemeIcon>
          <Text size="sm">
            {dragging ? 'Drop to upload' : 'Drag files here, or'}{' '}
            {!dragging && (
              <Button
                variant="subtle"
                size="compact-sm"
                onClick={() => input.current?.click()}
                aria-label="Browse for files to upload"
              >
                browse…
              </Button>
            )}
          </Text>
          <Text size="xs" c="dimmed" maw={520}>
            {maxBytes !== undefined ? `Up to ${formatBytes(maxBytes)} each. ` : ''}
            {ACCEPTED_FILES_DESCRIPTION}.
          </Text>
        </Stack>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          accept={ACCEPT_ATTRIBUTE}
          data-testid="file-input"
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? []);
            e.currentTarget.value = '';
            if (files.length > 0) void start(files);
          }}
        />
      </Box>

      {uploads.map((u) =>
        u.error ? (
          <Alert
            key={u.key}
            color="red"
            variant="light"
            title={`Could not upload ${u.name}`}
            role="alert"
            withCloseButton
            closeButtonLabel="Dismiss"
            onClose={() => dismiss(u.key)}
          >
            {u.error}
          </Alert>
        ) : (
          <Box key={u.key} aria-label={`Uploading ${u.name}`}>
            <Group justify="space-between" gap="xs" mb={4} wrap="nowrap">
              <Text size="sm" truncate>
                {u.name}
              </Text>
              <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                {Math.round(u.progress * 100)}% of {formatBytes(u.size)}
              </Text>
            </Group>
            <Progress
              value={u.progress * 100}
              animated={u.progress < 1}
              aria-label={`Upload progress of ${u.name}`}
            />
          </Box>
        ),
      )}

      <RecordList
        list={list}
        label="Files"
        noun="file"
        skeletons={2}
        skeletonHeight={48}
        empty={{
          icon: <IconFiles size={26} stroke={1.5} />,
          title: 'No files yet — upload the first one',
          description: 'Proposals, price lists, contracts and screenshots belong here.',
        }}
      >
        {(f) => <FileRow file={f} subjectType={subjectType} subjectId={subjectId} />}
      </RecordList>
    </Stack>
  );
}

function FileRow({
  file: f,
  subjectType,
  subjectId,
}: {
  file: StoredFile;
  subjectType: RecordType;
  subjectId: string;
}) {
  const remove = useDeleteFile(subjectType, subjectId);
  const Icon = iconFor(f.contentType);
  const askDelete = () =>
    confirmDelete({
      title: 'Delete this file?',
      message: `“${f.name}” will be deleted for everyone who works on this record. This cannot be undone.`,
      confirmLabel: 'Delete file',
      deleted: `${f.name} deleted.`,
      run: (done) => remove.mutate(f.id, { onSuccess: done }),
    });

  return (
    <Group
      className={classes.row}
      wrap="nowrap"
      gap="sm"
      data-testid="file-row"
      aria-label={f.name}
    >
      <ThemeIcon variant="light" color="gray" radius="md" size="lg">
        <Icon size={20} stroke={1.5} />
      </ThemeIcon>
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Anchor
          href={f.downloadUrl}
          download={f.name}
          size="sm"
          fw={600}
          style={{ overflowWrap: 'anywhere' }}
        >
          {f.name}
        </Anchor>
        <Text size="xs" c="dimmed">
          {fileTypeLabel(f.contentType)} · {formatBytes(f.size)} ·{' '}
          {f.uploadedBy?.name ?? 'Unknown uploader'} ·{' '}
          <Tooltip label={formatDateTime(f.createdAt)} withArrow>
            <span>{formatRelative(f.createdAt)}</span>
          </Tooltip>
        </Text>
      </Box>
      <RowActions
        deleteLabel={`Delete ${f.name}`}
        onDelete={f.abilities.delete ? askDelete : undefined}
        deleting={remove.isPending}
        hidden={false}
      />
    </Group>
  );
}
