import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { COMPANY_SIZES, COMPANY_SIZE_LABELS } from '../../../shared/accounts';
import { isPartnerRole } from '../../../shared/role-names';
import { FormError } from '../../components/FormError';
import { isApiError } from '../../lib/api';
import { fieldError } from '../../lib/forms';
import { useCurrentUser } from '../../lib/session';
import {
  useCreateAccount,
  useUpdateAccount,
  type Account,
  type CreateAccountInput,
  type Option,
  type UpdateAccountInput,
} from './api';
import { OwnerSelect, PartnerSelect, PartnerUserSelect, refOption } from './pickers';

const SHOWN_FIELDS = [
  'name',
  'domain',
  'industry',
  'companySize',
  'countryCode',
  'managedByPartnerId',
  'partnerUserId',
  'ownerId',
] as const;

const SIZE_OPTIONS = COMPANY_SIZES.map((s) => ({ value: s, label: COMPANY_SIZE_LABELS[s] }));

interface AccountFormModalProps {
  opened: boolean;
  onClose: () => void;
  /** Edit this account; without one the dialog creates a new account. */
  account?: Account | undefined;
  /** Pre-selects the managing partner of a new account (the partner page's tab). */
  partner?: Option | undefined;
  /** After creating, open the new account's page. */
  openAfterCreate?: boolean;
}

/** Create or edit an account. Partner users' accounts always belong to their own company. */
export function AccountFormModal(props: AccountFormModalProps) {
  // Remounting on open starts every dialog from the record as it is now.
  if (!props.opened) return null;
  return <AccountForm {...props} />;
}

function AccountForm({ onClose, account, partner, openAfterCreate }: AccountFormModalProps) {
  const me = useCurrentUser();
  const navigate = useNavigate();
  const partnerUser = isPartnerRole(me.role);
  const create = useCreateAccount();
  const update = useUpdateAccount({ silent: true });
  const mutation = account ? update : create;

  const [name, setName] = useState(account?.name ?? '');
  const [domain, setDomain] = useState(account?.domain ?? '');
  const [industry, setIndustry] = useState(account?.industry ?? '');
  const [size, setSize] = useState<string | null>(account?.companySize ?? null);
  const [country, setCountry] = useState(account?.countryCode ?? '');
  const [managing, setManaging] = useState<Option | null>(
    account ? refOption(account.managedByPartner) : (partner ?? null),
  );
  const [partnerPerson, setPartnerPerson] = useState<Option | null>(
    account
      ? refOption(account.partnerUser)
      : me.role === 'partner_rep'
        ? { value: me.id, label: me.name }
        : null,
  );
  const [owner, setOwner] = useState<Option | null>(
    account ? refOption(account.owner) : partnerUser ? null : { value: me.id, label: me.name },
  );
  const [submitted, setSubmitted] = useState(false);

  const partnerId = partnerUser ? (me.partner?.id ?? null) : (managing?.value ?? null);
  const problems = {
    name: !name.trim() ? 'Enter the customer’s name' : undefined,
    countryCode:
      country.trim() && !/^[a-zA-Z]{2}$/.test(country.trim())
        ? 'Use a two-letter country code, e.g. DE'
        : undefined,
  };
  const shown = (field: (typeof SHOWN_FIELDS)[number]) =>
    fieldError(mutation.error, field) ??
    (submitted ? problems[field as keyof typeof problems] : undefined);
  const conflict = isApiError(update.error) && update.error.status === 409;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.values(problems).some(Boolean)) return;
    const values: CreateAccountInput = {
      name: name.trim(),
      domain: domain.trim() || null,
      industry: industry.trim() || null,
      companySize: (size as CreateAccountInput['companySize']) ?? null,
      countryCode: country.trim().toUpperCase() || null,
      partnerUserId: partnerPerson?.value ?? null,
    };
    if (!partnerUser) {
      values.managedByPartnerId = managing?.value ?? null;
      values.ownerId = owner?.value ?? null;
    }
    if (account) {
      const input: UpdateAccountInput & { id: string } = {
        ...values,
        id: account.id,
        version: account.version,
      };
      update.mutate(input, {
        onSuccess: (saved) => {
          notifications.show({
            color: 'teal',
            title: 'Saved',
            message: `${saved.name} was updated.`,
          });
          onClose();
        },
      });
    } else {
      create.mutate(values, {
        onSuccess: (saved) => {
          notifications.show({
            color: 'teal',
            title: 'Account created',
            message: `${saved.name} was added.`,
          });
          onClose();
          if (openAfterCreate) void navigate(`/accounts/${saved.id}`);
        },
      });
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={account ? `Edit ${account.name}` : 'New account'}
      size="lg"
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {conflict ? (
            <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
              <Text size="sm">
                Someone else changed this account while you were editing. Close this dialog to see
                their changes, then edit again.
              </Text>
            </Alert>
          ) : (
            <FormError error={mutation.error} shownFields={SHOWN_FIELDS} />
          )}
          <TextInput
            label="Name"
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={shown('name')}
          />
          <Group grow align="flex-start">
            <TextInput
              label="Domain"
              placeholder="example.com"
              value={domain}
              onChange={(e) => setDomain(e.currentTarget.value)}
              error={shown('domain')}
            />
            <TextInput
              label="Industry"
              placeholder="e.g. Manufacturing"
              value={industry}
              onChange={(e) => setIndustry(e.currentTarget.value)}
              error={shown('industry')}
            />
          </Group>
          <Group grow align="flex-start">
            <Select
              label="Company size"
              placeholder="Unknown"
              data={SIZE_OPTIONS}
              value={size}
              onChange={setSize}
              clearable
              error={shown('companySize')}
            />
            <TextInput
              label="Country"
              description="Two-letter ISO code"
              placeholder="DE"
              maxLength={2}
              value={country}
              onChange={(e) => setCountry(e.currentTarget.value.toUpperCase())}
              error={shown('countryCode')}
            />
          </Group>
          {!partnerUser && (
            <PartnerSelect
              label="Managing partner"
              description="The partner who looks after this customer, if any"
              placeholder="Search partners"
              value={managing}
              onChange={(v) => {
                if (v?.value !== managing?.value) setPartnerPerson(null);
                setManaging(v);
              }}
              error={shown('managedByPartnerId')}
            />
          )}
          {me.role !== 'partner_rep' && (
            <PartnerUserSelect
              label="Partner contact person"
              description={
                partnerId ? 'Who at the partner is responsible' : 'Choose a managing partner first'
              }
              placeholder="Nobody in particular"
              partnerId={partnerId}
              value={partnerPerson}
              onChange={setPartnerPerson}
              error={shown('partnerUserId')}
            />
          )}
          {!partnerUser && (
            <OwnerSelect
              label="Owner"
              description="Who on your team is responsible"
              placeholder="Search people"
              value={owner}
              onChange={setOwner}
              error={shown('ownerId')}
            />
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={conflict}>
              {account ? 'Save' : 'Create account'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
