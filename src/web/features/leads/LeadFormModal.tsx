import {
  Alert,
  Anchor,
  Button,
  Center,
  Divider,
  Group,
  Loader,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { COMPANY_SIZE_LABELS, COMPANY_SIZES, type CompanySize } from '../../../shared/accounts';
import { isPartnerRole } from '../../../shared/role-names';
import type { Rating } from '../../../shared/scoring';
import { FormError } from '../../components/FormError';
import { errorMessage, isApiError } from '../../lib/api';
import { fieldError } from '../../lib/forms';
import { useCurrentUser } from '../../lib/session';
import type { Option } from '../accounts/api';
import {
  OwnerSelect,
  PartnerSelect,
  PartnerUserSelect,
  refOption,
  RemoteSelect,
} from '../accounts/pickers';
import { ConflictModal } from '../partners/ConflictModal';
import { countryOptions } from '../partners/countries';
import { picklistOptions, useSalesSetup } from '../sales-setup/useSalesSetup';
import {
  useCreateLead,
  useFetchLead,
  useUpdateLead,
  type CreateLeadInput,
  type Lead,
  type UpdateLeadInput,
} from './api';
import { RATING_OPTIONS, useNotificationLink } from './format';
import { CampaignSelect, usePartnerPeoplePicker, useRefLabels, type RefKind } from './pickers';

export interface LeadFormModalProps {
  opened: boolean;
  onClose: () => void;
  /** Edit this lead; without one the dialog creates a new lead. */
  lead?: Lead | undefined;
  /** Pre-fills a new lead; reference fields by id (their names are looked up). */
  initial?: Partial<CreateLeadInput> | undefined;
  onSaved?: ((lead: Lead) => void) | undefined;
}

/** Form state: text as typed, references as picker options (id + name). */
interface Values {
  company: string;
  firstName: string;
  lastName: string;
  jobTitle: string | null;
  email: string;
  phone: string;
  website: string;
  power: string | null;
  statusId: string | null;
  source: string | null;
  rating: Rating | 'auto';
  estimatedValue: string;
  currency: string | null;
  industry: string | null;
  companySize: CompanySize | null;
  countryCode: string | null;
  region: string;
  city: string;
  postalCode: string;
  productInterest: string;
  description: string;
  owner: Option | null;
  partner: Option | null;
  partnerUser: Option | null;
  referrer: Option | null;
  campaign: Option | null;
}
type Field = keyof Values;

const FIELD_LABELS: Record<Field, string> = {
  company: 'Company',
  firstName: 'First name',
  lastName: 'Last name',
  jobTitle: 'Job title',
  email: 'Email',
  phone: 'Phone',
  website: 'Website',
  power: 'Power',
  statusId: 'Lead status',
  source: 'Lead source',
  rating: 'Rating',
  estimatedValue: 'Estimated value',
  currency: 'Currency',
  industry: 'Industry',
  companySize: 'Company size',
  countryCode: 'Country',
  region: 'Region',
  city: 'City',
  postalCode: 'Postal code',
  productInterest: 'Product interest',
  description: 'Description',
  owner: 'Owner',
  partner: 'Assigned partner',
  partnerUser: 'Partner rep',
  referrer: 'Referrer',
  campaign: 'Campaign',
};

/** The API field each form field is sent as (and reports its errors under). */
const API_FIELD: Record<Field, string> = {
  company: 'company',
  firstName: 'firstName',
  lastName: 'lastName',
  jobTitle: 'jobTitle',
  email: 'email',
  phone: 'phone',
  website: 'website',
  power: 'power',
  statusId: 'statusId',
  source: 'source',
  rating: 'ratingManual',
  estimatedValue: 'estimatedValue',
  currency: 'currency',
  industry: 'industry',
  companySize: 'companySize',
  countryCode: 'countryCode',
  region: 'region',
  city: 'city',
  postalCode: 'postalCode',
  productInterest: 'productInterest',
  description: 'description',
  owner: 'ownerId',
  partner: 'partnerId',
  partnerUser: 'partnerUserId',
  referrer: 'referrerId',
  campaign: 'campaignId',
};
const SHOWN_FIELDS = Object.values(API_FIELD);

/** Seed 004's mandatory fields, checked before anything is sent. */
const REQUIRED: Partial<Record<Field, string>> = {
  company: 'Enter the company name',
  firstName: 'Enter the first name',
  lastName: 'Enter the last name',
  jobTitle: 'Choose a job title',
  email: 'Enter an email address',
  power: 'Say who this person is in the decision',
  statusId: 'Choose a status',
  source: 'Choose where the lead came from',
};

const MONEY_RE = /^\d{1,14}(\.\d{1,2})?$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function localErrors(v: Values): Partial<Record<Field, string>> {
  const errors: Partial<Record<Field, string>> = {};
  for (const [field, message] of Object.entries(REQUIRED) as [Field, string][]) {
    const value = v[field];
    if (value === null || (typeof value === 'string' && !value.trim())) errors[field] = message;
  }
  if (v.email.trim() && !EMAIL_RE.test(v.email.trim())) {
    errors.email = 'Enter a valid email address, like name@company.com';
  }
  const amount = v.estimatedValue.trim().replace(/,/g, '');
  if (amount && !MONEY_RE.test(amount)) {
    errors.estimatedValue = 'Enter an amount like 12500 or 12500.50';
  }
  return errors;
}

const opt = (id: string | null | undefined, labels: Map<string, string>): Option | null =>
  id ? { value: id, label: labels.get(id) ?? '' } : null;

function leadToValues(l: Lead): Values {
  return {
    company: l.company,
    firstName: l.firstName,
    lastName: l.lastName,
    jobTitle: l.jobTitle || null,
    email: l.email,
    phone: l.phone ?? '',
    website: l.website ?? '',
    power: l.power || null,
    statusId: l.statusId,
    source: l.source || null,
    rating: l.ratingManual ?? 'auto',
    estimatedValue: l.estimatedValue ?? '',
    currency: l.currency,
    industry: l.industry,
    companySize: l.companySize,
    countryCode: l.countryCode,
    region: l.region ?? '',
    city: l.city ?? '',
    postalCode: l.postalCode ?? '',
    productInterest: l.productInterest ?? '',
    description: l.description,
    owner: refOption(l.owner),
    partner: refOption(l.partner),
    partnerUser: refOption(l.partnerUser),
    referrer: refOption(l.referrer),
    campaign: refOption(l.campaign),
  };
}

function initialToValues(
  i: Partial<CreateLeadInput>,
  labels: Map<string, string>,
  defaults: { statusId: string | null; currency: string | null; owner: Option | null },
): Values {
  const s = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
  return {
    company: s(i.company),
    firstName: s(i.firstName),
    lastName: s(i.lastName),
    jobTitle: i.jobTitle ?? null,
    email: s(i.email),
    phone: s(i.phone),
    website: s(i.website),
    power: i.power ?? null,
    statusId: i.statusId ?? defaults.statusId,
    source: i.source ?? null,
    rating: i.ratingManual ?? 'auto',
    estimatedValue: s(i.estimatedValue),
    currency: i.currency ?? defaults.currency,
    industry: i.industry ?? null,
    companySize: i.companySize ?? null,
    countryCode: i.countryCode ?? null,
    region: s(i.region),
    city: s(i.city),
    postalCode: s(i.postalCode),
    productInterest: s(i.productInterest),
    description: s(i.description),
    owner: i.ownerId !== undefined ? opt(i.ownerId, labels) : defaults.owner,
    partner: opt(i.partnerId, labels),
    partnerUser: opt(i.partnerUserId, labels),
    referrer: opt(i.referrerId, labels),
    campaign: opt(i.campaignId, labels),
  };
}

/** The API body for the given form fields. */
function toInput(v: Values, fields: Field[]): Partial<CreateLeadInput> {
  const out: Record<string, unknown> = {};
  const text = (x: string) => x.trim();
  for (const f of fields) {
    const key = API_FIELD[f];
    const value = v[f];
    if (f === 'rating') out[key] = v.rating === 'auto' ? null : v.rating;
    else if (f === 'estimatedValue') {
      const amount = v.estimatedValue.trim().replace(/,/g, '');
      out[key] = amount === '' ? null : amount;
    } else if (value === null || typeof value === 'string') {
      out[key] = typeof value === 'string' ? text(value) : null;
    } else out[key] = value.value;
  }
  // Optional texts are cleared with an empty string; required pick lists are never sent empty.
  return out;
}

const sameValue = (a: unknown, b: unknown) =>
  JSON.stringify(a && typeof a === 'object' && 'value' in a ? (a as Option).value : a) ===
  JSON.stringify(b && typeof b === 'object' && 'value' in b ? (b as Option).value : b);

const differing = (a: Values, b: Values): Field[] =>
  (Object.keys(a) as Field[]).filter((k) => !sameValue(a[k], b[k]));

/**
 * Create or edit a lead: every field, grouped as people read them. "Save & New" keeps the
 * dialog open for the next lead and keeps its partner, campaign and source.
 */
export function LeadFormModal(props: LeadFormModalProps) {
  const { opened, onClose, lead } = props;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={lead ? `Edit ${lead.name}` : 'New lead'}
      size="xl"
      closeOnClickOutside={false}
    >
      {opened && <LeadFormLoader {...props} />}
    </Modal>
  );
}

/** Waits for the pick lists and the names of pre-filled references, then shows the form. */
function LeadFormLoader(props: LeadFormModalProps) {
  const setup = useSalesSetup();
  const refs: { kind: RefKind; id: string }[] = [];
  const i = props.lead ? undefined : props.initial;
  if (i?.partnerId) refs.push({ kind: 'partner', id: i.partnerId });
  if (i?.partnerUserId) refs.push({ kind: 'user', id: i.partnerUserId });
  if (i?.referrerId) refs.push({ kind: 'user', id: i.referrerId });
  if (i?.ownerId) refs.push({ kind: 'user', id: i.ownerId });
  if (i?.campaignId) refs.push({ kind: 'campaign', id: i.campaignId });
  const names = useRefLabels(refs);

  if (setup.isError) {
    return (
      <Alert color="red" variant="light" title="The form could not be loaded">
        {errorMessage(setup.error)}{' '}
        <Anchor component="button" onClick={() => void setup.refetch()}>
          Try again
        </Anchor>
      </Alert>
    );
  }
  if (setup.isPending || names.pending) {
    return (
      <Center py="xl" role="status" aria-label="Loading the form">
        <Loader size="sm" />
      </Center>
    );
  }
  return <LeadForm {...props} labels={names.labels} />;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
      <Title order={4} fz="sm" c="dimmed" tt="uppercase" fw={700} component="legend" mb={4}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function LeadForm({
  onClose,
  lead,
  initial,
  onSaved,
  labels,
}: LeadFormModalProps & { labels: Map<string, string> }) {
  const me = useCurrentUser();
  const partnerUser = isPartnerRole(me.role);
  const isRep = me.role === 'partner_rep';
  const { data: setup } = useSalesSetup();
  const create = useCreateLead();
  const update = useUpdateLead();
  const fetchLead = useFetchLead();
  const mutation = lead ? update : create;
  const firstField = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // Bumped when a save is refused, so the first field with a problem comes into view.
  const [refused, setRefused] = useState(0);
  useEffect(() => {
    if (refused === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    // A problem no field shows is reported at the top of the form.
    else formRef.current?.scrollIntoView({ block: 'start' });
  }, [refused]);
  const NotificationLink = useNotificationLink();

  const statuses = (setup?.leadStatuses ?? []).filter(
    (s) => s.kind !== 'converted' || s.id === lead?.statusId,
  );
  const defaultStatus = statuses.find((s) => s.isDefault) ?? statuses[0];
  const defaults = {
    statusId: defaultStatus?.id ?? null,
    currency: setup?.baseCurrency ?? null,
    owner: { value: me.id, label: me.name },
  };
  const blank = () => initialToValues(initial ?? {}, labels, defaults);

  // The version being edited: saves carry it, so a newer version on the server answers 409.
  const [base, setBase] = useState<Lead | undefined>(lead);
  const baseValues = base ? leadToValues(base) : undefined;
  const [values, setValues] = useState<Values>(() => (lead ? leadToValues(lead) : blank()));
  const [submitted, setSubmitted] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [reloading, setReloading] = useState(false);
  const [merged, setMerged] = useState<string[] | null>(null);
  const [created, setCreated] = useState<Lead[]>([]);
  const [andNewPending, setAndNewPending] = useState(false);

  const set = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }));
  const local = submitted ? localErrors(values) : {};
  const error = (f: Field) => local[f] ?? fieldError(mutation.error, API_FIELD[f]);
  const mine = baseValues ? differing(baseValues, values) : [];
  const isConflict = isApiError(update.error) && update.error.status === 409;

  // Partner users: their own company is the partner (the server sets it).
  const partnerId = partnerUser ? (me.partner?.id ?? null) : (values.partner?.value ?? null);

  const submit = (andNew: boolean) => {
    setSubmitted(true);
    if (Object.keys(localErrors(values)).length > 0) {
      setRefused((n) => n + 1);
      return;
    }
    if (lead && base) {
      let fields = mine;
      if (partnerUser) fields = fields.filter((f) => f !== 'partner');
      if (isRep) fields = fields.filter((f) => f !== 'owner');
      if (fields.length === 0) {
        onClose();
        return;
      }
      const input: UpdateLeadInput & { id: string } = {
        ...toInput(values, fields),
        id: lead.id,
        version: base.version,
      };
      update.mutate(input, {
        onSuccess: (saved) => {
          notifications.show({
            color: 'teal',
            title: 'Lead saved',
            message: `${saved.name} (${saved.company}) was updated.`,
          });
          onSaved?.(saved);
          onClose();
        },
        onError: (e) => {
          if (isApiError(e) && e.status === 409) setConflict(true);
          else setRefused((n) => n + 1);
        },
      });
      return;
    }
    let fields = (Object.keys(values) as Field[]).filter((f) => {
      const v = values[f];
      return v !== null && v !== '' && !(f === 'rating' && v === 'auto');
    });
    if (partnerUser) fields = fields.filter((f) => f !== 'partner');
    if (isRep) fields = fields.filter((f) => !['owner', 'referrer', 'partnerUser'].includes(f));
    setAndNewPending(andNew);
    create.mutate(toInput(values, fields) as CreateLeadInput, {
      onSuccess: (saved) => {
        notifications.show({
          color: 'teal',
          title: 'Lead created',
          message: (
            <>
              <NotificationLink to={`/leads/${saved.id}`}>{saved.name}</NotificationLink> at{' '}
              {saved.company} ({saved.reference})
            </>
          ),
        });
        onSaved?.(saved);
        if (!andNew) {
          onClose();
          return;
        }
        // The next lead usually comes from the same partner, campaign and source.
        setCreated((c) => [saved, ...c]);
        setValues({
          ...blank(),
          partner: values.partner,
          partnerUser: values.partnerUser,
          referrer: values.referrer,
          campaign: values.campaign,
          source: values.source,
          currency: values.currency,
        });
        setSubmitted(false);
        create.reset();
        firstField.current?.focus();
      },
      onError: () => setRefused((n) => n + 1),
    });
  };

  /** Their version underneath, the user's own edits re-applied on top. */
  const reload = async () => {
    if (!lead || !baseValues) return;
    setReloading(true);
    try {
      const latest = await fetchLead(lead.id);
      const latestValues = leadToValues(latest);
      const theirs = differing(baseValues, latestValues);
      const next = { ...latestValues };
      for (const key of mine) (next as Record<string, unknown>)[key] = values[key];
      setBase(latest);
      setValues(next);
      setMerged(theirs.map((k) => FIELD_LABELS[k]));
      update.reset();
      setConflict(false);
    } catch (e) {
      notifications.show({
        color: 'red',
        title: 'Could not load the latest version',
        message: errorMessage(e),
      });
    } finally {
      setReloading(false);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit(false);
  };

  const select = (list: Parameters<typeof picklistOptions>[1], current: string | null) =>
    picklistOptions(setup, list, current);
  const currencies = (setup?.currencies ?? []).map((c) => ({ value: c.code, label: c.code }));

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-label={lead ? 'Edit lead' : 'New lead'}>
      <Stack gap="lg">
        {created.length > 0 && (
          <Alert color="teal" variant="light" role="status">
            <Text size="sm">
              Created {created.length === 1 ? 'one lead' : `${created.length} leads`} so far:{' '}
              {created.slice(0, 3).map((l, i) => (
                <span key={l.id}>
                  {i > 0 && ', '}
                  <Anchor component={Link} to={`/leads/${l.id}`} size="sm">
                    {l.name}
                  </Anchor>
                </span>
              ))}
              {created.length > 3 && ` and ${created.length - 3} more`}. Partner, campaign and
              source are kept for the next one.
            </Text>
          </Alert>
        )}
        {merged && (
          <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} role="status">
            You are now editing the latest version
            {merged.length > 0 ? ` (they changed: ${merged.join(', ')})` : ''}, with your changes on
            top. Check them and save again.
          </Alert>
        )}
        {!isConflict && <FormError error={mutation.error} shownFields={SHOWN_FIELDS} />}

        <Section title="Person">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
            <TextInput
              ref={firstField}
              label="First name"
              required
              data-autofocus
              autoComplete="off"
              value={values.firstName}
              onChange={(e) => set({ firstName: e.currentTarget.value })}
              error={error('firstName')}
            />
            <TextInput
              label="Last name"
              required
              autoComplete="off"
              value={values.lastName}
              onChange={(e) => set({ lastName: e.currentTarget.value })}
              error={error('lastName')}
            />
            <Select
              label="Job title"
              required
              searchable
              data={select('job_title', values.jobTitle)}
              value={values.jobTitle}
              onChange={(v) => set({ jobTitle: v })}
              error={error('jobTitle')}
              placeholder="Choose a title"
            />
            <TextInput
              label="Email"
              type="email"
              required
              autoComplete="off"
              value={values.email}
              onChange={(e) => set({ email: e.currentTarget.value })}
              error={error('email')}
            />
            <TextInput
              label="Phone"
              type="tel"
              autoComplete="off"
              value={values.phone}
              onChange={(e) => set({ phone: e.currentTarget.value })}
              error={error('phone')}
            />
          </SimpleGrid>
        </Section>

        <Section title="Company">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
            <TextInput
              label="Company"
              required
              autoComplete="off"
              value={values.company}
              onChange={(e) => set({ company: e.currentTarget.value })}
              error={error('company')}
            />
            <TextInput
              label="Website"
              placeholder="company.com"
              autoComplete="off"
              value={values.website}
              onChange={(e) => set({ website: e.currentTarget.value })}
              error={error('website')}
            />
            <Select
              label="Industry"
              searchable
              clearable
              data={select('industry', values.industry)}
              value={values.industry}
              onChange={(v) => set({ industry: v })}
              error={error('industry')}
            />
            <Select
              label="Company size"
              clearable
              data={COMPANY_SIZES.map((s) => ({ value: s, label: COMPANY_SIZE_LABELS[s] }))}
              value={values.companySize}
              onChange={(v) => set({ companySize: v })}
              error={error('companySize')}
            />
            <Select
              label="Country"
              searchable
              clearable
              data={countryOptions()}
              value={values.countryCode}
              onChange={(v) => set({ countryCode: v })}
              error={error('countryCode')}
            />
            <TextInput
              label="Region"
              placeholder="State, province or county"
              value={values.region}
              onChange={(e) => set({ region: e.currentTarget.value })}
              error={error('region')}
            />
            <TextInput
              label="City"
              value={values.city}
              onChange={(e) => set({ city: e.currentTarget.value })}
              error={error('city')}
            />
            <TextInput
              label="Postal code"
              value={values.postalCode}
              onChange={(e) => set({ postalCode: e.currentTarget.value })}
              error={error('postalCode')}
            />
          </SimpleGrid>
        </Section>

        <Section title="Qualification">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
            <Select
              label="Lead status"
              required
              allowDeselect={false}
              data={statuses.map((s) => ({
                value: s.id,
                label: s.kind === 'closed' ? `${s.label} (closed)` : s.label,
                disabled: s.kind === 'converted',
              }))}
              value={values.statusId}
              onChange={(v) => set({ statusId: v })}
              error={error('statusId')}
            />
            <Select
              label="Lead source"
              required
              searchable
              data={select('lead_source', values.source)}
              value={values.source}
              onChange={(v) => set({ source: v })}
              error={error('source')}
              placeholder="Where did it come from?"
            />
            <Select
              label="Power"
              required
              data={select('power', values.power)}
              value={values.power}
              onChange={(v) => set({ power: v })}
              error={error('power')}
              placeholder="Decision maker, influencer…"
            />
            <Select
              label="Rating"
              allowDeselect={false}
              data={[{ value: 'auto', label: 'Automatic (from score)' }, ...RATING_OPTIONS]}
              value={values.rating}
              onChange={(v) => v && set({ rating: v })}
              error={error('rating')}
              description={
                values.rating === 'auto'
                  ? 'Hot, warm or cold follows the lead’s score'
                  : 'Set by hand; the score no longer changes it'
              }
            />
            <Group gap="xs" align="flex-start" wrap="nowrap">
              <TextInput
                label="Estimated value"
                inputMode="decimal"
                placeholder="0.00"
                style={{ flex: 1 }}
                value={values.estimatedValue}
                onChange={(e) => set({ estimatedValue: e.currentTarget.value })}
                error={error('estimatedValue')}
              />
              <Select
                label="Currency"
                w={100}
                allowDeselect={false}
                data={currencies}
                value={values.currency}
                onChange={(v) => set({ currency: v })}
                error={error('currency')}
              />
            </Group>
            <TextInput
              label="Product interest"
              placeholder="What are they looking for?"
              value={values.productInterest}
              onChange={(e) => set({ productInterest: e.currentTarget.value })}
              error={error('productInterest')}
            />
          </SimpleGrid>
        </Section>

        <Section title="Assignment">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
            {!partnerUser && (
              <OwnerSelect
                label="Owner"
                placeholder="Search people"
                value={values.owner}
                onChange={(owner) => set({ owner })}
                error={error('owner')}
              />
            )}
            {partnerUser && !isRep && (
              // A partner's leads are owned by its own people.
              <PartnerUserSelect
                label="Owner"
                placeholder="Choose a colleague"
                partnerId={me.partner?.id ?? null}
                value={values.owner}
                onChange={(owner) => set({ owner })}
                error={error('owner')}
              />
            )}
            {!partnerUser && (
              <PartnerSelect
                label="Assigned partner"
                placeholder="Not assigned to a partner"
                value={values.partner}
                onChange={(partner) => {
                  // A rep and a referrer belong to a partner; another partner needs its own.
                  if (partner?.value !== values.partner?.value) {
                    set({ partner, partnerUser: null, referrer: null });
                  } else set({ partner });
                }}
                error={error('partner')}
              />
            )}
            {!isRep && (
              <PartnerUserSelect
                label="Partner rep"
                placeholder={partnerId ? 'Nobody in particular' : 'Choose a partner first'}
                partnerId={partnerId}
                value={values.partnerUser}
                onChange={(partnerUser) => set({ partnerUser })}
                error={error('partnerUser')}
              />
            )}
            {!isRep &&
              (partnerId ? (
                <PartnerUserSelect
                  label="Referrer"
                  placeholder="Who brought the lead in"
                  partnerId={partnerId}
                  value={values.referrer}
                  onChange={(referrer) => set({ referrer })}
                  error={error('referrer')}
                />
              ) : (
                // Without an assigned partner, anyone at any partner may have referred it.
                <RemoteSelect
                  label="Referrer"
                  placeholder="Search people at partners"
                  useOptions={usePartnerPeoplePicker}
                  value={values.referrer}
                  onChange={(referrer) => set({ referrer })}
                  error={error('referrer')}
                />
              ))}
            <CampaignSelect
              label="Campaign"
              placeholder="Search campaigns"
              value={values.campaign}
              onChange={(campaign) => set({ campaign })}
              error={error('campaign')}
            />
          </SimpleGrid>
        </Section>

        <Section title="Details">
          <Textarea
            label="Description"
            rows={4}
            resize="vertical"
            value={values.description}
            onChange={(e) => set({ description: e.currentTarget.value })}
            error={error('description')}
          />
        </Section>

        <Divider />
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {lead
              ? mine.length === 0
                ? 'No changes yet.'
                : `${mine.length} field${mine.length === 1 ? '' : 's'} changed`
              : 'Fields marked * are required.'}
          </Text>
          <Group gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            {!lead && (
              <Button
                variant="light"
                onClick={() => submit(true)}
                loading={create.isPending && andNewPending}
                disabled={create.isPending && !andNewPending}
              >
                Save &amp; New
              </Button>
            )}
            <Button
              type="submit"
              loading={mutation.isPending && !andNewPending}
              disabled={isConflict || (create.isPending && andNewPending)}
            >
              Save
            </Button>
          </Group>
        </Group>
      </Stack>
      {lead && (
        <ConflictModal
          opened={conflict}
          what="lead"
          yourChanges={mine.map((k) => FIELD_LABELS[k])}
          reloading={reloading}
          onReload={() => void reload()}
          onKeepEditing={() => setConflict(false)}
        />
      )}
    </form>
  );
}
