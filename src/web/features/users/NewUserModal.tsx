import {
  Button,
  Group,
  Modal,
  PasswordInput,
  Radio,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { isPartnerRole, type Role } from '../../../shared/role-names';
import { FormError } from '../../components/FormError';
import { isRole } from '../../lib/format';
import { fieldError } from '../../lib/forms';
import { useCreateUser, usePartnerOptions, type CreateUserInput } from './api';
import { roleOptions, type UsersScope } from './roleOptions';

const MIN_PASSWORD = 10;
const SHOWN_FIELDS = ['name', 'email', 'role', 'partnerId', 'password'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface NewUserModalProps {
  opened: boolean;
  onClose: () => void;
  scope: UsersScope;
  /** Shown in the description for partner admins: "… to Northwind Systems". */
  companyName?: string | undefined;
}

type Access = 'invite' | 'password';

export function NewUserModal({ opened, onClose, scope, companyName }: NewUserModalProps) {
  const create = useCreateUser();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role | null>(scope === 'company' ? 'partner_rep' : null);
  const [partner, setPartner] = useState<{ value: string; label: string } | null>(null);
  const [partnerSearch, setPartnerSearch] = useState('');
  const [access, setAccess] = useState<Access>('invite');
  const [password, setPassword] = useState('');
  const [submitted, setSubmitted] = useState(false);

  const needsPartner = scope === 'all' && role !== null && isPartnerRole(role);
  const [debouncedSearch] = useDebouncedValue(partnerSearch, 250);
  // The input shows the chosen partner's name; that is not a search for it.
  const search = partner && debouncedSearch === partner.label ? '' : debouncedSearch;
  const partners = usePartnerOptions(search, opened && needsPartner);
  const partnerData = [
    ...(partner ? [partner] : []),
    ...(partners.data ?? []).filter((o) => o.value !== partner?.value),
  ];

  const problems = {
    name: !name.trim() ? 'Enter the person’s name' : undefined,
    email: !EMAIL.test(email.trim()) ? 'Enter a valid email address' : undefined,
    role: !role ? 'Choose a role' : undefined,
    partnerId: needsPartner && !partner ? 'Choose the partner this person works for' : undefined,
    password:
      access === 'password' && password.length < MIN_PASSWORD
        ? `Use at least ${MIN_PASSWORD} characters`
        : undefined,
  };
  const shown = (field: keyof typeof problems) =>
    fieldError(create.error, field) ?? (submitted ? problems[field] : undefined);

  const close = () => {
    onClose();
    setName('');
    setEmail('');
    setRole(scope === 'company' ? 'partner_rep' : null);
    setPartner(null);
    setPartnerSearch('');
    setAccess('invite');
    setPassword('');
    setSubmitted(false);
    create.reset();
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.values(problems).some(Boolean) || !role) return;
    const input: CreateUserInput = { name: name.trim(), email: email.trim(), role };
    if (needsPartner && partner) input.partnerId = partner.value;
    if (access === 'password') input.password = password;
    create.mutate(input, {
      onSuccess: (user) => {
        notifications.show({
          color: 'teal',
          title: 'User created',
          message:
            access === 'invite'
              ? `An invitation is on its way to ${user.email}.`
              : `${user.name} can log in now. Share the password with them securely.`,
        });
        close();
      },
    });
  };

  return (
    <Modal opened={opened} onClose={close} title="New user" size="lg">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {scope === 'company' && companyName && (
            <Text size="sm" c="dimmed">
              Add a colleague from {companyName} to the partner portal.
            </Text>
          )}
          <FormError error={create.error} shownFields={SHOWN_FIELDS} />
          <Group grow align="flex-start">
            <TextInput
              label="Name"
              required
              data-autofocus
              autoComplete="off"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={shown('name')}
            />
            <TextInput
              label="Email"
              type="email"
              required
              autoComplete="off"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={shown('email')}
            />
          </Group>
          <Group grow align="flex-start">
            <Select
              label="Role"
              required
              placeholder="Choose a role"
              data={roleOptions(scope)}
              value={role}
              onChange={(v) => setRole(isRole(v) ? v : null)}
              allowDeselect={false}
              error={shown('role')}
            />
            {needsPartner ? (
              <Select
                label="Partner"
                required
                placeholder="Search partners"
                searchable
                data={partnerData}
                value={partner?.value ?? null}
                onChange={(_v, option) => setPartner(option ?? null)}
                searchValue={partnerSearch}
                onSearchChange={setPartnerSearch}
                filter={({ options }) => options}
                nothingFoundMessage={partners.isFetching ? 'Searching…' : 'No partners found'}
                error={shown('partnerId')}
              />
            ) : (
              <div />
            )}
          </Group>

          <Radio.Group
            label="How will they get access?"
            value={access}
            onChange={(v) => setAccess(v === 'password' ? 'password' : 'invite')}
          >
            <Stack gap="xs" mt={6}>
              <Radio
                value="invite"
                label="Send invitation email"
                description="They get a link to choose their own password. Recommended."
              />
              <Radio
                value="password"
                label="Set an initial password"
                description="For people who cannot receive email from Conduit yet."
              />
            </Stack>
          </Radio.Group>
          {access === 'password' && (
            <PasswordInput
              label="Initial password"
              description={`At least ${MIN_PASSWORD} characters. Share it with them securely.`}
              autoComplete="new-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={shown('password')}
            />
          )}

          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              {access === 'invite' ? 'Create and invite' : 'Create user'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
