import {
  Alert,
  Button,
  Group,
  Modal,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import {
  CASE_PRIORITIES,
  CASE_PRIORITY_LABELS,
  CASE_STATUSES,
  CASE_STATUS_LABELS,
  type CasePriority,
  type CaseStatus,
} from '../../../shared/cases';
import { isPartnerRole } from '../../../shared/role-names';
import { FormError } from '../../components/FormError';
import { isApiError } from '../../lib/api';
import { fieldError } from '../../lib/forms';
import { useCurrentUser } from '../../lib/session';
import type { Option } from '../accounts/api';
import {
  AccountSelect,
  ContactSelect,
  OwnerSelect,
  PartnerSelect,
  PartnerUserSelect,
  refOption,
} from '../accounts/pickers';
import {
  useCreateCase,
  useUpdateCase,
  type Case,
  type CreateCaseInput,
  type UpdateCaseInput,
} from './api';

const SHOWN_FIELDS = [
  'subject',
  'description',
  'status',
  'priority',
  'accountId',
  'contactId',
  'managedByPartnerId',
  'partnerUserId',
  'ownerId',
] as const;

const STATUS_OPTIONS = CASE_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_LABELS[s] }));
const PRIORITY_OPTIONS = CASE_PRIORITIES.map((p) => ({ value: p, label: CASE_PRIORITY_LABELS[p] }));

interface CaseFormModalProps {
  opened: boolean;
  onClose: () => void;
  /** Edit this case; without one the dialog opens a new case. */
  supportCase?: Case | undefined;
  /** Pre-fills a new case (from an account's or a partner's page). */
  account?: Option | undefined;
  partner?: Option | undefined;
  openAfterCreate?: boolean;
}

export function CaseFormModal(props: CaseFormModalProps) {
  if (!props.opened) return null;
  return <CaseForm {...props} />;
}

function CaseForm({
  onClose,
  supportCase: c,
  account,
  partner,
  openAfterCreate,
}: CaseFormModalProps) {
  const me = useCurrentUser();
  const navigate = useNavigate();
  const partnerUser = isPartnerRole(me.role);
  const create = useCreateCase();
  const update = useUpdateCase({ silent: true });
  const mutation = c ? update : create;

  const [subject, setSubject] = useState(c?.subject ?? '');
  const [description, setDescription] = useState(c?.description ?? '');
  const [status, setStatus] = useState<CaseStatus>(c?.status ?? 'new');
  const [priority, setPriority] = useState<CasePriority>(c?.priority ?? 'normal');
  const [acct, setAcct] = useState<Option | null>(c ? refOption(c.account) : (account ?? null));
  const [contact, setContact] = useState<Option | null>(c ? refOption(c.contact) : null);
  const [managing, setManaging] = useState<Option | null>(
    c ? refOption(c.managedByPartner) : (partner ?? null),
  );
  const [partnerPerson, setPartnerPerson] = useState<Option | null>(
    c
      ? refOption(c.partnerUser)
      : me.role === 'partner_rep'
        ? { value: me.id, label: me.name }
        : null,
  );
  const [owner, setOwner] = useState<Option | null>(
    c ? refOption(c.owner) : partnerUser ? null : { value: me.id, label: me.name },
  );
  const [submitted, setSubmitted] = useState(false);

  const partnerId = partnerUser ? (me.partner?.id ?? null) : (managing?.value ?? null);
  const subjectProblem = !subject.trim() ? 'Say in a few words what the case is about' : undefined;
  const shown = (field: (typeof SHOWN_FIELDS)[number]) =>
    fieldError(mutation.error, field) ??
    (submitted && field === 'subject' ? subjectProblem : undefined);
  const conflict = isApiError(update.error) && update.error.status === 409;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (subjectProblem) return;
    const values: CreateCaseInput = {
      subject: subject.trim(),
      description: description.trim(),
      status,
      priority,
      accountId: acct?.value ?? null,
      contactId: contact?.value ?? null,
      partnerUserId: partnerPerson?.value ?? null,
    };
    if (!partnerUser) {
      values.managedByPartnerId = managing?.value ?? null;
      values.ownerId = owner?.value ?? null;
    }
    if (c) {
      // Only references the user changed are sent: a partner may work a case whose account
      // they cannot see, and saving must not clear it.
      const before: Partial<Record<keyof CreateCaseInput, string | null>> = {
        accountId: c.accountId,
        contactId: c.contactId,
        managedByPartnerId: c.managedByPartnerId,
        partnerUserId: c.partnerUserId,
        ownerId: c.ownerId,
      };
      for (const key of Object.keys(before) as (keyof CreateCaseInput)[]) {
        if (key in values && values[key] === before[key]) delete values[key];
      }
      const input: UpdateCaseInput & { id: string } = { ...values, id: c.id, version: c.version };
      update.mutate(input, {
        onSuccess: (saved) => {
          notifications.show({
            color: 'teal',
            title: 'Saved',
            message: `${saved.reference} was updated.`,
          });
          onClose();
        },
      });
    } else {
      create.mutate(values, {
        onSuccess: (saved) => {
          notifications.show({
            color: 'teal',
            title: 'Case opened',
            message: `${saved.reference}: ${saved.subject}`,
          });
          onClose();
          if (openAfterCreate) void navigate(`/cases/${saved.id}`);
        },
      });
    }
  };

  return (
    <Modal opened onClose={onClose} title={c ? `Edit ${c.reference}` : 'New case'} size="lg">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {conflict ? (
            <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
              <Text size="sm">
                Someone else changed this case while you were editing. Close this dialog to see
                their changes, then edit again.
              </Text>
            </Alert>
          ) : (
            <FormError error={mutation.error} shownFields={SHOWN_FIELDS} />
          )}
          <TextInput
            label="Subject"
            required
            data-autofocus
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
            error={shown('subject')}
          />
          <Textarea
            label="Description"
            autosize
            minRows={3}
            maxRows={10}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            error={shown('description')}
          />
          <Group grow align="flex-start">
            <Select
              label="Status"
              data={STATUS_OPTIONS}
              value={status}
              onChange={(v) => v && setStatus(v)}
              allowDeselect={false}
              error={shown('status')}
            />
            <Select
              label="Priority"
              data={PRIORITY_OPTIONS}
              value={priority}
              onChange={(v) => v && setPriority(v)}
              allowDeselect={false}
              error={shown('priority')}
            />
          </Group>
          <Group grow align="flex-start">
            <AccountSelect
              label="Account"
              placeholder="Search accounts"
              value={acct}
              onChange={(v) => {
                if (v?.value !== acct?.value) setContact(null);
                setAcct(v);
              }}
              error={shown('accountId')}
            />
            <ContactSelect
              label="Contact"
              placeholder={acct ? 'Choose a contact' : 'Choose an account first'}
              accountId={acct?.value ?? null}
              value={contact}
              onChange={setContact}
              error={shown('contactId')}
            />
          </Group>
          {!partnerUser && (
            <PartnerSelect
              label="Managing partner"
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
              placeholder="Nobody in particular"
              description={partnerId ? undefined : 'Choose a managing partner first'}
              partnerId={partnerId}
              value={partnerPerson}
              onChange={setPartnerPerson}
              error={shown('partnerUserId')}
            />
          )}
          {!partnerUser && (
            <OwnerSelect
              label="Owner"
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
              {c ? 'Save' : 'Open case'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
