import { Anchor, Badge, Card, Table, Text, Title } from '@mantine/core';
import { IconHistory } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadMore } from '../../components/LoadMore';
import { RelativeTime } from '../../components/RelativeTime';
import { TableSkeleton } from '../../components/TableSkeleton';
import { useImportHistory, type ImportRun } from './api';
import { IMPORT_ENTITY_LABELS, STATUS_COLORS, STATUS_LABELS } from './entities';

export function ImportStatusBadge({ status }: { status: ImportRun['status'] }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light">
      {STATUS_LABELS[status]}
    </Badge>
  );
}

/** "12 created · 3 updated · 2 failed", or what the run is doing. */
function outcome(run: ImportRun): string {
  if (run.status === 'undone' && run.undo) {
    return `${run.undo.reverted.toLocaleString()} reverted${run.undo.keptEdited ? ` · ${run.undo.keptEdited.toLocaleString()} kept` : ''}`;
  }
  const c = run.counts ?? (run.status === 'previewed' ? run.preview : null);
  if (!c) return run.status === 'failed' && run.error ? run.error : '—';
  const would = run.counts ? '' : 'would be ';
  const parts = [
    c.created && `${c.created.toLocaleString()} ${would}created`,
    c.updated && `${c.updated.toLocaleString()} ${would}updated`,
    c.skipped && `${c.skipped.toLocaleString()} skipped`,
    c.failed && `${c.failed.toLocaleString()} failed`,
    c.duplicates && `${c.duplicates.toLocaleString()} duplicates`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'Nothing to import';
}

/** Earlier imports, newest first, each opening its run (to check, resume or undo it). */
export function ImportHistory() {
  const q = useImportHistory();
  return (
    <Card padding={0} mt="xl">
      <Title order={3} size="h4" p="md" pb="xs">
        Import history
      </Title>
      {q.isError && !q.data ? (
        <ErrorAlert
          error={q.error}
          title="Could not load earlier imports"
          onRetry={() => void q.refetch()}
        />
      ) : !q.data ? (
        <Table aria-label="Import history">
          <TableSkeleton columns={6} rows={3} />
        </Table>
      ) : q.rows.length === 0 ? (
        <EmptyState
          icon={<IconHistory size={26} stroke={1.5} />}
          title="No imports yet"
          description="Files you import show up here with what they created, so you can check them or undo them."
        />
      ) : (
        <Table.ScrollContainer minWidth={820}>
          <Table highlightOnHover verticalSpacing="sm" aria-label="Import history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={140}>When</Table.Th>
                <Table.Th>By</Table.Th>
                <Table.Th>Object</Table.Th>
                <Table.Th>File</Table.Th>
                <Table.Th w={120}>Status</Table.Th>
                <Table.Th>Result</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.rows.map((run) => (
                <Table.Tr key={run.id}>
                  <Table.Td>
                    <RelativeTime iso={run.createdAt} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{run.createdBy.name}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{IMPORT_ENTITY_LABELS[run.entity]}</Text>
                  </Table.Td>
                  <Table.Td maw={280}>
                    <Anchor
                      component={Link}
                      to={`/imports/${run.id}`}
                      size="sm"
                      fw={600}
                      style={{ overflowWrap: 'anywhere' }}
                    >
                      {run.file.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <ImportStatusBadge status={run.status} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={run.status === 'failed' ? 'red' : undefined}>
                      {outcome(run)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <div style={{ paddingBottom: 'var(--mantine-spacing-md)' }}>
        <LoadMore
          shown={q.rows.length}
          hasNextPage={q.hasNextPage}
          loading={q.isFetchingNextPage}
          onLoadMore={() => void q.fetchNextPage()}
          noun="import"
          error={q.isFetchNextPageError ? q.error : undefined}
        />
      </div>
    </Card>
  );
}
