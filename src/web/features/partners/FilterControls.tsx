import {
  Badge,
  Button,
  Checkbox,
  CloseButton,
  Popover,
  ScrollArea,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { IconChevronDown, IconColumns, IconSearch } from '@tabler/icons-react';
import { forwardRef, useState, type ComponentPropsWithoutRef, type ReactNode } from 'react';
import {
  DEFAULT_PARTNER_COLUMNS,
  PARTNER_COLUMN_LABELS,
  PARTNER_COLUMNS,
  type PartnerColumn,
} from '../../../shared/partners';
import { formatDate } from '../../lib/format';

export interface Option {
  value: string;
  label: string;
}

/**
 * The button that opens a filter's dropdown. It forwards its ref and the props Popover.Target
 * adds (aria-expanded, onClick), so the dropdown anchors to it and screen readers hear its state.
 */
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
          {searchable && (
            <TextInput
              size="xs"
              placeholder={`Find ${label.toLowerCase()}`}
              aria-label={`Find ${label.toLowerCase()}`}
              leftSection={<IconSearch size={14} />}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
            />
          )}
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

export function TagFilter({
  selected,
  onChange,
}: {
  selected: string[];
  onChange: (values: string[]) => void;
}) {
  return (
    <Popover position="bottom-start" shadow="md" width={280} trapFocus>
      <Popover.Target>
        <FilterButton label="Tags" count={selected.length} />
      </Popover.Target>
      <Popover.Dropdown>
        <TagsInput
          label="Partners tagged with any of"
          placeholder="Type a tag and press Enter"
          value={selected}
          onChange={onChange}
          splitChars={[',']}
          clearable
          size="sm"
        />
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
  const count = (from ? 1 : 0) + (to ? 1 : 0) > 0 ? 1 : 0;
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

/** The column chooser: a checklist in the canonical column order. */
export function ColumnsMenu({
  columns,
  onChange,
}: {
  /** The columns shown now (never empty). */
  columns: PartnerColumn[];
  /** An empty list means "back to the default columns". */
  onChange: (columns: PartnerColumn[]) => void;
}) {
  const shown = new Set(columns);
  const toggle = (c: PartnerColumn) => {
    const next = new Set(shown);
    if (next.has(c)) next.delete(c);
    else next.add(c);
    // The company column anchors every row (it is the link to the partner), so it stays.
    next.add('companyName');
    onChange(PARTNER_COLUMNS.filter((x) => next.has(x)));
  };
  const isDefault =
    columns.length === DEFAULT_PARTNER_COLUMNS.length &&
    DEFAULT_PARTNER_COLUMNS.every((c) => shown.has(c));
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
            {PARTNER_COLUMNS.map((c) => (
              <Checkbox
                key={c}
                size="sm"
                label={PARTNER_COLUMN_LABELS[c]}
                checked={shown.has(c)}
                disabled={c === 'companyName'}
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
