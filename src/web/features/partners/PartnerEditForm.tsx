import { Alert, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { FormError } from '../../components/FormError';
import { isApiError } from '../../lib/api';
import { fieldError } from '../../lib/forms';
import type { Partner, PartnerStatus } from '../../lib/types';
import { useUpdatePartner, type UpdatePartnerInput } from './api';
import { ConflictModal } from './ConflictModal';
import { STATUS_OPTIONS } from './statusOptions';

const SHOWN_FIELDS = ['companyName', 'status'] as const;

interface PartnerEditFormProps {
  partner: Partner;
  /** Fetches the latest version of the partner. */
  onReload: () => Promise<Partner | undefined>;
}

export function PartnerEditForm({ partner, onReload }: PartnerEditFormProps) {
  const update = useUpdatePartner(partner.id);
  // The version the user is editing; saves carry it so a newer version on the server wins a 409.
  const [base, setBase] = useState(partner);
  const [companyName, setCompanyName] = useState(partner.companyName);
  const [status, setStatus] = useState<PartnerStatus>(partner.status);
  const [conflict, setConflict] = useState(false);
  const [reloading, setReloading] = useState(false);

  const dirty = companyName.trim() !== base.companyName || status !== base.status;

  const resetTo = (p: Partner) => {
    setBase(p);
    setCompanyName(p.companyName);
    setStatus(p.status);
    update.reset();
  };

  // Pick up background refreshes, but never under the user's unsaved edits.
  useEffect(() => {
    if (!dirty && partner.version !== base.version) resetTo(partner);
  }, [partner]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!dirty) return;
    const input: UpdatePartnerInput = { version: base.version };
    if (companyName.trim() !== base.companyName) input.companyName = companyName.trim();
    if (status !== base.status) input.status = status;
    update.mutate(input, {
      onSuccess: (saved) => {
        resetTo(saved);
        notifications.show({ color: 'teal', title: 'Saved', message: 'The partner was updated.' });
      },
      onError: (error) => {
        if (isApiError(error) && error.status === 409) setConflict(true);
      },
    });
  };

  const reload = async () => {
    setReloading(true);
    try {
      const latest = await onReload();
      if (latest) resetTo(latest);
      setConflict(false);
    } finally {
      setReloading(false);
    }
  };

  const conflictError = isApiError(update.error) && update.error.status === 409;

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        {conflictError ? (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
            <Group justify="space-between" gap="sm">
              <Text size="sm">Someone else changed this partner since you opened it.</Text>
              <Button size="xs" variant="light" color="yellow" onClick={() => void reload()}>
                Reload
              </Button>
            </Group>
          </Alert>
        ) : (
          <FormError error={update.error} shownFields={SHOWN_FIELDS} />
        )}
        <TextInput
          label="Company name"
          required
          maxLength={200}
          value={companyName}
          onChange={(e) => setCompanyName(e.currentTarget.value)}
          error={
            fieldError(update.error, 'companyName') ??
            (!companyName.trim() ? 'The company name cannot be empty' : undefined)
          }
        />
        <Select
          label="Status"
          data={STATUS_OPTIONS}
          value={status}
          onChange={(v) => v && setStatus(v)}
          allowDeselect={false}
          error={fieldError(update.error, 'status')}
        />
        <Group justify="flex-end" gap="sm">
          {dirty && (
            <Button variant="default" onClick={() => resetTo(partner)} disabled={update.isPending}>
              Discard changes
            </Button>
          )}
          <Button type="submit" disabled={!dirty || !companyName.trim()} loading={update.isPending}>
            Save changes
          </Button>
        </Group>
      </Stack>
      <ConflictModal
        opened={conflict}
        what="partner"
        reloading={reloading}
        onReload={() => void reload()}
        onKeepEditing={() => setConflict(false)}
      />
    </form>
  );
}
