import {
  Badge,
  Button,
  Checkbox,
  Group,
  Popover,
  ScrollArea,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueries } from '@tanstack/react-query';
import { IconChevronDown, IconColumns, IconSearch } from '@tabler/icons-react';
import { forwardRef, useState, type ComponentPropsWithoutRef } from 'react';
import type { Option } from '../accounts/api';
import type { SearchHook } from '../accounts/pickers';
import { recordNameQuery, type NamedKind } from './api';

/** Names of records known by id (filters from a link or a saved view), for chips and lists. */
export function useRecordNames(kind: NamedKind, ids: string[]): Map<string, string> {
  const results = useQueries({ queries: ids.map((id) => recordNameQuery(kind, id)) });
  const names = new Map<string, string>();
  ids.forEach((id, i) => {
    const name = results[i]?.data;
    if (name) names.set(id, name);
  });
  return names;
}

const FilterButton = forwardRef<
  HTMLButtonElement,
  { label: string; count: number } & ComponentPropsWithoutRef<'button'>
>(function FilterButton({ label, count, ...rest }, ref) {
  return (
    <Button
      ref={ref}
      {...rest}
      variant={count > 0 ? 'light' : 'default'}
      size="sm"
      fw={500}
      rightSection={
        count > 0 ? (
          <Badge size="xs" circle variant="filled" aria-hidden>
            {count}
          </Badge>
        ) : (
          <IconChevronDown size={14} aria-hidden />
        )
      }
      aria-label={count > 0 ? `${label} (${count} selected)` : label}
    >
      {label}
    </Button>
  );
});

/**
 * A facet whose values are too many to list (partners, people, accounts, campaigns): the
 * dropdown searches the server and keeps the chosen ones on top.
 */
export function RemoteFacetFilter({
  label,
  kind,
  selected,
  onChange,
  useOptions,
}: {
  label: string;
  kind: NamedKind;
  selected: string[];
  onChange: (values: string[]) => void;
  useOptions: SearchHook;
}) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const options = useOptions(debounced.trim(), open);
  const names = useRecordNames(kind, selected);
  const chosen: Option[] = selected.map((id) => ({ value: id, label: names.get(id) ?? '…' }));
  const found = (options.data ?? []).filter((o) => !selected.includes(o.value));
  return (
    <Popover
      position="bottom-start"
      shadow="md"
      width={280}
      trapFocus
      opened={open}
      onChange={setOpen}
    >
      <Popover.Target>
        <FilterButton label={label} count={selected.length} onClick={() => setOpen((o) => !o)} />
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Stack gap="xs">
          <TextInput
            size="xs"
            placeholder={`Find ${label.toLowerCase()}`}
            aria-label={`Find ${label.toLowerCase()}`}
            leftSection={<IconSearch size={14} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
          <ScrollArea.Autosize mah={280} type="auto">
            <Checkbox.Group value={selected} onChange={onChange} aria-label={label} role="group">
              <Stack gap={8} p={4}>
                {[...chosen, ...found].map((o) => (
                  <Checkbox key={o.value} value={o.value} label={o.label} size="sm" />
                ))}
                {chosen.length + found.length === 0 && (
                  <Text size="sm" c="dimmed">
                    {options.isFetching ? 'Searching…' : 'No match.'}
                  </Text>
                )}
              </Stack>
            </Checkbox.Group>
          </ScrollArea.Autosize>
          {selected.length > 0 && (
            <Button variant="subtle" size="xs" onClick={() => onChange([])}>
              Clear {label.toLowerCase()}
            </Button>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** Two amounts, applied together, so typing "1" on the way to "1000" does not reload the list. */
export function AmountRangeFilter({
  min,
  max,
  onChange,
}: {
  min: string;
  max: string;
  onChange: (min: string, max: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const [lo, setLo] = useState(min);
  const [hi, setHi] = useState(max);
  const valid = (v: string) => v.trim() === '' || /^\d{1,14}(\.\d{1,2})?$/.test(v.trim());
  const count = min || max ? 1 : 0;
  return (
    <Popover
      position="bottom-start"
      shadow="md"
      width={260}
      trapFocus
      opened={open}
      onChange={(o) => {
        setOpen(o);
        if (o) {
          setLo(min);
          setHi(max);
        }
      }}
    >
      <Popover.Target>
        <FilterButton
          label="Amount"
          count={count}
          onClick={() => {
            setLo(min);
            setHi(max);
            setOpen((o) => !o);
          }}
        />
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (!valid(lo) || !valid(hi)) return;
            onChange(lo.trim(), hi.trim());
            setOpen(false);
          }}
        >
          <Stack gap="xs">
            <Group grow gap="xs">
              <TextInput
                size="sm"
                label="At least"
                inputMode="decimal"
                value={lo}
                onChange={(e) => setLo(e.currentTarget.value)}
                error={valid(lo) ? undefined : 'Not an amount'}
              />
              <TextInput
                size="sm"
                label="At most"
                inputMode="decimal"
                value={hi}
                onChange={(e) => setHi(e.currentTarget.value)}
                error={valid(hi) ? undefined : 'Not an amount'}
              />
            </Group>
            <Text size="xs" c="dimmed">
              In each deal’s own currency.
            </Text>
            <Group justify="space-between">
              <Button
                variant="subtle"
                size="xs"
                onClick={() => {
                  onChange('', '');
                  setOpen(false);
                }}
                disabled={count === 0}
              >
                Clear
              </Button>
              <Button size="xs" type="submit">
                Apply
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}

/** The column chooser: a checklist in the canonical order; the anchor column always stays. */
export function ColumnsMenu<C extends string>({
  all,
  labels,
  defaults,
  anchor,
  columns,
  onChange,
}: {
  all: readonly C[];
  labels: Record<C, string>;
  defaults: readonly C[];
  anchor: C;
  /** The columns shown now (never empty). */
  columns: C[];
  /** An empty list means "back to the default columns". */
  onChange: (columns: C[]) => void;
}) {
  const shown = new Set(columns);
  const toggle = (c: C) => {
    const next = new Set(shown);
    if (next.has(c)) next.delete(c);
    else next.add(c);
    next.add(anchor);
    onChange(all.filter((x) => next.has(x)));
  };
  const isDefault = columns.length === defaults.length && defaults.every((c) => shown.has(c));
  return (
    <Popover position="bottom-end" shadow="md" width={240} trapFocus>
      <Popover.Target>
        <Button variant="default" size="sm" leftSection={<IconColumns size={16} />} fw={500}>
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Text size="xs" fw={600} c="dimmed" px={4} pb={6}>
          Shown columns
        </Text>
        <ScrollArea.Autosize mah={340} type="auto">
          <Stack gap={8} p={4} role="group" aria-label="Shown columns">
            {all.map((c) => (
              <Checkbox
                key={c}
                size="sm"
                label={labels[c]}
                checked={shown.has(c)}
                disabled={c === anchor}
                onChange={() => toggle(c)}
              />
            ))}
          </Stack>
        </ScrollArea.Autosize>
        <Button
          variant="subtle"
          size="xs"
          mt="xs"
          fullWidth
          disabled={isDefault}
          onClick={() => onChange([])}
        >
          Reset to default columns
        </Button>
      </Popover.Dropdown>
    </Popover>
  );
}
