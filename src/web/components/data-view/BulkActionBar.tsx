import { Button, Group, List, Menu, Paper, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { errorMessage } from '../../lib/api';
import { pluralize } from '../../lib/format';

/** What a list's bulk endpoint answers: how many rows changed, and why the others did not. */
export interface BulkResult {
  updated: number;
  unchanged: number;
  failed: { id: string; reason: string }[];
}

/** How a list names its records in the report, e.g. lead / leads / "A lead". */
export interface BulkNouns {
  one: string;
  many: string;
  /** for a failed row whose name is not known */
  unnamed: string;
  /** how the failed rows are counted ("failed" unless said otherwise) */
  failedAs?: string;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Tells how a bulk change went, in numbers, naming the first rows that were not changed. */
export function reportBulkResult(result: BulkResult, names: Map<string, string>, nouns: BulkNouns) {
  const failed = result.failed.length;
  const parts = [`${pluralize(result.updated, nouns.one, nouns.many)} updated`];
  if (result.unchanged > 0) parts.push(`${result.unchanged.toLocaleString()} already set`);
  if (failed > 0) parts.push(`${failed.toLocaleString()} ${nouns.failedAs ?? 'failed'}`);
  notifications.show({
    color: failed > 0 ? 'yellow' : 'teal',
    title: failed > 0 ? `Some ${nouns.many} were not changed` : `${capitalize(nouns.many)} updated`,
    autoClose: failed > 0 ? false : 5000,
    message: (
      <>
        <Text size="sm">{parts.join(', ')}.</Text>
        {failed > 0 && (
          <List size="xs" mt={4}>
            {result.failed.slice(0, 5).map((f) => (
              <List.Item key={f.id}>
                {names.get(f.id) ?? nouns.unnamed}: {f.reason}
              </List.Item>
            ))}
            {failed > 5 && <List.Item>… and {failed - 5} more</List.Item>}
          </List>
        )}
      </>
    ),
  });
}

/**
 * The callbacks of a bulk mutation: report the result, and clear the selection when every row
 * changed (the ones that failed stay ticked, to try again); an error changed nothing.
 */
export function bulkHandlers({
  names,
  nouns,
  onClear,
  onSuccess,
}: {
  names: Map<string, string>;
  nouns: BulkNouns;
  onClear: () => void;
  /** runs after the report, before the selection is cleared */
  onSuccess?: () => void;
}) {
  return {
    onSuccess: (result: BulkResult) => {
      reportBulkResult(result, names, nouns);
      onSuccess?.();
      if (result.failed.length === 0) onClear();
    },
    onError: (error: unknown) =>
      notifications.show({
        color: 'red',
        title: 'Nothing was changed',
        message: errorMessage(error),
      }),
  };
}

/** A bulk action that opens a menu of values (a level, a stage, a person). */
export function BulkMenu({
  label,
  icon,
  loading,
  children,
}: {
  label: string;
  icon: ReactNode;
  loading: boolean;
  /** the Menu.Items */
  children: ReactNode;
}) {
  return (
    <Menu position="bottom-end" shadow="md" withinPortal>
      <Menu.Target>
        <Button
          size="xs"
          variant="default"
          leftSection={icon}
          rightSection={<IconChevronDown size={12} />}
          loading={loading}
        >
          {label}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>{children}</Menu.Dropdown>
    </Menu>
  );
}

/** A bulk action that opens a dialog or a confirmation. */
export function BulkButton({
  label,
  icon,
  loading,
  onClick,
  color,
}: {
  label: string;
  icon: ReactNode;
  loading: boolean;
  onClick: () => void;
  color?: string;
}) {
  return (
    <Button
      size="xs"
      variant="default"
      color={color}
      leftSection={icon}
      loading={loading}
      onClick={onClick}
    >
      {label}
    </Button>
  );
}

/**
 * The band above a list while rows are ticked: how many, the actions on them, and a way to clear
 * the selection. Dialogs the actions open go in `extra`.
 */
export function BulkActionBar({
  count,
  onClear,
  children,
  extra,
}: {
  /** "3 leads" */
  count: string;
  onClear: () => void;
  /** the action buttons and menus */
  children: ReactNode;
  extra?: ReactNode;
}) {
  return (
    <Paper
      px="md"
      py="xs"
      radius={0}
      withBorder={false}
      bg="var(--mantine-primary-color-light)"
      role="region"
      aria-label="Bulk actions"
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm" fw={600}>
          {count} selected
        </Text>
        <Group gap="xs" wrap="wrap">
          {children}
          <Button size="xs" variant="subtle" leftSection={<IconX size={14} />} onClick={onClear}>
            Clear selection
          </Button>
        </Group>
      </Group>
      {extra}
    </Paper>
  );
}
