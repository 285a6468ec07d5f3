import { Button, Group, Switch } from '@mantine/core';
import { IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useState } from 'react';
import { COMPANY_SIZE_LABELS, COMPANY_SIZES } from '../../../shared/accounts';
import { RATING_LABELS } from '../../../shared/scoring';
import type { PicklistName, SalesSetup } from '../../../shared/sales-setup';
import { useCurrentUser } from '../../lib/session';
import { usePartnerUserPicker } from '../accounts/api';
import { countryName, countryOptions } from '../partners/countries';
import {
  ActiveFilterChips,
  DateRangeFilter,
  dateRangeText,
  FacetFilter,
  RemoteFacetFilter,
  type ActiveFilter,
  type Option,
} from '../../components/data-view/FilterControls';
import { EMPTY_FILTERS, type LeadFilterState, type StatusKind } from './filters';
import { formatMoney, RATING_OPTIONS } from './format';
import { ValueRangeFilter } from './ListControls';
import {
  useInternalPeoplePicker,
  usePartnerOptions,
  usePartnerPeoplePicker,
  useRefLabels,
  type RefKind,
} from './pickers';
import { useCampaignPicker } from './api';

const STATUS_KIND_OPTIONS: Option[] = [
  { value: 'open', label: 'Open' },
  { value: 'closed', label: 'Closed' },
  { value: 'converted', label: 'Converted' },
];
const SIZE_OPTIONS: Option[] = COMPANY_SIZES.map((s) => ({
  value: s,
  label: COMPANY_SIZE_LABELS[s],
}));

type RemoteKey = 'ownerId' | 'partnerId' | 'partnerUserId' | 'referrerId' | 'campaignId';
const REMOTE_KIND: Record<RemoteKey, RefKind> = {
  ownerId: 'user',
  partnerId: 'partner',
  partnerUserId: 'user',
  referrerId: 'user',
  campaignId: 'campaign',
};

/** The names of every id-valued filter, for the facets and the chips. */
export function useFilterLabels(filters: LeadFilterState) {
  const refs = (Object.keys(REMOTE_KIND) as RemoteKey[]).flatMap((key) =>
    filters[key].map((id) => ({ kind: REMOTE_KIND[key], id })),
  );
  return useRefLabels(refs).labels;
}

interface FilterBarProps {
  filters: LeadFilterState;
  setup: SalesSetup | undefined;
  onChange: (patch: Partial<LeadFilterState>) => void;
}

/** Every field of LeadFilters as a facet: pick lists, people, partners, dates and amounts. */
export function LeadFilterBar({ filters, setup, onChange }: FilterBarProps) {
  const me = useCurrentUser();
  const partnerUser = me.role === 'partner_admin' || me.role === 'partner_rep';
  const labels = useFilterLabels(filters);
  const peoplePicker = partnerUser ? useCompanyPeoplePicker : usePartnerPeoplePicker;

  const statusOptions: Option[] = (setup?.leadStatuses ?? []).map((s) => ({
    value: s.id,
    label: s.label,
  }));
  const list = (name: PicklistName) =>
    (setup?.picklists[name] ?? []).map((v) => ({ value: v.key, label: v.label }));

  const secondaryActive =
    filters.statusKind.length +
    filters.power.length +
    filters.jobTitle.length +
    filters.industry.length +
    filters.companySize.length +
    filters.countryCode.length +
    filters.partnerUserId.length +
    filters.referrerId.length;
  const [more, setMore] = useState(secondaryActive > 0);
  const moreCount = [
    filters.statusKind,
    filters.power,
    filters.jobTitle,
    filters.industry,
    filters.companySize,
    filters.countryCode,
    filters.partnerUserId,
    filters.referrerId,
  ].filter((l) => l.length > 0).length;

  return (
    <Group px="md" pb="sm" gap={6} wrap="wrap" role="group" aria-label="Filters">
      <FacetFilter
        label="Status"
        options={statusOptions}
        loading={!setup}
        selected={filters.statusId}
        onChange={(statusId) => onChange({ statusId })}
      />
      <FacetFilter
        label="Rating"
        options={RATING_OPTIONS}
        selected={filters.rating}
        onChange={(v) => onChange({ rating: v as LeadFilterState['rating'] })}
      />
      <FacetFilter
        label="Lead source"
        options={list('lead_source')}
        loading={!setup}
        selected={filters.source}
        onChange={(source) => onChange({ source })}
      />
      {!partnerUser && (
        <RemoteFacetFilter
          label="Owner"
          selected={filters.ownerId}
          labels={labels}
          onChange={(ownerId) => onChange({ ownerId })}
          useOptions={useInternalPeoplePicker}
        />
      )}
      {!partnerUser && (
        <RemoteFacetFilter
          label="Assigned partner"
          selected={filters.partnerId}
          labels={labels}
          onChange={(partnerId) => onChange({ partnerId })}
          useOptions={usePartnerOptions}
          extra={{
            label: 'No partner (direct)',
            checked: filters.unassigned,
            onChange: (unassigned) => onChange({ unassigned }),
          }}
        />
      )}
      <RemoteFacetFilter
        label="Campaign"
        selected={filters.campaignId}
        labels={labels}
        onChange={(campaignId) => onChange({ campaignId })}
        useOptions={useCampaignPicker}
      />
      <DateRangeFilter
        label="Created"
        from={filters.createdFrom}
        to={filters.createdTo}
        onChange={(createdFrom, createdTo) => onChange({ createdFrom, createdTo })}
      />
      <ValueRangeFilter
        min={filters.minValue}
        max={filters.maxValue}
        onChange={(minValue, maxValue) => onChange({ minValue, maxValue })}
      />
      {more && (
        <>
          <FacetFilter
            label="Open or closed"
            options={STATUS_KIND_OPTIONS}
            selected={filters.statusKind}
            onChange={(v) => onChange({ statusKind: v as StatusKind[] })}
          />
          <FacetFilter
            label="Power"
            options={list('power')}
            loading={!setup}
            selected={filters.power}
            onChange={(power) => onChange({ power })}
          />
          <FacetFilter
            label="Job title"
            options={list('job_title')}
            loading={!setup}
            searchable
            selected={filters.jobTitle}
            onChange={(jobTitle) => onChange({ jobTitle })}
          />
          <FacetFilter
            label="Industry"
            options={list('industry')}
            loading={!setup}
            searchable
            selected={filters.industry}
            onChange={(industry) => onChange({ industry })}
          />
          <FacetFilter
            label="Company size"
            options={SIZE_OPTIONS}
            selected={filters.companySize}
            onChange={(v) => onChange({ companySize: v as LeadFilterState['companySize'] })}
          />
          <FacetFilter
            label="Country"
            options={countryOptions()}
            searchable
            selected={filters.countryCode}
            onChange={(countryCode) => onChange({ countryCode })}
          />
          {me.role !== 'partner_rep' && (
            <RemoteFacetFilter
              label="Partner rep"
              selected={filters.partnerUserId}
              labels={labels}
              onChange={(partnerUserId) => onChange({ partnerUserId })}
              useOptions={peoplePicker}
            />
          )}
          {me.role !== 'partner_rep' && (
            <RemoteFacetFilter
              label="Referrer"
              selected={filters.referrerId}
              labels={labels}
              onChange={(referrerId) => onChange({ referrerId })}
              useOptions={peoplePicker}
            />
          )}
        </>
      )}
      <Button
        variant="subtle"
        size="sm"
        onClick={() => setMore((m) => !m)}
        aria-expanded={more}
        rightSection={more ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
      >
        {more ? 'Fewer filters' : moreCount > 0 ? `More filters (${moreCount})` : 'More filters'}
      </Button>
      <Switch
        ml="xs"
        size="sm"
        label="Only leads I follow"
        checked={filters.following}
        onChange={(e) => onChange({ following: e.currentTarget.checked })}
      />
    </Group>
  );
}

/** A partner admin's colleagues: the list is short, so it loads whole and filters here. */
function useCompanyPeoplePicker(q: string, enabled: boolean) {
  const me = useCurrentUser();
  const query = usePartnerUserPicker(me.partner?.id ?? null, enabled);
  const term = q.toLowerCase();
  return {
    isFetching: query.isFetching,
    data: term ? query.data?.filter((o) => o.label.toLowerCase().includes(term)) : query.data,
  };
}

/** Removable chips for the active filters, so a saved view's filters are visible at a glance. */
export function LeadFilterChips({
  filters,
  setup,
  baseCurrency,
  onChange,
}: FilterBarProps & { baseCurrency: string }) {
  const labels = useFilterLabels(filters);
  const chips: ActiveFilter[] = [];
  const statusLabel = (id: string) =>
    setup?.leadStatuses.find((s) => s.id === id)?.label ?? 'Unknown status';
  const pick = (name: PicklistName, key: string) =>
    setup?.picklists[name]?.find((v) => v.key === key)?.label ?? key;

  const listChips = <K extends keyof LeadFilterState>(
    key: K,
    name: string,
    label: (value: string) => string,
  ) => {
    for (const value of filters[key] as string[]) {
      chips.push({
        key: `${key}:${value}`,
        label: `${name}: ${label(value)}`,
        remove: () =>
          onChange({
            [key]: (filters[key] as string[]).filter((v) => v !== value),
          }),
      });
    }
  };
  if (filters.q) {
    chips.push({ key: 'q', label: `Search: “${filters.q}”`, remove: () => onChange({ q: '' }) });
  }
  listChips('statusId', 'Status', statusLabel);
  listChips(
    'statusKind',
    'Status',
    (k) => STATUS_KIND_OPTIONS.find((o) => o.value === k)?.label ?? k,
  );
  listChips('rating', 'Rating', (r) => RATING_LABELS[r as keyof typeof RATING_LABELS] ?? r);
  listChips('source', 'Source', (k) => pick('lead_source', k));
  listChips('power', 'Power', (k) => pick('power', k));
  listChips('jobTitle', 'Job title', (k) => pick('job_title', k));
  listChips('industry', 'Industry', (k) => pick('industry', k));
  listChips(
    'companySize',
    'Size',
    (s) => COMPANY_SIZE_LABELS[s as keyof typeof COMPANY_SIZE_LABELS] ?? s,
  );
  listChips('countryCode', 'Country', (c) => countryName(c));
  const named = (id: string) => labels.get(id) ?? '…';
  listChips('ownerId', 'Owner', named);
  listChips('partnerId', 'Partner', named);
  if (filters.unassigned) {
    chips.push({
      key: 'unassigned',
      label: 'Partner: none (direct)',
      remove: () => onChange({ unassigned: false }),
    });
  }
  listChips('partnerUserId', 'Rep', named);
  listChips('referrerId', 'Referrer', named);
  listChips('campaignId', 'Campaign', named);
  if (filters.createdFrom || filters.createdTo) {
    chips.push({
      key: 'created',
      label: `Created ${dateRangeText(filters.createdFrom, filters.createdTo)}`,
      remove: () => onChange({ createdFrom: '', createdTo: '' }),
    });
  }
  if (filters.minValue || filters.maxValue) {
    const money = (v: string) => formatMoney(v, baseCurrency);
    chips.push({
      key: 'value',
      label:
        filters.minValue && filters.maxValue
          ? `Value ${money(filters.minValue)} – ${money(filters.maxValue)}`
          : filters.minValue
            ? `Value from ${money(filters.minValue)}`
            : `Value up to ${money(filters.maxValue)}`,
      remove: () => onChange({ minValue: '', maxValue: '' }),
    });
  }
  if (filters.following) {
    chips.push({
      key: 'following',
      label: 'Followed by me',
      remove: () => onChange({ following: false }),
    });
  }
  return <ActiveFilterChips chips={chips} onClear={() => onChange(EMPTY_FILTERS)} />;
}
