import { Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import {
  useAccountPicker,
  useContactPicker,
  useOwnerPicker,
  usePartnerPicker,
  usePartnerUserPicker,
  type Option,
} from './api';

type PickerProps = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: Option | null;
  onChange: (value: Option | null) => void;
};

export type SearchHook = (q: string, enabled: boolean) => { data?: Option[]; isFetching: boolean };

/**
 * A searchable select whose options come from the server. The chosen option stays in the list
 * while a new search runs, so the input never shows an id instead of a name.
 */
export function RemoteSelect({
  value,
  onChange,
  useOptions,
  ...props
}: PickerProps & { useOptions: SearchHook }) {
  const [search, setSearch] = useState(value?.label ?? '');
  const [debounced] = useDebouncedValue(search, 250);
  const [open, setOpen] = useState(false);
  // The input shows the chosen name; that is not a search for it.
  const q = value && debounced === value.label ? '' : debounced;
  const options = useOptions(q, open);
  const data = [
    ...(value ? [value] : []),
    ...(options.data ?? []).filter((o) => o.value !== value?.value),
  ];
  return (
    <Select
      searchable
      clearable
      {...props}
      data={data}
      value={value?.value ?? null}
      onChange={(_v, option) =>
        onChange(option ? { value: option.value, label: option.label } : null)
      }
      searchValue={search}
      onSearchChange={setSearch}
      onDropdownOpen={() => setOpen(true)}
      filter={({ options: o }) => o}
      nothingFoundMessage={options.isFetching ? 'Searching…' : 'Nothing found'}
    />
  );
}

export function PartnerSelect(props: PickerProps) {
  return <RemoteSelect {...props} useOptions={usePartnerPicker} />;
}

export function OwnerSelect(props: PickerProps) {
  return <RemoteSelect {...props} useOptions={useOwnerPicker} />;
}

export function AccountSelect({
  managedByPartnerId,
  ...props
}: PickerProps & { managedByPartnerId?: string | undefined }) {
  const useOptions: SearchHook = (q, enabled) => useAccountPicker(q, enabled, managedByPartnerId);
  return <RemoteSelect {...props} useOptions={useOptions} />;
}

/** A person at the given partner; the list is short, so it loads whole. */
export function PartnerUserSelect({
  partnerId,
  value,
  onChange,
  ...props
}: PickerProps & { partnerId: string | null }) {
  const users = usePartnerUserPicker(partnerId, true);
  const data = [
    ...(value ? [value] : []),
    ...(users.data ?? []).filter((o) => o.value !== value?.value),
  ];
  return (
    <Select
      searchable
      clearable
      {...props}
      disabled={props.disabled || !partnerId}
      data={data}
      value={value?.value ?? null}
      onChange={(_v, option) =>
        onChange(option ? { value: option.value, label: option.label } : null)
      }
      nothingFoundMessage={users.isFetching ? 'Loading…' : 'No people at this partner'}
    />
  );
}

export function ContactSelect({
  accountId,
  value,
  onChange,
  ...props
}: PickerProps & { accountId: string | null }) {
  const contacts = useContactPicker(accountId);
  const data = [
    ...(value ? [value] : []),
    ...(contacts.data ?? []).filter((o) => o.value !== value?.value),
  ];
  return (
    <Select
      searchable
      clearable
      {...props}
      disabled={props.disabled || !accountId}
      data={data}
      value={value?.value ?? null}
      onChange={(_v, option) =>
        onChange(option ? { value: option.value, label: option.label } : null)
      }
      nothingFoundMessage={contacts.isFetching ? 'Loading…' : 'This account has no contacts'}
    />
  );
}

/** A stored reference as a picker value. */
export const refOption = (ref: { id: string; name: string } | null | undefined): Option | null =>
  ref ? { value: ref.id, label: ref.name } : null;
