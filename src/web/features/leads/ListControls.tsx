import {
  Badge,
  Button,
  Checkbox,
  Divider,
  Popover,
  ScrollArea,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronDown, IconColumns, IconSearch } from '@tabler/icons-react';
import { forwardRef, useState, type ComponentPropsWithoutRef } from 'react';
import {
  DEFAULT_LEAD_COLUMNS,
  LEAD_COLUMN_LABELS,
  LEAD_COLUMNS,
  type LeadColumn,
} from '../../../shared/leads';
import type { Option } from '../accounts/api';

/** The button that opens a filter's dropdown; shows how many values are chosen. */
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

type SearchHook = (q: string, enabled: boolean) => { data?: Option[]; isFetching: boolean };

/**
 * A facet whose values come from the server (partners, people, campaigns): too many to list,
 * so the dropdown searches. Chosen values stay on top with their names.
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
  onChange: (values: string[], chosen: Option[]) => void;
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
  const toggle = (o: Option, on: boolean) => {
    const next = on ? [...selected, o.value] : selected.filter((v) => v !== o.value);
    onChange(next, on ? [o] : []);
  };
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
          <TextInput
            size="xs"
            placeholder={`Find ${label.toLowerCase()}`}
            aria-label={`Find ${label.toLowerCase()}`}
            leftSection={<IconSearch size={14} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
          />
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
                onChange([], []);
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

/** Estimated value between two amounts (either end open). */
export function ValueRangeFilter({
  min,
  max,
  onChange,
}: {
  min: string;
  max: string;
  onChange: (min: string, max: string) => void;
}) {
  const [lo, setLo] = useState(min);
  const [hi, setHi] = useState(max);
  const [prev, setPrev] = useState({ min, max });
  // Follow outside changes ("Clear filters", a saved view).
  if (prev.min !== min || prev.max !== max) {
    setPrev({ min, max });
    setLo(min);
    setHi(max);
  }
  const clean = (s: string) => s.trim().replace(/,/g, '');
  const bad = (s: string) => clean(s) !== '' && !AMOUNT_RE.test(clean(s));
  const apply = () => {
    if (bad(lo) || bad(hi)) return;
    onChange(clean(lo), clean(hi));
  };
  const count = min || max ? 1 : 0;
  return (
    <Popover position="bottom-start" shadow="md" width={240} trapFocus onClose={apply}>
      <Popover.Target>
        <FilterButton label="Value" count={count} />
      </Popover.Target>
      <Popover.Dropdown>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <Stack gap="xs">
            <TextInput
              label="Estimated value from"
              inputMode="decimal"
              size="sm"
              value={lo}
              onChange={(e) => setLo(e.currentTarget.value)}
              onBlur={apply}
              error={bad(lo) ? 'An amount like 5000' : undefined}
            />
            <TextInput
              label="Estimated value up to"
              inputMode="decimal"
              size="sm"
              value={hi}
              onChange={(e) => setHi(e.currentTarget.value)}
              onBlur={apply}
              error={bad(hi) ? 'An amount like 50000' : undefined}
            />
            <Button type="submit" size="xs" variant="light">
              Apply
            </Button>
            {count > 0 && (
              <Button variant="subtle" size="xs" onClick={() => onChange('', '')}>
                Clear value range
              </Button>
            )}
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}

/** The column chooser: a checklist in the canonical column order. */
export function LeadColumnsMenu({
  columns,
  onChange,
}: {
  columns: LeadColumn[];
  onChange: (columns: LeadColumn[]) => void;
}) {
  const shown = new Set(columns);
  const toggle = (c: LeadColumn) => {
    const next = new Set(shown);
    if (next.has(c)) next.delete(c);
    else next.add(c);
    // The name is the link to the lead, so it always stays.
    next.add('name');
    onChange(LEAD_COLUMNS.filter((x) => next.has(x)));
  };
  const isDefault =
    columns.length === DEFAULT_LEAD_COLUMNS.length &&
    DEFAULT_LEAD_COLUMNS.every((c) => shown.has(c));
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
            {LEAD_COLUMNS.map((c) => (
              <Checkbox
                key={c}
                size="sm"
                label={LEAD_COLUMN_LABELS[c]}
                checked={shown.has(c)}
                disabled={c === 'name'}
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
