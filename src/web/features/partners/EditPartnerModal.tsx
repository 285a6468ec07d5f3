import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../components/FormError';
import { errorMessage, isApiError } from '../../lib/api';
import type { Partner } from '../../lib/types';
import { useFetchPartner, useUpdatePartner } from './api';
import { ConflictModal } from './ConflictModal';
import {
  changedFields,
  localErrors,
  PARTNER_FORM_FIELDS,
  PartnerForm,
  partnerToForm,
  type PartnerFormValues,
} from './PartnerForm';

const FIELD_LABELS: Record<keyof PartnerFormValues, string> = {
  companyName: 'Company name',
  legalName: 'Legal name',
  type: 'Partner type',
  website: 'Website',
  email: 'Email',
  phone: 'Phone',
  street: 'Street',
  city: 'City',
  postalCode: 'Postal code',
  region: 'Region',
  countryCode: 'Country',
  levelId: 'Level',
  activationStageId: 'Activation stage',
  channelManagerId: 'Channel manager',
  status: 'Status',
  slaTier: 'SLA tier',
  partnershipDate: 'Partner since',
  lastReviewDate: 'Last review',
  nextReviewDate: 'Next review',
  tags: 'Tags',
  notes: 'Internal notes',
};

/** Form fields whose value differs between two states. */
function differing(a: PartnerFormValues, b: PartnerFormValues): (keyof PartnerFormValues)[] {
  return (Object.keys(a) as (keyof PartnerFormValues)[]).filter(
    (k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]),
  );
}

interface EditPartnerModalProps {
  partner: Partner;
  opened: boolean;
  onClose: () => void;
}

/** The edit form. Mounted fresh each time it opens, so it always starts from the latest data. */
export function EditPartnerModal({ partner, opened, onClose }: EditPartnerModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Edit ${partner.companyName}`} size="xl">
      {opened && <EditPartnerForm partner={partner} onDone={onClose} />}
    </Modal>
  );
}

function EditPartnerForm({ partner, onDone }: { partner: Partner; onDone: () => void }) {
  const update = useUpdatePartner(partner.id);
  const fetchPartner = useFetchPartner();
  // The version being edited: saves carry it, so a newer version on the server answers 409.
  const [base, setBase] = useState(partner);
  const [values, setValues] = useState(() => partnerToForm(partner));
  const [submitted, setSubmitted] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [reloading, setReloading] = useState(false);
  const [reloadError, setReloadError] = useState<unknown>(null);
  const [merged, setMerged] = useState<{ theirs: string[]; overlap: string[] } | null>(null);

  const baseValues = partnerToForm(base);
  const mine = differing(baseValues, values);
  const local = submitted ? localErrors(values) : {};

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(localErrors(values)).length > 0) return;
    const changes = changedFields(baseValues, values);
    if (Object.keys(changes).length === 0) {
      onDone();
      return;
    }
    update.mutate(
      { ...changes, version: base.version },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'teal',
            title: 'Partner updated',
            message: `${saved.companyName} was saved.`,
          });
          onDone();
        },
        onError: (error) => {
          if (isApiError(error) && error.status === 409) setConflict(true);
        },
      },
    );
  };

  /** Their version underneath, the user's own edits re-applied on top. */
  const reload = async () => {
    setReloading(true);
    setReloadError(null);
    try {
      const latest = await fetchPartner(partner.id);
      const latestValues = partnerToForm(latest);
      const theirs = differing(baseValues, latestValues);
      const next = { ...latestValues };
      for (const key of mine) (next as Record<string, unknown>)[key] = values[key];
      setBase(latest);
      setValues(next);
      setMerged({
        theirs: theirs.map((k) => FIELD_LABELS[k]),
        overlap: theirs.filter((k) => mine.includes(k)).map((k) => FIELD_LABELS[k]),
      });
      update.reset();
      setConflict(false);
    } catch (error) {
      setReloadError(error);
    } finally {
      setReloading(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        {merged && (
          <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} role="status">
            <Text size="sm">
              You are now editing the latest version
              {merged.theirs.length > 0 ? ` (they changed: ${merged.theirs.join(', ')})` : ''}, with
              your changes on top.
            </Text>
            {merged.overlap.length > 0 && (
              <Text size="sm" fw={600} mt={4}>
                You both changed {merged.overlap.join(', ')}: your value is shown; check it before
                saving.
              </Text>
            )}
          </Alert>
        )}
        {reloadError !== null && (
          <Alert color="red" variant="light" role="alert">
            Could not load the latest version: {errorMessage(reloadError)}
          </Alert>
        )}
        {!(isApiError(update.error) && update.error.status === 409) && (
          <FormError error={update.error} shownFields={PARTNER_FORM_FIELDS} />
        )}
        <PartnerForm
          values={values}
          onChange={(patch) => setValues((v) => ({ ...v, ...patch }))}
          error={update.error}
          local={local}
          showNotes={partner.notes !== undefined}
        />
        <Group justify="space-between" mt="sm">
          <Text size="xs" c="dimmed">
            {mine.length === 0
              ? 'No changes yet.'
              : `${mine.length} field${mine.length === 1 ? '' : 's'} changed`}
          </Text>
          <Group gap="sm">
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={update.isPending}>
              Update
            </Button>
          </Group>
        </Group>
      </Stack>
      <ConflictModal
        opened={conflict}
        what="partner"
        yourChanges={mine.map((k) => FIELD_LABELS[k])}
        reloading={reloading}
        onReload={() => void reload()}
        onKeepEditing={() => setConflict(false)}
      />
    </form>
  );
}
