import {
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { ROLE_LABELS } from '../../../shared/role-names';
import { FormError } from '../../components/FormError';
import { fieldError } from '../../lib/forms';
import { roleLabel } from '../../lib/format';
import { capabilities, useCurrentUser } from '../../lib/session';
import {
  useCreateConsultant,
  usePartnerChoices,
  usePartnerName,
  useUpdateConsultant,
  type Consultant,
  type ConsultantInput,
  type PortalRole,
} from './api';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SHOWN_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'mobile',
  'jobTitle',
  'partnerId',
  'tags',
  'portalAccess.role',
] as const;

export const PORTAL_ROLE_OPTIONS: { value: PortalRole; label: string }[] = [
  { value: 'partner_rep', label: ROLE_LABELS.partner_rep },
  { value: 'partner_admin', label: ROLE_LABELS.partner_admin },
];

interface ConsultantFormModalProps {
  /** The partner a new consultant joins (internal users may pick another in the form). */
  partnerId?: string | null | undefined;
  opened: boolean;
  onClose: () => void;
  /** Edit this consultant instead of creating one. */
  consultant?: Consultant | null | undefined;
}

/** The personal contact form for a partner's consultant: new or edit. */
export function ConsultantFormModal({
  partnerId,
  opened,
  onClose,
  consultant,
}: ConsultantFormModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={consultant ? `Edit ${consultant.name}` : 'New consultant'}
      size="lg"
    >
      {opened && (
        <ConsultantForm
          key={consultant ? `${consultant.id}:${consultant.version}` : 'new'}
          partnerId={partnerId ?? null}
          consultant={consultant ?? null}
          onClose={onClose}
        />
      )}
    </Modal>
  );
}

function ConsultantForm({
  partnerId,
  consultant,
  onClose,
}: {
  partnerId: string | null;
  consultant: Consultant | null;
  onClose: () => void;
}) {
  const user = useCurrentUser();
  const internal = !capabilities(user).partnerUser;
  const create = useCreateConsultant();
  const update = useUpdateConsultant({ silent: true });
  const mutation = consultant ? update : create;

  const initialPartnerId = consultant?.partnerId ?? partnerId ?? user.partner?.id ?? null;
  const [firstName, setFirstName] = useState(consultant?.firstName ?? '');
  const [lastName, setLastName] = useState(consultant?.lastName ?? '');
  const [email, setEmail] = useState(consultant?.email ?? '');
  const [phone, setPhone] = useState(consultant?.phone ?? '');
  const [mobile, setMobile] = useState(consultant?.mobile ?? '');
  const [jobTitle, setJobTitle] = useState(consultant?.jobTitle ?? '');
  const [tags, setTags] = useState<string[]>(consultant?.tags ?? []);
  const [visible, setVisible] = useState(consultant?.visible ?? true);
  const [giveAccess, setGiveAccess] = useState(false);
  const [portalRole, setPortalRole] = useState<PortalRole>('partner_rep');
  const [submitted, setSubmitted] = useState(false);

  // The partner tag: a searchable choice for the channel team, fixed for partner admins.
  const canChoosePartner = internal && (consultant ? consultant.abilities.move === true : true);
  const fixedName = usePartnerName(canChoosePartner ? undefined : (initialPartnerId ?? undefined));
  const [partner, setPartner] = useState<{ value: string; label: string } | null>(
    consultant ? { value: consultant.partnerId, label: consultant.partner.name } : null,
  );
  const [partnerSearch, setPartnerSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(partnerSearch, 250);
  const search = partner && debouncedSearch === partner.label ? '' : debouncedSearch;
  const choices = usePartnerChoices(search, canChoosePartner);
  const presetName = usePartnerName(
    canChoosePartner && !consultant && partnerId ? partnerId : undefined,
  );
  const preset =
    !consultant && partnerId && presetName.data
      ? { value: partnerId, label: presetName.data }
      : null;
  const chosen = partner ?? preset;
  const partnerData = [
    ...(chosen ? [chosen] : []),
    ...(choices.data ?? []).filter((o) => o.value !== chosen?.value),
  ];
  const chosenPartnerId = canChoosePartner ? (chosen?.value ?? null) : initialPartnerId;

  const problems = {
    firstName: !firstName.trim() ? 'Enter the first name' : undefined,
    lastName: !lastName.trim() ? 'Enter the last name' : undefined,
    email: !EMAIL.test(email.trim()) ? 'Enter a valid email address' : undefined,
    partnerId: !chosenPartnerId ? 'Choose the partner this person works for' : undefined,
  };
  const shown = (field: keyof typeof problems) =>
    fieldError(mutation.error, field) ?? (submitted ? problems[field] : undefined);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.values(problems).some(Boolean) || !chosenPartnerId) return;
    const input: ConsultantInput = {
      firstName: firstName.trim(),
      lastName: lastName.trim(),
      email: email.trim(),
      phone: phone.trim(),
      mobile: mobile.trim(),
      jobTitle: jobTitle.trim(),
      tags,
      visible,
    };
    if (!consultant) {
      if (internal) input.partnerId = chosenPartnerId;
      if (giveAccess) input.portalAccess = { role: portalRole };
      create.mutate(input, {
        onSuccess: (c) => {
          notifications.show({
            color: 'teal',
            title: 'Consultant added',
            message: c.portalUser
              ? `${c.name} was added to ${c.partner.name}, and an invitation is on its way to ${c.email}.`
              : `${c.name} was added to ${c.partner.name}.`,
          });
          onClose();
        },
      });
      return;
    }
    update.mutate(
      {
        id: consultant.id,
        version: consultant.version,
        ...input,
        ...(canChoosePartner && chosenPartnerId !== consultant.partnerId
          ? { partnerId: chosenPartnerId }
          : {}),
      },
      {
        onSuccess: (c) => {
          notifications.show({ color: 'teal', title: 'Consultant saved', message: c.name });
          onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <FormError error={mutation.error} shownFields={SHOWN_FIELDS} />
        <Group grow align="flex-start">
          <TextInput
            label="First name"
            required
            data-autofocus
            autoComplete="off"
            maxLength={100}
            value={firstName}
            onChange={(e) => setFirstName(e.currentTarget.value)}
            error={shown('firstName')}
          />
          <TextInput
            label="Last name"
            required
            autoComplete="off"
            maxLength={100}
            value={lastName}
            onChange={(e) => setLastName(e.currentTarget.value)}
            error={shown('lastName')}
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label="Email"
            type="email"
            required
            autoComplete="off"
            maxLength={254}
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={shown('email')}
          />
          <TextInput
            label="Job title"
            maxLength={200}
            value={jobTitle}
            onChange={(e) => setJobTitle(e.currentTarget.value)}
            error={fieldError(mutation.error, 'jobTitle')}
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label="Phone"
            type="tel"
            maxLength={50}
            value={phone}
            onChange={(e) => setPhone(e.currentTarget.value)}
            error={fieldError(mutation.error, 'phone')}
          />
          <TextInput
            label="Mobile"
            type="tel"
            maxLength={50}
            value={mobile}
            onChange={(e) => setMobile(e.currentTarget.value)}
            error={fieldError(mutation.error, 'mobile')}
          />
        </Group>
        {canChoosePartner ? (
          <Select
            label="Partner"
            description="The partner this person is tagged to; they appear in that partner's list."
            required
            placeholder="Search partners"
            searchable
            data={partnerData}
            value={chosen?.value ?? null}
            onChange={(_v, option) => setPartner(option ?? null)}
            searchValue={partnerSearch}
            onSearchChange={setPartnerSearch}
            filter={({ options }) => options}
            nothingFoundMessage={choices.isFetching ? 'Searching…' : 'No partners found'}
            error={shown('partnerId')}
          />
        ) : (
          <TextInput
            label="Partner"
            readOnly
            value={consultant?.partner.name ?? fixedName.data ?? user.partner?.companyName ?? ''}
            error={shown('partnerId')}
          />
        )}
        <TagsInput
          label="Tags"
          placeholder="Type a tag and press Enter"
          maxTags={30}
          value={tags}
          onChange={setTags}
          error={fieldError(mutation.error, 'tags')}
        />
        <Switch
          label="Visible in partner's list"
          description="Hidden people stay in Conduit but do not appear in the partner's consultant list."
          checked={visible}
          onChange={(e) => setVisible(e.currentTarget.checked)}
        />
        {!consultant && (
          <Group align="flex-end">
            <Checkbox
              label="Give portal access"
              description="Creates a portal login and emails an invitation to set a password."
              checked={giveAccess}
              onChange={(e) => setGiveAccess(e.currentTarget.checked)}
            />
            {giveAccess && (
              <Select
                label="Portal role"
                data={PORTAL_ROLE_OPTIONS}
                value={portalRole}
                onChange={(v) =>
                  setPortalRole(v === 'partner_admin' ? 'partner_admin' : 'partner_rep')
                }
                allowDeselect={false}
                error={fieldError(mutation.error, 'portalAccess.role')}
              />
            )}
          </Group>
        )}
        {consultant?.portalUser && (
          <Text size="sm" c="dimmed">
            Has a portal login as {roleLabel(consultant.portalUser.role)}. Their login name and
            email are managed under Users.
          </Text>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
