import {
  Divider,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { ChangeEvent, ReactNode } from 'react';
import {
  PARTNER_TYPE_LABELS,
  PARTNER_TYPES,
  SLA_TIER_LABELS,
  SLA_TIERS,
  type PartnerType,
  type SlaTier,
} from '../../../shared/partners';
import { fieldError } from '../../lib/forms';
import type { Partner, PartnerStatus } from '../../lib/types';
import type { CreatePartnerInput } from './api';
import { useChannelManagers, useLevels, useStages } from './api';
import { countryOptions } from './countries';
import { STATUS_OPTIONS } from './statusOptions';

export interface PartnerFormValues {
  companyName: string;
  legalName: string;
  type: PartnerType;
  website: string;
  email: string;
  phone: string;
  street: string;
  city: string;
  postalCode: string;
  region: string;
  countryCode: string | null;
  levelId: string | null;
  activationStageId: string | null;
  channelManagerId: string | null;
  status: PartnerStatus;
  slaTier: SlaTier;
  partnershipDate: string;
  lastReviewDate: string;
  nextReviewDate: string;
  tags: string[];
  notes: string;
}

export const emptyPartnerForm = (channelManagerId: string | null = null): PartnerFormValues => ({
  companyName: '',
  legalName: '',
  type: 'reseller',
  website: '',
  email: '',
  phone: '',
  street: '',
  city: '',
  postalCode: '',
  region: '',
  countryCode: null,
  levelId: null,
  activationStageId: null,
  channelManagerId,
  status: 'active',
  slaTier: 'standard',
  partnershipDate: '',
  lastReviewDate: '',
  nextReviewDate: '',
  tags: [],
  notes: '',
});

export function partnerToForm(p: Partner): PartnerFormValues {
  return {
    companyName: p.companyName,
    legalName: p.legalName ?? '',
    type: p.type,
    website: p.website ?? '',
    email: p.email ?? '',
    phone: p.phone ?? '',
    street: p.address.street ?? '',
    city: p.address.city ?? '',
    postalCode: p.address.postalCode ?? '',
    region: p.address.region ?? '',
    countryCode: p.address.countryCode,
    levelId: p.level?.id ?? null,
    activationStageId: p.activationStage?.id ?? null,
    channelManagerId: p.channelManager?.id ?? null,
    status: p.status,
    slaTier: p.slaTier,
    partnershipDate: p.partnershipDate ?? '',
    lastReviewDate: p.lastReviewDate ?? '',
    nextReviewDate: p.nextReviewDate ?? '',
    tags: p.tags,
    notes: p.notes ?? '',
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** The full create payload. Empty optional fields go as null, so the server stores "not set". */
export function formToInput(v: PartnerFormValues): CreatePartnerInput {
  return {
    companyName: v.companyName.trim(),
    legalName: orNull(v.legalName),
    type: v.type,
    website: orNull(v.website),
    email: orNull(v.email),
    phone: orNull(v.phone),
    address: {
      street: orNull(v.street),
      city: orNull(v.city),
      postalCode: orNull(v.postalCode),
      region: orNull(v.region),
      countryCode: v.countryCode,
    },
    levelId: v.levelId,
    activationStageId: v.activationStageId,
    channelManagerId: v.channelManagerId,
    status: v.status,
    slaTier: v.slaTier,
    partnershipDate: orNull(v.partnershipDate),
    lastReviewDate: orNull(v.lastReviewDate),
    nextReviewDate: orNull(v.nextReviewDate),
    tags: v.tags,
    notes: v.notes.trim(),
  };
}

/** Only what changed, so a save never rewrites fields the user did not touch. */
export function changedFields(
  base: PartnerFormValues,
  next: PartnerFormValues,
): Partial<CreatePartnerInput> {
  const a = formToInput(base);
  const b = formToInput(next);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(b) as (keyof CreatePartnerInput)[]) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) out[key] = b[key];
  }
  return out;
}

/** Client-side checks that save a round trip; the server checks everything again. */
export function localErrors(v: PartnerFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!v.companyName.trim()) errors.companyName = 'Enter the company name';
  if (v.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email.trim())) {
    errors.email = 'Enter a valid email address, like sales@example.com';
  }
  if (v.lastReviewDate && v.nextReviewDate && v.nextReviewDate < v.lastReviewDate) {
    errors.nextReviewDate = 'The next review comes after the last one';
  }
  return errors;
}

/** Field names the form shows on its inputs, so FormError lists only the others. */
export const PARTNER_FORM_FIELDS = [
  'companyName',
  'legalName',
  'type',
  'website',
  'email',
  'phone',
  'address.street',
  'address.city',
  'address.postalCode',
  'address.region',
  'address.countryCode',
  'levelId',
  'activationStageId',
  'channelManagerId',
  'status',
  'slaTier',
  'partnershipDate',
  'lastReviewDate',
  'nextReviewDate',
  'tags',
  'notes',
] as const;

const TYPE_OPTIONS = PARTNER_TYPES.map((t) => ({ value: t, label: PARTNER_TYPE_LABELS[t] }));
const SLA_OPTIONS = SLA_TIERS.map((t) => ({ value: t, label: SLA_TIER_LABELS[t] }));

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Stack gap="sm" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
      <div>
        <Text component="legend" fw={650} size="sm">
          {title}
        </Text>
        {description && (
          <Text size="xs" c="dimmed">
            {description}
          </Text>
        )}
      </div>
      {children}
    </Stack>
  );
}

interface PartnerFormProps {
  values: PartnerFormValues;
  onChange: (patch: Partial<PartnerFormValues>) => void;
  /** The last failed save, for the server's field messages. */
  error: unknown;
  /** Checks done in the browser; shown once the user has tried to save. */
  local: Record<string, string>;
  /** Partner users see no internal notes. */
  showNotes?: boolean;
}

export function PartnerForm({
  values,
  onChange,
  error,
  local,
  showNotes = true,
}: PartnerFormProps) {
  const levels = useLevels();
  const stages = useStages();
  const managers = useChannelManagers();
  const err = (field: string) => local[field] ?? fieldError(error, field);
  const text = (key: keyof PartnerFormValues) => ({
    value: values[key] as string,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      onChange({ [key]: e.currentTarget.value }),
  });

  return (
    <Stack gap="lg">
      <Section title="Company">
        <TextInput
          label="Company name"
          placeholder="e.g. Northwind Systems"
          required
          data-autofocus
          maxLength={200}
          {...text('companyName')}
          error={err('companyName')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Legal name"
            placeholder="e.g. Northwind Systems GmbH"
            maxLength={200}
            {...text('legalName')}
            error={err('legalName')}
          />
          <Select
            label="Partner type"
            data={TYPE_OPTIONS}
            value={values.type}
            onChange={(v) => v && onChange({ type: v })}
            allowDeselect={false}
            error={err('type')}
          />
          <TextInput
            label="Website"
            placeholder="northwind.example"
            maxLength={500}
            {...text('website')}
            error={err('website')}
          />
          <TextInput
            label="Email"
            type="email"
            placeholder="partners@northwind.example"
            maxLength={254}
            {...text('email')}
            error={err('email')}
          />
          <TextInput
            label="Phone"
            type="tel"
            placeholder="+49 30 1234567"
            maxLength={50}
            {...text('phone')}
            error={err('phone')}
          />
        </SimpleGrid>
      </Section>

      <Divider />
      <Section title="Address">
        <TextInput
          label="Street"
          maxLength={200}
          {...text('street')}
          error={err('address.street')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Postal code"
            maxLength={20}
            {...text('postalCode')}
            error={err('address.postalCode')}
          />
          <TextInput label="City" maxLength={100} {...text('city')} error={err('address.city')} />
          <TextInput
            label="Region"
            placeholder="State, province or county"
            maxLength={100}
            {...text('region')}
            error={err('address.region')}
          />
          <Select
            label="Country"
            placeholder="Choose a country"
            data={countryOptions()}
            value={values.countryCode}
            onChange={(v) => onChange({ countryCode: v })}
            searchable
            clearable
            nothingFoundMessage="No country by that name"
            error={err('address.countryCode')}
          />
        </SimpleGrid>
      </Section>

      <Divider />
      <Section
        title="Program"
        description="Where the partner stands in your program and who looks after them."
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Level"
            placeholder={levels.isPending ? 'Loading levels…' : 'No level'}
            data={(levels.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
            value={values.levelId}
            onChange={(v) => onChange({ levelId: v })}
            clearable
            error={err('levelId') ?? (levels.isError ? 'Levels could not be loaded' : undefined)}
          />
          <Select
            label="Activation stage"
            placeholder={stages.isPending ? 'Loading stages…' : 'Not started'}
            data={(stages.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            value={values.activationStageId}
            onChange={(v) => onChange({ activationStageId: v })}
            clearable
            error={
              err('activationStageId') ??
              (stages.isError ? 'Stages could not be loaded' : undefined)
            }
          />
          <Select
            label="Channel manager"
            placeholder={managers.isPending ? 'Loading people…' : 'Nobody assigned'}
            data={(managers.data ?? []).map((m) => ({ value: m.value, label: m.label }))}
            value={values.channelManagerId}
            onChange={(v) => onChange({ channelManagerId: v })}
            searchable
            clearable
            error={err('channelManagerId')}
          />
          <Select
            label="Status"
            data={STATUS_OPTIONS}
            value={values.status}
            onChange={(v) => v && onChange({ status: v })}
            allowDeselect={false}
            error={err('status')}
          />
          <Select
            label="SLA tier"
            data={SLA_OPTIONS}
            value={values.slaTier}
            onChange={(v) => v && onChange({ slaTier: v })}
            allowDeselect={false}
            error={err('slaTier')}
          />
          <TextInput
            label="Partner since"
            type="date"
            {...text('partnershipDate')}
            error={err('partnershipDate')}
          />
          <TextInput
            label="Last review"
            type="date"
            {...text('lastReviewDate')}
            error={err('lastReviewDate')}
          />
          <TextInput
            label="Next review"
            type="date"
            {...text('nextReviewDate')}
            error={err('nextReviewDate')}
          />
        </SimpleGrid>
      </Section>

      <Divider />
      <Section title="Tags and notes">
        <TagsInput
          label="Tags"
          description="Press Enter after each tag. Tags help you filter and build saved views."
          placeholder={values.tags.length ? '' : 'e.g. cloud, dach, healthcare'}
          value={values.tags}
          onChange={(tags) => onChange({ tags })}
          maxTags={30}
          splitChars={[',']}
          clearable
          error={err('tags')}
        />
        {showNotes && (
          <Textarea
            label="Internal notes"
            description="Only your team sees these; partner users never do."
            autosize
            minRows={3}
            maxRows={8}
            maxLength={20000}
            {...text('notes')}
            error={err('notes')}
          />
        )}
      </Section>
    </Stack>
  );
}
