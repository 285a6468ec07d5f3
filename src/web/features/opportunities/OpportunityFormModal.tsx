import {
  ActionIcon,
  Alert,
  Button,
  Center,
  Group,
  Input,
  Loader,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQueries } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { type DealPartnerRole, type OpportunitySource } from '../../../shared/opportunities';
import type { OpportunityStage, SalesSetup } from '../../../shared/sales-setup';
import { FormError } from '../../components/FormError';
import { errorMessage, isApiError } from '../../lib/api';
import { fieldError } from '../../lib/forms';
import { isPartnerRole } from '../../../shared/role-names';
import { useCurrentUser } from '../../lib/session';
import type { Option } from '../accounts/api';
import {
  AccountSelect,
  ContactSelect,
  OwnerSelect,
  PartnerSelect,
  PartnerUserSelect,
  refOption,
  RemoteSelect,
} from '../accounts/pickers';
import { CampaignSelect, usePartnerPeoplePicker } from '../leads/pickers';
import { ConflictModal } from '../partners/ConflictModal';
import { picklistOptions, useSalesSetup } from '../sales-setup/useSalesSetup';
import {
  recordNameQuery,
  useCreateOpportunity,
  useFetchOpportunity,
  useRecordName,
  useUpdateOpportunity,
  type CreateOpportunityInput,
  type Opportunity,
  type UpdateOpportunityInput,
} from './api';
import { ROLE_OPTIONS, SOURCE_OPTIONS } from './format';

export interface OpportunityFormModalProps {
  opened: boolean;
  onClose: () => void;
  /** Edit this opportunity; without one the dialog creates a new one. */
  opportunity?: Opportunity | undefined;
  /** Pre-fills a new opportunity; ids are shown by name once loaded. */
  initial?: Partial<CreateOpportunityInput> | undefined;
  onSaved?: ((saved: Opportunity, created: boolean) => void) | undefined;
}

/** Fields the form has inputs for; server errors on any other field are listed on top. */
const SHOWN_FIELDS = [
  'name',
  'accountId',
  'contactId',
  'stageId',
  'amount',
  'currency',
  'closeDate',
  'ownerId',
  'nextStep',
  'lossReason',
  'source',
  'partnerId',
  'partnerUserId',
  'partners',
  'referrerId',
  'campaignId',
  'description',
] as const;

interface Credit {
  key: number;
  partner: Option | null;
  role: DealPartnerRole;
}

export interface FormValues {
  name: string;
  account: Option | null;
  contact: Option | null;
  stageId: string | null;
  amount: string;
  currency: string;
  closeDate: string;
  owner: Option | null;
  nextStep: string;
  lossReason: string | null;
  source: OpportunitySource;
  partner: Option | null;
  partnerUser: Option | null;
  credits: Credit[];
  referrer: Option | null;
  campaign: Option | null;
  description: string;
}

const FIELD_LABELS: Record<keyof FormValues, string> = {
  name: 'Name',
  account: 'Account',
  contact: 'Contact',
  stageId: 'Stage',
  amount: 'Amount',
  currency: 'Currency',
  closeDate: 'Close date',
  owner: 'Owner',
  nextStep: 'Next step',
  lossReason: 'Loss reason',
  source: 'Source',
  partner: 'Assigned partner',
  partnerUser: 'Partner rep',
  credits: 'Credited partners',
  referrer: 'Referrer',
  campaign: 'Campaign',
  description: 'Description',
};

let creditKey = 0;
const credit = (partner: Option | null, role: DealPartnerRole): Credit => ({
  key: ++creditKey,
  partner,
  role,
});

function fromOpportunity(o: Opportunity): FormValues {
  return {
    name: o.name,
    account: refOption(o.account),
    contact: refOption(o.contact),
    stageId: o.stageId,
    amount: o.amount ?? '',
    currency: o.currency,
    closeDate: o.closeDate,
    owner: refOption(o.owner),
    nextStep: o.nextStep ?? '',
    lossReason: o.lossReason,
    source: o.source,
    partner: refOption(o.partner),
    partnerUser: refOption(o.partnerUser),
    credits: o.partners.map((p) => credit({ value: p.partnerId, label: p.name }, p.role)),
    referrer: refOption(o.referrer),
    campaign: refOption(o.campaign),
    description: o.description,
  };
}

/** A stage's place on the path: open stages in order, then won, then lost. */
export function orderedStages(stages: OpportunityStage[] | undefined): OpportunityStage[] {
  const rank = { open: 0, won: 1, lost: 2 } as const;
  return [...(stages ?? [])].sort((a, b) => rank[a.kind] - rank[b.kind] || a.position - b.position);
}

/** Three months out: a sensible first guess for a new deal's close date. */
function defaultCloseDate(): string {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() + 3);
  return d.toISOString().slice(0, 10);
}

/** The value the API gets for one form field (undefined: the field is not sent). */
function inputOf(v: FormValues): CreateOpportunityInput {
  return {
    name: v.name.trim(),
    accountId: v.account?.value ?? null,
    contactId: v.contact?.value ?? null,
    ...(v.stageId ? { stageId: v.stageId } : {}),
    amount: v.amount.trim() === '' ? null : v.amount.trim(),
    currency: v.currency,
    closeDate: v.closeDate,
    ownerId: v.owner?.value ?? null,
    nextStep: v.nextStep.trim() || null,
    lossReason: v.lossReason,
    source: v.source,
    partnerId: v.partner?.value ?? null,
    partnerUserId: v.partnerUser?.value ?? null,
    partners: v.credits
      .filter((c) => c.partner)
      .map((c) => ({ partnerId: c.partner!.value, role: c.role })),
    referrerId: v.referrer?.value ?? null,
    campaignId: v.campaign?.value ?? null,
    description: v.description.trim(),
  };
}

/** Which input keys a form field maps to, for sending only what changed on edit. */
const INPUT_KEYS: Record<keyof FormValues, (keyof CreateOpportunityInput)[]> = {
  name: ['name'],
  account: ['accountId'],
  contact: ['contactId'],
  stageId: ['stageId'],
  amount: ['amount'],
  currency: ['currency'],
  closeDate: ['closeDate'],
  owner: ['ownerId'],
  nextStep: ['nextStep'],
  lossReason: ['lossReason'],
  source: ['source'],
  partner: ['partnerId'],
  partnerUser: ['partnerUserId'],
  credits: ['partners'],
  referrer: ['referrerId'],
  campaign: ['campaignId'],
  description: ['description'],
};

function differing(a: FormValues, b: FormValues): (keyof FormValues)[] {
  const ia = inputOf(a);
  const ib = inputOf(b);
  return (Object.keys(INPUT_KEYS) as (keyof FormValues)[]).filter((k) =>
    INPUT_KEYS[k].some((key) => JSON.stringify(ia[key]) !== JSON.stringify(ib[key])),
  );
}

const MONEY_RE = /^\d{1,14}(\.\d{1,2})?$/;

function localErrors(v: FormValues, setup: SalesSetup | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!v.name.trim()) errors.name = 'Give the deal a name';
  if (!v.closeDate) errors.closeDate = 'When do you expect to close it?';
  const amount = v.amount.trim().replace(/,/g, '');
  if (amount && !MONEY_RE.test(amount)) errors.amount = 'An amount ≥ 0 with at most two decimals';
  const stage = setup?.opportunityStages.find((s) => s.id === v.stageId);
  if (stage?.kind === 'lost' && !v.lossReason) errors.lossReason = 'Why was it lost?';
  const chosen = v.credits.filter((c) => c.partner);
  if (chosen.filter((c) => c.role === 'sourcing').length > 1) {
    errors.partners = 'Only one partner can be the sourcing partner';
  } else if (new Set(chosen.map((c) => c.partner!.value)).size !== chosen.length) {
    errors.partners = 'Each partner can be credited once';
  }
  return errors;
}

/**
 * Creates or edits an opportunity. Opened from the list, the pipeline, a partner's page
 * (`initial={{ partnerId }}`) or a record's page.
 */
export function OpportunityFormModal(props: OpportunityFormModalProps) {
  const { opened, onClose, opportunity } = props;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={opportunity ? `Edit ${opportunity.reference}` : 'New opportunity'}
      size="xl"
    >
      {opened &&
        (opportunity ? <EditForm {...props} opportunity={opportunity} /> : <NewForm {...props} />)}
    </Modal>
  );
}

/** Loads the names of pre-filled ids, so pickers never show an id. */
function NewForm({ onClose, initial = {}, onSaved }: OpportunityFormModalProps) {
  const me = useCurrentUser();
  const setup = useSalesSetup();
  const partnerUser = isPartnerRole(me.role);
  const partnerName = useRecordName('partner', partnerUser ? null : initial.partnerId);
  const accountName = useRecordName('account', initial.accountId);
  const contactName = useRecordName('contact', initial.contactId);
  const ownerName = useRecordName('user', partnerUser ? null : initial.ownerId);
  const repName = useRecordName('user', initial.partnerUserId);
  const referrerName = useRecordName('user', initial.referrerId);
  const campaignName = useRecordName('campaign', initial.campaignId);
  // Credited partners handed in by id are shown by name too.
  const creditNames = useQueries({
    queries: (initial.partners ?? []).map((p) => recordNameQuery('partner', p.partnerId)),
  });
  const names = [
    partnerName,
    accountName,
    contactName,
    ownerName,
    repName,
    referrerName,
    campaignName,
  ];
  if (setup.isPending || names.some((n) => n.isPending) || creditNames.some((q) => q.isPending)) {
    return (
      <Center py="xl" role="status" aria-label="Loading the form">
        <Loader size="sm" />
      </Center>
    );
  }
  if (setup.isError) {
    return (
      <Alert color="red" variant="light" title="Could not load the sales setup">
        {errorMessage(setup.error)}
      </Alert>
    );
  }
  const opt = (id: string | null | undefined, name: string | undefined) =>
    id ? { value: id, label: name || 'Selected record' } : null;
  const stages = orderedStages(setup.data.opportunityStages);
  const firstOpen = stages.find((s) => s.kind === 'open');
  const partner =
    partnerUser && me.partner
      ? { value: me.partner.id, label: me.partner.companyName }
      : opt(initial.partnerId, partnerName.name);
  const values: FormValues = {
    name: initial.name ?? '',
    account: opt(initial.accountId, accountName.name),
    contact: opt(initial.contactId, contactName.name),
    stageId: initial.stageId ?? firstOpen?.id ?? null,
    amount: initial.amount === null || initial.amount === undefined ? '' : String(initial.amount),
    currency: initial.currency ?? setup.data.baseCurrency,
    closeDate: initial.closeDate ?? defaultCloseDate(),
    owner: partnerUser
      ? null
      : (opt(initial.ownerId, ownerName.name) ?? { value: me.id, label: me.name }),
    nextStep: initial.nextStep ?? '',
    lossReason: initial.lossReason ?? null,
    source: initial.source ?? (partner ? 'partner_registered' : 'direct'),
    partner,
    partnerUser:
      opt(initial.partnerUserId, repName.name) ??
      (me.role === 'partner_rep' ? { value: me.id, label: me.name } : null),
    credits: initial.partners
      ? initial.partners.map((p, i) =>
          credit({ value: p.partnerId, label: creditNames[i]?.data || 'Unknown partner' }, p.role),
        )
      : !partnerUser && partner
        ? [credit(partner, 'sourcing')]
        : [],
    referrer: opt(initial.referrerId, referrerName.name),
    campaign: opt(initial.campaignId, campaignName.name),
    description: initial.description ?? '',
  };
  return <OpportunityForm start={values} setup={setup.data} onClose={onClose} onSaved={onSaved} />;
}

function EditForm({
  onClose,
  opportunity,
  onSaved,
}: OpportunityFormModalProps & { opportunity: Opportunity }) {
  const setup = useSalesSetup();
  if (setup.isPending) {
    return (
      <Center py="xl" role="status" aria-label="Loading the form">
        <Loader size="sm" />
      </Center>
    );
  }
  if (setup.isError) {
    return (
      <Alert color="red" variant="light" title="Could not load the sales setup">
        {errorMessage(setup.error)}
      </Alert>
    );
  }
  return (
    <OpportunityForm
      base={opportunity}
      start={fromOpportunity(opportunity)}
      setup={setup.data}
      onClose={onClose}
      onSaved={onSaved}
    />
  );
}

function OpportunityForm({
  base: initialBase,
  start,
  setup,
  onClose,
  onSaved,
}: {
  base?: Opportunity;
  start: FormValues;
  setup: SalesSetup;
  onClose: () => void;
  onSaved?: ((saved: Opportunity, created: boolean) => void) | undefined;
}) {
  const me = useCurrentUser();
  const partnerUser = isPartnerRole(me.role);
  const create = useCreateOpportunity();
  const update = useUpdateOpportunity({ silent: true });
  const fetchOpportunity = useFetchOpportunity();
  const mutation = initialBase ? update : create;

  // The version being edited: saves carry it, so a newer version on the server answers 409.
  const [base, setBase] = useState(initialBase);
  const [baseValues, setBaseValues] = useState(start);
  const [values, setValues] = useState(start);
  const [submitted, setSubmitted] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [reloading, setReloading] = useState(false);
  const [reloadError, setReloadError] = useState<unknown>(null);
  const [merged, setMerged] = useState<string[] | null>(null);

  const set = (patch: Partial<FormValues>) => setValues((v) => ({ ...v, ...patch }));
  const stages = orderedStages(setup.opportunityStages);
  const stage = stages.find((s) => s.id === values.stageId);
  const lost = stage?.kind === 'lost';
  const local = submitted ? localErrors(values, setup) : {};
  const shown = (field: string) =>
    local[field] ??
    fieldError(mutation.error, field) ??
    (field === 'partners' && isApiError(mutation.error)
      ? Object.entries(mutation.error.fields ?? {}).find(([k]) => k.startsWith('partners'))?.[1]
      : undefined);
  const mine = base ? differing(baseValues, values) : [];
  const isConflict = isApiError(update.error) && update.error.status === 409;

  const stageOptions = stages.map((s) => ({
    value: s.id,
    label: s.kind === 'open' ? `${s.label} (${s.probability}%)` : s.label,
  }));
  const currencyOptions = (
    setup.currencies.length > 0 ? setup.currencies.map((c) => c.code) : [setup.baseCurrency]
  ).map((c) => ({ value: c, label: c }));
  if (!currencyOptions.some((c) => c.value === values.currency)) {
    currencyOptions.push({ value: values.currency, label: values.currency });
  }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(localErrors(values, setup)).length > 0) return;
    const input = inputOf(values);
    if (partnerUser) {
      // The server sets a partner user's own company; credited partners are the vendor's call.
      delete input.partnerId;
      delete input.partners;
      delete input.ownerId;
      delete input.source;
      if (me.role === 'partner_rep') delete input.partnerUserId;
    }
    if (!lost) input.lossReason = null;
    if (base) {
      // Only what the user changed is sent: a partner may work a deal whose account they
      // cannot see, and saving must not clear it.
      const changedKeys = new Set(mine.flatMap((k) => INPUT_KEYS[k]));
      if (!lost && base.lossReason) changedKeys.add('lossReason');
      const patch: UpdateOpportunityInput & { id: string } = { id: base.id, version: base.version };
      for (const key of changedKeys) {
        if (key in input) (patch as Record<string, unknown>)[key] = input[key];
      }
      if (Object.keys(patch).length === 2) {
        onClose();
        return;
      }
      update.mutate(patch, {
        onSuccess: (saved) => {
          notifications.show({
            color: 'teal',
            title: 'Opportunity saved',
            message: `${saved.reference}: ${saved.name}`,
          });
          onClose();
          onSaved?.(saved, false);
        },
        onError: (error) => {
          if (isApiError(error) && error.status === 409) setConflict(true);
        },
      });
    } else {
      create.mutate(input, {
        onSuccess: (saved) => {
          onClose();
          if (onSaved) onSaved(saved, true);
          else
            notifications.show({
              color: 'teal',
              title: 'Opportunity created',
              message: `${saved.reference}: ${saved.name}`,
            });
        },
      });
    }
  };

  /** Their version underneath, the user's own edits re-applied on top. */
  const reload = async () => {
    if (!base) return;
    setReloading(true);
    setReloadError(null);
    try {
      const latest = await fetchOpportunity(base.id);
      const latestValues = fromOpportunity(latest);
      const theirs = differing(baseValues, latestValues);
      const next = { ...latestValues };
      for (const key of mine) (next as Record<string, unknown>)[key] = values[key];
      setBase(latest);
      setBaseValues(latestValues);
      setValues(next);
      setMerged(theirs.map((k) => FIELD_LABELS[k]));
      update.reset();
      setConflict(false);
    } catch (error) {
      setReloadError(error);
    } finally {
      setReloading(false);
    }
  };

  const sourcingCount = values.credits.filter((c) => c.role === 'sourcing' && c.partner).length;

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        {merged && (
          <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} role="status">
            You are now editing the latest version
            {merged.length > 0 ? ` (they changed: ${merged.join(', ')})` : ''}, with your changes on
            top. Check them, then save again.
          </Alert>
        )}
        {reloadError !== null && (
          <Alert color="red" variant="light" role="alert">
            Could not load the latest version: {errorMessage(reloadError)}
          </Alert>
        )}
        {!isConflict && <FormError error={mutation.error} shownFields={SHOWN_FIELDS} />}

        <TextInput
          label="Name"
          required
          data-autofocus
          placeholder="e.g. Contoso — 200 seats"
          value={values.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={shown('name')}
          maxLength={200}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <AccountSelect
            label="Account"
            placeholder="Search accounts"
            value={values.account}
            onChange={(account) =>
              set({
                account,
                contact: account?.value === values.account?.value ? values.contact : null,
              })
            }
            error={shown('accountId')}
          />
          <ContactSelect
            label="Contact"
            placeholder={values.account ? 'Choose a contact' : 'Choose an account first'}
            accountId={values.account?.value ?? null}
            value={values.contact}
            onChange={(contact) => set({ contact })}
            error={shown('contactId')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Stage"
            data={stageOptions}
            value={values.stageId}
            onChange={(stageId) => set({ stageId })}
            allowDeselect={false}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            description={
              stage
                ? stage.kind === 'open'
                  ? `${stage.probability}% probability`
                  : stage.kind === 'won'
                    ? 'Closed as won'
                    : 'Closed as lost'
                : undefined
            }
            error={shown('stageId')}
          />
          <TextInput
            label="Close date"
            type="date"
            required
            value={values.closeDate}
            onChange={(e) => set({ closeDate: e.currentTarget.value })}
            error={shown('closeDate')}
          />
        </SimpleGrid>
        {lost && (
          <Select
            label="Loss reason"
            required
            placeholder="Why was it lost?"
            data={picklistOptions(setup, 'loss_reason', values.lossReason)}
            value={values.lossReason}
            onChange={(lossReason) => set({ lossReason })}
            error={shown('lossReason')}
          />
        )}
        <Group grow align="flex-start">
          <TextInput
            label="Amount"
            inputMode="decimal"
            placeholder="0.00"
            value={values.amount}
            onChange={(e) => set({ amount: e.currentTarget.value })}
            error={shown('amount')}
            style={{ flexGrow: 3 }}
          />
          <Select
            label="Currency"
            data={currencyOptions}
            value={values.currency}
            onChange={(v) => v && set({ currency: v })}
            allowDeselect={false}
            searchable
            error={shown('currency')}
            style={{ flexGrow: 1 }}
          />
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {!partnerUser && (
            <OwnerSelect
              label="Owner"
              placeholder="Search people"
              value={values.owner}
              onChange={(owner) => set({ owner })}
              error={shown('ownerId')}
            />
          )}
          {!partnerUser && (
            <Select
              label="Source"
              data={SOURCE_OPTIONS}
              value={values.source}
              onChange={(v) => v && set({ source: v })}
              allowDeselect={false}
              error={shown('source')}
            />
          )}
        </SimpleGrid>
        <TextInput
          label="Next step"
          placeholder="e.g. Send the revised proposal by Friday"
          value={values.nextStep}
          onChange={(e) => set({ nextStep: e.currentTarget.value })}
          error={shown('nextStep')}
          maxLength={500}
        />

        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {!partnerUser && (
            <PartnerSelect
              label="Assigned partner"
              description="The partner working the deal; its people see it in their portal"
              placeholder="Search partners"
              value={values.partner}
              onChange={(partner) =>
                set({
                  partner,
                  partnerUser: partner?.value === values.partner?.value ? values.partnerUser : null,
                  // The first partner chosen is usually the one that brought the deal.
                  credits:
                    partner && values.credits.length === 0
                      ? [credit(partner, 'sourcing')]
                      : values.credits,
                })
              }
              error={shown('partnerId')}
            />
          )}
          {me.role !== 'partner_rep' && (
            <PartnerUserSelect
              label="Partner rep"
              placeholder="Nobody in particular"
              description={
                values.partner || partnerUser
                  ? 'Who at the partner works the deal'
                  : 'Choose an assigned partner first'
              }
              partnerId={partnerUser ? (me.partner?.id ?? null) : (values.partner?.value ?? null)}
              value={values.partnerUser}
              onChange={(partnerUser) => set({ partnerUser })}
              error={shown('partnerUserId')}
            />
          )}
        </SimpleGrid>

        {!partnerUser && (
          <CreditedPartners
            credits={values.credits}
            onChange={(credits) => set({ credits })}
            error={shown('partners')}
            sourcingTaken={sourcingCount >= 1}
          />
        )}

        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <RemoteSelect
            label="Referrer"
            description="The partner person who brought the deal"
            placeholder="Search partner people"
            value={values.referrer}
            onChange={(referrer) => set({ referrer })}
            error={shown('referrerId')}
            useOptions={usePartnerPeoplePicker}
          />
          <CampaignSelect
            label="Campaign"
            description="The campaign the deal came from"
            placeholder="Search campaigns"
            value={values.campaign}
            onChange={(campaign) => set({ campaign })}
            error={shown('campaignId')}
          />
        </SimpleGrid>
        <Textarea
          label="Description"
          autosize
          minRows={3}
          maxRows={10}
          value={values.description}
          onChange={(e) => set({ description: e.currentTarget.value })}
          error={shown('description')}
        />

        <Group justify="space-between" mt="sm">
          <Text size="xs" c="dimmed">
            {base
              ? mine.length === 0
                ? 'No changes yet.'
                : `${mine.length} field${mine.length === 1 ? '' : 's'} changed`
              : ''}
          </Text>
          <Group gap="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {base ? 'Save' : 'Create opportunity'}
            </Button>
          </Group>
        </Group>
      </Stack>
      {base && (
        <ConflictModal
          opened={conflict}
          what="opportunity"
          yourChanges={mine.map((k) => FIELD_LABELS[k])}
          reloading={reloading}
          onReload={() => void reload()}
          onKeepEditing={() => setConflict(false)}
        />
      )}
    </form>
  );
}

/** Partners credited for the deal, each with a role; at most one sources it. */
function CreditedPartners({
  credits,
  onChange,
  error,
  sourcingTaken,
}: {
  credits: Credit[];
  onChange: (credits: Credit[]) => void;
  error: string | undefined;
  sourcingTaken: boolean;
}) {
  const patch = (key: number, change: Partial<Credit>) =>
    onChange(credits.map((c) => (c.key === key ? { ...c, ...change } : c)));
  return (
    <Stack gap={6} role="group" aria-label="Credited partners">
      <div>
        <Input.Label>Credited partners</Input.Label>
        <Input.Description>
          Who gets credit for the deal: one sourcing partner at most, any number influencing or
          implementing.
        </Input.Description>
      </div>
      {credits.length === 0 && (
        <Text size="sm" c="dimmed">
          No partner credited.
        </Text>
      )}
      {credits.map((c, i) => (
        <Group key={c.key} gap="xs" wrap="nowrap" align="flex-start">
          <PartnerSelect
            aria-label={`Credited partner ${i + 1}`}
            placeholder="Search partners"
            value={c.partner}
            onChange={(partner) => patch(c.key, { partner })}
            style={{ flex: 1 }}
          />
          <Select
            aria-label={`Role of credited partner ${i + 1}`}
            data={ROLE_OPTIONS}
            value={c.role}
            onChange={(v) => v && patch(c.key, { role: v })}
            allowDeselect={false}
            w={170}
          />
          <Tooltip label="Remove" withArrow>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              aria-label={`Remove credited partner ${i + 1}`}
              onClick={() => onChange(credits.filter((x) => x.key !== c.key))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      ))}
      {error && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
      <Group>
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} />}
          onClick={() =>
            onChange([...credits, credit(null, sourcingTaken ? 'influencing' : 'sourcing')])
          }
          disabled={credits.length >= 20}
        >
          Add credited partner
        </Button>
      </Group>
    </Stack>
  );
}
