import {
  Badge,
  Button,
  Checkbox,
  CloseButton,
  Divider,
  Group,
  Popover,
  ScrollArea,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconColumns, IconFilterOff, IconSearch } from '@tabler/icons-react';
import { forwardRef, useState, type ComponentPropsWithoutRef, type ReactNode } from 'react';
import { formatDate } from '../../lib/format';

/** The filter bar and column chooser of a list page (partners, leads, opportunities). */

export interface Option {
  value: string;
  label: string;
}

/** Searches the server for options: the term typed, and whether the dropdown is open. */
export type SearchHook = (q: string, enabled: boolean) => { data?: Option[]; isFetching: boolean };

/**
 * The button that opens a filter's dropdown. It forwards its ref and the props Popover.Target
 * adds (aria-expanded, onClick), so the dropdown anchors to it and screen readers hear its state.
 */
export const FilterButton = forwardRef<
  HTMLButtonElement,
  { label: string; count: number } & ComponentPropsWithoutRef<'button'>
>(function FilterButton({ label, count, ...rest }, ref) {
  return (
    <Button
      ref={ref}
      {...rest}
      variant={count > 0 ? 'light' : 'default'}
      size="sm"
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
      fw={500}
    >
      {label}
    </Button>
  );
});

/** The search box at the top of a facet's dropdown. */
function FacetSearch({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <TextInput
      size="xs"
      placeholder={`Find ${label.toLowerCase()}`}
      aria-label={`Find ${label.toLowerCase()}`}
      leftSection={<IconSearch size={14} />}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

/** One facet of the filter bar: a button that opens a checklist of values. */
export function FacetFilter({
  label,
  options,
  selected,
  onChange,
  searchable = false,
  loading = false,
  emptyText = 'Nothing to choose from yet.',
}: {
  label: string;
  options: Option[];
  selected: string[];
  onChange: (values: string[]) => void;
  searchable?: boolean;
  loading?: boolean;
  emptyText?: string;
}) {
  const [search, setSearch] = useState('');
  const shown = search
    ? options.filter((o) => o.label.toLowerCase().includes(search.trim().toLowerCase()))
    : options;
  return (
    <Popover position="bottom-start" shadow="md" width={260} trapFocus>
      <Popover.Target>
        <FilterButton label={label} count={selected.length} />
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Stack gap="xs">
          {searchable && <FacetSearch label={label} value={search} onChange={setSearch} />}
          <ScrollArea.Autosize mah={260} type="auto">
            <Checkbox.Group value={selected} onChange={onChange} aria-label={label} role="group">
              <Stack gap={8} p={4}>
                {loading && (
                  <Text size="sm" c="dimmed">
                    Loading…
                  </Text>
                )}
                {!loading && shown.length === 0 && (
                  <Text size="sm" c="dimmed">
                    {search ? 'No match.' : emptyText}
                  </Text>
                )}
                {shown.map((o) => (
                  <Checkbox key={o.value} value={o.value} label={o.label} size="sm" />
                ))}
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

/**
 * A facet whose values come from the server (partners, people, accounts, campaigns): too many
 * to list, so the dropdown searches. Chosen values stay on top with their names.
 */
export function RemoteFacetFilter({
  label,
  selected,
  labels,
  onChange,
  useOptions,
  extra,
}: {
  label: string;
  selected: string[];
  /** names of the chosen ids */
  labels: Map<string, string>;
  onChange: (values: string[]) => void;
  useOptions: SearchHook;
  /** a fixed option above the search results, e.g. "No partner" */
  extra?: { label: string; checked: boolean; onChange: (checked: boolean) => void };
}) {
  const [opened, setOpened] = useState(false);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 250);
  const options = useOptions(q, opened);
  const chosen: Option[] = selected.map((id) => ({ value: id, label: labels.get(id) ?? '…' }));
  const found = (options.data ?? []).filter((o) => !selected.includes(o.value));
  const toggle = (o: Option, on: boolean) =>
    onChange(on ? [...selected, o.value] : selected.filter((v) => v !== o.value));
  const count = selected.length + (extra?.checked ? 1 : 0);
  return (
    <Popover
      position="bottom-start"
      shadow="md"
      width={280}
      trapFocus
      opened={opened}
      onChange={setOpened}
    >
      <Popover.Target>
        <FilterButton label={label} count={count} onClick={() => setOpened((o) => !o)} />
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Stack gap="xs">
          <FacetSearch label={label} value={search} onChange={setSearch} />
          <ScrollArea.Autosize mah={280} type="auto">
            <Stack gap={8} p={4} role="group" aria-label={label}>
              {extra && (
                <Checkbox
                  size="sm"
                  label={extra.label}
                  checked={extra.checked}
                  onChange={(e) => extra.onChange(e.currentTarget.checked)}
                />
              )}
              {chosen.map((o) => (
                <Checkbox
                  key={o.value}
                  size="sm"
                  label={o.label}
                  checked
                  onChange={() => toggle(o, false)}
                />
              ))}
              {(extra || chosen.length > 0) && found.length > 0 && <Divider />}
              {options.isFetching && found.length === 0 && (
                <Text size="sm" c="dimmed">
                  Searching…
                </Text>
              )}
              {!options.isFetching && found.length === 0 && chosen.length === 0 && (
                <Text size="sm" c="dimmed">
                  {q ? 'No match.' : 'Nothing to choose from yet.'}
                </Text>
              )}
              {found.map((o) => (
                <Checkbox
                  key={o.value}
                  size="sm"
                  label={o.label}
                  checked={false}
                  onChange={() => toggle(o, true)}
                />
              ))}
            </Stack>
          </ScrollArea.Autosize>
          {count > 0 && (
            <Button
              variant="subtle"
              size="xs"
              onClick={() => {
                onChange([]);
                extra?.onChange(false);
              }}
            >
              Clear {label.toLowerCase()}
            </Button>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

const AMOUNT_RE = /^\d{1,14}(\.\d{1,2})?$/;

/**
 * Two amounts (either end open), applied together, so typing "1" on the way to "1000" does not
 * reload the list. With applyOnBlur, leaving a field or closing the dropdown applies as well.
 */
export function RangeFilter({
  label,
  fromLabel,
  toLabel,
  hint,
  min,
  max,
  onChange,
  applyOnBlur = false,
}: {
  label: string;
  fromLabel: string;
  toLabel: string;
  /** a line under the fields, e.g. which currency the amounts are in */
  hint?: string;
  min: string;
  max: string;
  onChange: (min: string, max: string) => void;
  applyOnBlur?: boolean;
}) {
  const [opened, setOpened] = useState(false);
  const [lo, setLo] = useState(min);
  const [hi, setHi] = useState(max);
  const clean = (s: string) => s.trim().replace(/,/g, '');
  const bad = (s: string) => clean(s) !== '' && !AMOUNT_RE.test(clean(s));
  const apply = () => {
    if (bad(lo) || bad(hi)) return false;
    onChange(clean(lo), clean(hi));
    return true;
  };
  // Opening starts from the applied values (they may have changed: "Clear filters", a view).
  const open = (next: boolean) => {
    if (next) {
      setLo(min);
      setHi(max);
    } else if (applyOnBlur) {
      apply();
    }
    setOpened(next);
  };
  const count = min || max ? 1 : 0;
  const field = (fieldLabel: string, value: string, set: (v: string) => void) => (
    <TextInput
      size="sm"
      label={fieldLabel}
      inputMode="decimal"
      value={value}
      onChange={(e) => set(e.currentTarget.value)}
      onBlur={applyOnBlur ? apply : undefined}
      error={bad(value) ? 'An amount like 5000' : undefined}
    />
  );
  return (
    <Popover
      position="bottom-start"
      shadow="md"
      width={260}
      trapFocus
      opened={opened}
      onChange={open}
    >
      <Popover.Target>
        <FilterButton label={label} count={count} onClick={() => open(!opened)} />
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (apply()) setOpened(false);
          }}
        >
          <Stack gap="xs">
            {field(fromLabel, lo, setLo)}
            {field(toLabel, hi, setHi)}
            {hint && (
              <Text size="xs" c="dimmed">
                {hint}
              </Text>
            )}
            <Group justify="space-between">
              <Button
                variant="subtle"
                size="xs"
                onClick={() => {
                  onChange('', '');
                  setOpened(false);
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

export function DateRangeFilter({
  label,
  from,
  to,
  onChange,
}: {
  label: string;
  from: string;
  to: string;
  onChange: (from: string, to: string) => void;
}) {
  const count = from || to ? 1 : 0;
  return (
    <Popover position="bottom-start" shadow="md" width={260} trapFocus>
      <Popover.Target>
        <FilterButton label={label} count={count} />
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <TextInput
            type="date"
            label={`${label} from`}
            value={from}
            max={to || undefined}
            onChange={(e) => onChange(e.currentTarget.value, to)}
            size="sm"
          />
          <TextInput
            type="date"
            label={`${label} to`}
            value={to}
            min={from || undefined}
            onChange={(e) => onChange(from, e.currentTarget.value)}
            size="sm"
          />
          {count > 0 && (
            <Button variant="subtle" size="xs" onClick={() => onChange('', '')}>
              Clear dates
            </Button>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

export const dateRangeText = (from: string, to: string): string =>
  from && to
    ? `${formatDate(from)} – ${formatDate(to)}`
    : from
      ? `from ${formatDate(from)}`
      : `until ${formatDate(to)}`;

/** A removable chip for an active filter, so a saved view's filters are visible at a glance. */
export function FilterChip({ label, onRemove }: { label: ReactNode; onRemove: () => void }) {
  return (
    <Badge
      variant="light"
      color="gray"
      radius="xl"
      size="lg"
      tt="none"
      fw={500}
      pr={4}
      rightSection={
        <CloseButton
          size="xs"
          radius="xl"
          aria-label={`Remove filter ${typeof label === 'string' ? label : ''}`.trim()}
          onClick={onRemove}
        />
      }
    >
      {label}
    </Badge>
  );
}

export interface ActiveFilter {
  key: string;
  label: string;
  remove: () => void;
}

/** The active filters as removable chips, and a button that clears them all; none, nothing. */
export function ActiveFilterChips({
  chips,
  onClear,
}: {
  chips: ActiveFilter[];
  onClear: () => void;
}) {
  if (chips.length === 0) return null;
  return (
    <Group px="md" pb="sm" gap={6} wrap="wrap" role="group" aria-label="Active filters">
      {chips.map((c) => (
        <FilterChip key={c.key} label={c.label} onRemove={c.remove} />
      ))}
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<IconFilterOff size={14} />}
        onClick={onClear}
      >
        Clear filters
      </Button>
    </Group>
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
  /** The column that links to the record: it cannot be hidden. */
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
