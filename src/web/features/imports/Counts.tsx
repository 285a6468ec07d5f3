import { Box, Group, Progress, SimpleGrid, Table, Text } from '@mantine/core';
import type { ImportCounts, ImportFailure, ImportField } from '../../../shared/imports';
import classes from './Imports.module.css';

interface CountsGridProps {
  counts: ImportCounts;
  /** The preview says what would happen, the result what did. */
  preview?: boolean;
  label: string;
}

/** The five outcomes side by side, each readable on its own ("Would create 120"). */
export function CountsGrid({ counts, preview, label }: CountsGridProps) {
  const items: { key: keyof ImportCounts; label: string; color?: string }[] = [
    { key: 'created', label: preview ? 'Would create' : 'Created', color: 'teal' },
    { key: 'updated', label: preview ? 'Would update' : 'Updated', color: 'blue' },
    { key: 'skipped', label: preview ? 'Would skip' : 'Skipped' },
    { key: 'failed', label: preview ? 'Would fail' : 'Failed', color: 'red' },
    { key: 'duplicates', label: 'Duplicates', color: 'orange' },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, md: 5 }} spacing="sm" role="list" aria-label={label}>
      {items.map((item) => (
        <Box
          key={item.key}
          className={classes.count}
          role="listitem"
          aria-label={`${item.label}: ${counts[item.key].toLocaleString()}`}
        >
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {item.label}
          </Text>
          <Text fz={26} fw={700} c={counts[item.key] > 0 ? item.color : 'dimmed'}>
            {counts[item.key].toLocaleString()}
          </Text>
        </Box>
      ))}
    </SimpleGrid>
  );
}

/** The first failed rows, by line of the file (line 1 is the header row). */
export function FailuresTable({
  failures,
  total,
  label,
  fields,
}: {
  failures: ImportFailure[];
  /** to name a field by its label rather than its key */
  fields: readonly ImportField[];
  /** failed + skipped + duplicates, to say how many more there are */
  total: number;
  label: string;
}) {
  if (failures.length === 0) return null;
  return (
    <Box>
      <Table.ScrollContainer minWidth={520}>
        <Table verticalSpacing={6} aria-label={label} striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={90}>Line</Table.Th>
              <Table.Th w={180}>Field</Table.Th>
              <Table.Th>Reason</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {failures.map((f, i) => (
              <Table.Tr key={`${f.line}-${i}`}>
                <Table.Td>{f.line}</Table.Td>
                <Table.Td>
                  {f.field ? (fields.find((x) => x.key === f.field)?.label ?? f.field) : '—'}
                </Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{f.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {total > failures.length && (
        <Text size="xs" c="dimmed" mt={4}>
          The first {failures.length} of {total.toLocaleString()} rows that are not imported.
        </Text>
      )}
    </Box>
  );
}

/** A progress bar for work the server does; without a total yet it just shows movement. */
export function WorkProgress({
  label,
  progress,
  noun = 'rows',
}: {
  label: string;
  progress: { done: number; total: number | null } | null;
  noun?: string;
}) {
  const total = progress?.total ?? null;
  const done = progress?.done ?? 0;
  const pct = total ? Math.min(100, (done / total) * 100) : 100;
  return (
    <Box>
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={600}>
          {label}
        </Text>
        <Text size="sm" c="dimmed" aria-live="polite">
          {total
            ? `${done.toLocaleString()} of ${total.toLocaleString()} ${noun} · ${Math.floor(pct)}%`
            : done > 0
              ? `${done.toLocaleString()} ${noun}`
              : 'Starting…'}
        </Text>
      </Group>
      <Progress
        value={Math.max(pct, 2)}
        animated
        striped={!total}
        size="lg"
        aria-label={label}
        aria-valuetext={total ? `${Math.floor(pct)}%` : 'in progress'}
      />
    </Box>
  );
}
