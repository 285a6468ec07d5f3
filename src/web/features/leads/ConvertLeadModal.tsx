import {
  Alert,
  Badge,
  Button,
  Center,
  Checkbox,
  Divider,
  Group,
  Loader,
  Modal,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconTransform } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { FormError } from '../../components/FormError';
import { errorMessage, isApiError } from '../../lib/api';
import { fieldError } from '../../lib/forms';
import type { Option } from '../accounts/api';
import { AccountSelect } from '../accounts/pickers';
import { useSalesSetup } from '../sales-setup/useSalesSetup';
import {
  leadKeys,
  useConversionCandidates,
  useConvertLead,
  useFetchLead,
  type ConversionCandidates,
  type ConvertInput,
  type ConvertResult,
  type Lead,
} from './api';
import { daysFromNow, useNotificationLink } from './format';

const SHOWN_FIELDS = [
  'account',
  'account.name',
  'account.id',
  'contact',
  'contact.id',
  'opportunity',
  'opportunity.name',
  'opportunity.amount',
  'opportunity.currency',
  'opportunity.closeDate',
  'opportunity.stageId',
];

/**
 * Converting a lead: into a new or an existing account, a new or an existing contact, and
 * optionally a new opportunity — all in one step on the server, which it does only once.
 */
export function ConvertLeadModal({
  lead,
  opened,
  onClose,
}: {
  lead: Lead;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Convert ${lead.name}`} size="lg">
      {opened && <ConvertLoader lead={lead} onClose={onClose} />}
    </Modal>
  );
}

function ConvertLoader({ lead, onClose }: { lead: Lead; onClose: () => void }) {
  const candidates = useConversionCandidates(lead.id, true);
  const setup = useSalesSetup();
  if (candidates.isError || setup.isError) {
    return (
      <Alert color="red" variant="light" title="The conversion could not be prepared">
        {errorMessage(candidates.error ?? setup.error)}
        <Group mt="sm">
          <Button
            size="xs"
            variant="light"
            color="red"
            onClick={() => {
              void candidates.refetch();
              void setup.refetch();
            }}
          >
            Try again
          </Button>
        </Group>
      </Alert>
    );
  }
  if (candidates.isPending || setup.isPending) {
    return (
      <Center py="xl" role="status" aria-label="Looking for matching accounts and contacts">
        <Loader size="sm" />
      </Center>
    );
  }
  return (
    <ConvertForm
      lead={lead}
      candidates={candidates.data}
      stages={setup.data.opportunityStages
        .filter((s) => s.kind === 'open')
        .sort((a, b) => a.position - b.position)}
      currencies={setup.data.currencies.map((c) => c.code)}
      onClose={onClose}
    />
  );
}

function Part({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="xs">
      <Title order={4} fz="md">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function ConvertForm({
  lead,
  candidates,
  stages,
  currencies,
  onClose,
}: {
  lead: Lead;
  candidates: ConversionCandidates;
  stages: { id: string; label: string; probability: number }[];
  currencies: string[];
  onClose: () => void;
}) {
  const convert = useConvertLead(lead.id);
  const fetchLead = useFetchLead();
  const queryClient = useQueryClient();
  const NotificationLink = useNotificationLink();

  // Account: "new", "cand:<id>" (a proposed account) or "other" (searched).
  const [accountChoice, setAccountChoice] = useState<string>('new');
  const [accountName, setAccountName] = useState(lead.company);
  const [otherAccount, setOtherAccount] = useState<Option | null>(null);
  // Contact: "new" or a proposed contact's id.
  const [contactChoice, setContactChoice] = useState<string>('new');
  const [withOpportunity, setWithOpportunity] = useState(true);
  const [oppName, setOppName] = useState(
    `${lead.company} – ${lead.productInterest?.trim() || 'New business'}`,
  );
  const [amount, setAmount] = useState(lead.estimatedValue ?? '');
  const [currency, setCurrency] = useState<string | null>(lead.currency);
  const [closeDate, setCloseDate] = useState(daysFromNow(90));
  const [stageId, setStageId] = useState<string | null>(stages[0]?.id ?? null);
  const [submitted, setSubmitted] = useState(false);
  const [alreadyConverted, setAlreadyConverted] = useState<string | null>(null);

  const accountId =
    accountChoice === 'other'
      ? (otherAccount?.value ?? null)
      : accountChoice.startsWith('cand:')
        ? accountChoice.slice(5)
        : null;
  const contactsHere = accountId
    ? candidates.contacts.filter((c) => c.accountId === accountId)
    : [];
  const contactOk = contactChoice === 'new' || contactsHere.some((c) => c.id === contactChoice);
  const effectiveContact = contactOk ? contactChoice : 'new';

  const amountClean = amount.trim().replace(/,/g, '');
  const local: Record<string, string> = {};
  if (submitted) {
    if (accountChoice === 'new' && !accountName.trim()) local['account.name'] = 'Name the account';
    if (accountChoice === 'other' && !otherAccount) local.account = 'Choose an account';
    if (withOpportunity) {
      if (!oppName.trim()) local['opportunity.name'] = 'Name the opportunity';
      if (amountClean && !/^\d{1,14}(\.\d{1,2})?$/.test(amountClean))
        local['opportunity.amount'] = 'Enter an amount like 12500 or 12500.50';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(closeDate)) local['opportunity.closeDate'] = 'Choose a date';
    }
  }
  const err = (f: string) => local[f] ?? fieldError(convert.error, f);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (accountChoice === 'new' && !accountName.trim()) return;
    if (accountChoice === 'other' && !otherAccount) return;
    if (withOpportunity && (!oppName.trim() || !/^\d{4}-\d{2}-\d{2}$/.test(closeDate))) return;
    if (withOpportunity && amountClean && !/^\d{1,14}(\.\d{1,2})?$/.test(amountClean)) return;
    const input: ConvertInput = {
      version: lead.version,
      account: accountId
        ? { mode: 'existing', id: accountId }
        : { mode: 'new', name: accountName.trim() },
      contact:
        effectiveContact === 'new' ? { mode: 'new' } : { mode: 'existing', id: effectiveContact },
      opportunity: withOpportunity
        ? {
            name: oppName.trim(),
            amount: amountClean || null,
            currency: currency ?? undefined,
            closeDate,
            stageId: stageId ?? undefined,
          }
        : null,
    };
    convert.mutate(input, {
      onSuccess: (result) => {
        notifications.show({
          color: 'teal',
          title: `${result.lead.name} converted`,
          autoClose: 10_000,
          message: <ConvertedLinks result={result} Link={NotificationLink} />,
        });
        onClose();
      },
      onError: (error) => {
        if (!isApiError(error) || error.status !== 409) return;
        // Converted meanwhile (another tab, a colleague), or just edited: the latest says which.
        fetchLead(lead.id).then(
          (latest) =>
            setAlreadyConverted(
              latest.convertedAt
                ? 'This lead was already converted (perhaps in another tab). The page now shows the result.'
                : 'This lead was changed by someone else meanwhile. Its latest version is loaded; check it and convert again.',
            ),
          () => void queryClient.invalidateQueries({ queryKey: leadKeys.detail(lead.id) }),
        );
      },
    });
  };

  if (alreadyConverted) {
    return (
      <Stack>
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
          {alreadyConverted}
        </Alert>
        <Group justify="flex-end">
          <Button onClick={onClose}>Close</Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Convert lead">
      <Stack gap="lg">
        <Text size="sm" c="dimmed">
          Converting creates or links an account and a contact, and optionally an opportunity. The
          partner, partner rep, referrer and campaign carry over. The lead becomes read-only; this
          cannot be undone.
        </Text>
        <FormError error={convert.error} shownFields={SHOWN_FIELDS} />

        <Part title="Account">
          <Radio.Group
            value={accountChoice}
            onChange={(v) => {
              setAccountChoice(v);
              setContactChoice('new');
            }}
            aria-label="Account"
            error={err('account') ?? err('account.id')}
          >
            <Stack gap="xs">
              <Radio value="new" label="Create a new account" />
              {accountChoice === 'new' && (
                <TextInput
                  ml={30}
                  label="Account name"
                  value={accountName}
                  onChange={(e) => setAccountName(e.currentTarget.value)}
                  error={err('account.name')}
                />
              )}
              {candidates.accounts.map((a) => (
                <Radio
                  key={a.id}
                  value={`cand:${a.id}`}
                  label={
                    <Group gap={6} wrap="wrap">
                      <Text size="sm" span>
                        Use existing account <b>{a.name}</b>
                        {a.domain ? ` (${a.domain})` : ''}
                      </Text>
                      <Badge size="xs" variant="light" color="grape" tt="none">
                        matches {a.reason}
                      </Badge>
                    </Group>
                  }
                />
              ))}
              <Radio value="other" label="Choose another existing account" />
              {accountChoice === 'other' && (
                <AccountSelect
                  ml={30}
                  label="Account"
                  placeholder="Search accounts"
                  value={otherAccount}
                  onChange={setOtherAccount}
                  error={err('account')}
                />
              )}
            </Stack>
          </Radio.Group>
        </Part>

        <Divider />
        <Part title="Contact">
          <Radio.Group
            value={effectiveContact}
            onChange={setContactChoice}
            aria-label="Contact"
            error={err('contact') ?? err('contact.id')}
          >
            <Stack gap="xs">
              <Radio
                value="new"
                label={
                  <>
                    Create a new contact: <b>{lead.name}</b> ({lead.email})
                  </>
                }
              />
              {contactsHere.map((c) => (
                <Radio
                  key={c.id}
                  value={c.id}
                  label={
                    <Group gap={6} wrap="wrap">
                      <Text size="sm" span>
                        Use existing contact <b>{c.name}</b>
                        {c.email ? ` (${c.email})` : ''}
                      </Text>
                      <Badge size="xs" variant="light" color="grape" tt="none">
                        {c.reason}
                      </Badge>
                    </Group>
                  }
                />
              ))}
              {accountId && contactsHere.length === 0 && (
                <Text size="xs" c="dimmed" ml={30}>
                  No contact of this account matches the lead; a new one is added to it.
                </Text>
              )}
              {!accountId && candidates.contacts.length > 0 && (
                <Text size="xs" c="dimmed" ml={30}>
                  {candidates.contacts.length === 1
                    ? 'A matching contact exists'
                    : 'Matching contacts exist'}{' '}
                  at {[...new Set(candidates.contacts.map((c) => c.accountName))].join(', ')} —
                  choose that account to use {candidates.contacts.length === 1 ? 'it' : 'them'}.
                </Text>
              )}
            </Stack>
          </Radio.Group>
        </Part>

        <Divider />
        <Part title="Opportunity">
          <Checkbox
            label="Create an opportunity"
            checked={withOpportunity}
            onChange={(e) => setWithOpportunity(e.currentTarget.checked)}
          />
          {withOpportunity && (
            <Stack gap="xs">
              <TextInput
                label="Opportunity name"
                required
                value={oppName}
                onChange={(e) => setOppName(e.currentTarget.value)}
                error={err('opportunity.name')}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="xs">
                <Group gap="xs" align="flex-start" wrap="nowrap">
                  <TextInput
                    label="Amount"
                    inputMode="decimal"
                    style={{ flex: 1 }}
                    value={amount}
                    onChange={(e) => setAmount(e.currentTarget.value)}
                    error={err('opportunity.amount')}
                  />
                  <Select
                    label="Currency"
                    w={100}
                    allowDeselect={false}
                    data={currencies}
                    value={currency}
                    onChange={setCurrency}
                    error={err('opportunity.currency')}
                  />
                </Group>
                <TextInput
                  label="Close date"
                  type="date"
                  required
                  value={closeDate}
                  onChange={(e) => setCloseDate(e.currentTarget.value)}
                  error={err('opportunity.closeDate')}
                />
                <Select
                  label="Stage"
                  allowDeselect={false}
                  data={stages.map((s) => ({
                    value: s.id,
                    label: `${s.label} (${s.probability}%)`,
                  }))}
                  value={stageId}
                  onChange={setStageId}
                  error={err('opportunity.stageId')}
                />
              </SimpleGrid>
            </Stack>
          )}
        </Part>

        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="teal"
            leftSection={<IconTransform size={16} />}
            loading={convert.isPending}
          >
            Convert
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Links to what a conversion created or used (shown in a notification). */
function ConvertedLinks({
  result,
  Link: To,
}: {
  result: ConvertResult;
  Link: ReturnType<typeof useNotificationLink>;
}) {
  const l = result.lead;
  return (
    <Text size="sm">
      Account <To to={`/accounts/${result.accountId}`}>{l.convertedAccount?.name ?? 'opened'}</To>,
      contact <To to={`/contacts/${result.contactId}`}>{l.convertedContact?.name ?? 'opened'}</To>
      {result.opportunityId && (
        <>
          , opportunity{' '}
          <To to={`/opportunities/${result.opportunityId}`}>
            {l.convertedOpportunity?.name ?? 'opened'}
          </To>
        </>
      )}
      .
    </Text>
  );
}
