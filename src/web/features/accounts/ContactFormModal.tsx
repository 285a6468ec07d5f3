import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../components/FormError';
import { isApiError } from '../../lib/api';
import { fieldError } from '../../lib/forms';
import { useCreateContact, useUpdateContact, type Contact, type Option } from './api';
import { AccountSelect } from './pickers';

const SHOWN_FIELDS = ['accountId', 'firstName', 'lastName', 'email', 'phone', 'jobTitle'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface ContactFormModalProps {
  /** The account a new contact joins; without one the dialog asks which account. */
  accountId?: string | undefined;
  /** Edit this contact; without one the dialog adds a contact to the account. */
  contact?: Contact | undefined;
  opened: boolean;
  onClose: () => void;
  /** Called with a newly added contact, after the dialog closes. */
  onCreated?: ((contact: Contact) => void) | undefined;
}

export function ContactFormModal(props: ContactFormModalProps) {
  if (!props.opened) return null;
  return <ContactForm {...props} />;
}

function ContactForm({ accountId, contact, onClose, onCreated }: ContactFormModalProps) {
  const chooseAccount = !contact && !accountId;
  const [account, setAccount] = useState<Option | null>(null);
  const create = useCreateContact();
  const update = useUpdateContact();
  const mutation = contact ? update : create;
  const [firstName, setFirstName] = useState(contact?.firstName ?? '');
  const [lastName, setLastName] = useState(contact?.lastName ?? '');
  const [email, setEmail] = useState(contact?.email ?? '');
  const [phone, setPhone] = useState(contact?.phone ?? '');
  const [jobTitle, setJobTitle] = useState(contact?.jobTitle ?? '');
  const [submitted, setSubmitted] = useState(false);

  const problems: Partial<Record<(typeof SHOWN_FIELDS)[number], string>> = {
    accountId: chooseAccount && !account ? 'Choose the account this person works at' : undefined,
    firstName: firstName.trim() ? undefined : 'Enter a first name',
    lastName: lastName.trim() ? undefined : 'Enter a last name',
    email: email.trim() && !EMAIL.test(email.trim()) ? 'Enter a valid email address' : undefined,
  };
  const shown = (field: (typeof SHOWN_FIELDS)[number]) =>
    fieldError(mutation.error, field) ?? (submitted ? problems[field] : undefined);
  const conflict = isApiError(update.error) && update.error.status === 409;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.values(problems).some(Boolean)) return;
    const values = {
      firstName: firstName.trim(),
      lastName: lastName.trim(),
      email: email.trim() || null,
      phone: phone.trim() || null,
      jobTitle: jobTitle.trim() || null,
    };
    const done = (saved: Contact, title: string) => {
      notifications.show({ color: 'teal', title, message: saved.name });
      onClose();
    };
    if (contact) {
      update.mutate(
        { ...values, id: contact.id, version: contact.version },
        { onSuccess: (saved) => done(saved, 'Contact saved') },
      );
    } else {
      create.mutate(
        { ...values, accountId: accountId ?? account?.value ?? '' },
        {
          onSuccess: (saved) => {
            done(saved, 'Contact added');
            onCreated?.(saved);
          },
        },
      );
    }
  };

  return (
    <Modal opened onClose={onClose} title={contact ? `Edit ${contact.name}` : 'New contact'}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {conflict ? (
            <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
              <Text size="sm">
                Someone else changed this contact while you were editing. Close this dialog to see
                their changes, then edit again.
              </Text>
            </Alert>
          ) : (
            <FormError error={mutation.error} shownFields={SHOWN_FIELDS} />
          )}
          {chooseAccount && (
            <AccountSelect
              label="Account"
              placeholder="Search accounts"
              required
              data-autofocus
              value={account}
              onChange={setAccount}
              error={shown('accountId')}
            />
          )}
          <Group grow align="flex-start">
            <TextInput
              label="First name"
              required
              data-autofocus={!chooseAccount || undefined}
              value={firstName}
              onChange={(e) => setFirstName(e.currentTarget.value)}
              error={shown('firstName')}
            />
            <TextInput
              label="Last name"
              required
              value={lastName}
              onChange={(e) => setLastName(e.currentTarget.value)}
              error={shown('lastName')}
            />
          </Group>
          <TextInput
            label="Email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={shown('email')}
          />
          <Group grow align="flex-start">
            <TextInput
              label="Phone"
              value={phone}
              onChange={(e) => setPhone(e.currentTarget.value)}
              error={shown('phone')}
            />
            <TextInput
              label="Job title"
              value={jobTitle}
              onChange={(e) => setJobTitle(e.currentTarget.value)}
              error={shown('jobTitle')}
            />
          </Group>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending} disabled={conflict}>
              {contact ? 'Save' : 'Add contact'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
