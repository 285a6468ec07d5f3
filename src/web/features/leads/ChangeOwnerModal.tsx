import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../components/FormError';
import { isApiError } from '../../lib/api';
import { fieldError } from '../../lib/forms';
import type { Option } from '../accounts/api';
import { isPartnerRole } from '../../../shared/role-names';
import { useCurrentUser } from '../../lib/session';
import { OwnerSelect, PartnerUserSelect, refOption } from '../accounts/pickers';
import { useChangeLeadOwner, type Lead } from './api';

/** Hands the lead to another internal person; they are told, followers too. */
export function ChangeOwnerModal({
  lead,
  opened,
  onClose,
  onConflict,
}: {
  lead: Lead;
  opened: boolean;
  onClose: () => void;
  onConflict: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Change owner">
      {opened && <ChangeOwnerForm lead={lead} onClose={onClose} onConflict={onConflict} />}
    </Modal>
  );
}

function ChangeOwnerForm({
  lead,
  onClose,
  onConflict,
}: {
  lead: Lead;
  onClose: () => void;
  onConflict: () => void;
}) {
  const me = useCurrentUser();
  const partnerUser = isPartnerRole(me.role);
  const change = useChangeLeadOwner(lead.id);
  const [owner, setOwner] = useState<Option | null>(refOption(lead.owner));
  const stale = isApiError(change.error) && change.error.status === 409;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!owner) return;
    if (owner.value === lead.ownerId) {
      onClose();
      return;
    }
    change.mutate(
      { ownerId: owner.value, version: lead.version },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'teal',
            title: 'Owner changed',
            message: `${saved.owner?.name ?? owner.label} now owns ${saved.name}.`,
          });
          onClose();
        },
        onError: (error) => {
          if (isApiError(error) && error.status === 409) onConflict();
        },
      },
    );
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <Text size="sm">
          The new owner is responsible for {lead.name} at {lead.company} from now on.
        </Text>
        {stale ? (
          <Text size="sm" c="yellow.8" role="alert">
            Someone else changed this lead meanwhile. Its latest version is loaded; choose again and
            save.
          </Text>
        ) : (
          <FormError error={change.error} shownFields={['ownerId']} />
        )}
        {partnerUser ? (
          <PartnerUserSelect
            label="New owner"
            placeholder="Choose a colleague"
            required
            data-autofocus
            partnerId={me.partner?.id ?? null}
            value={owner}
            onChange={setOwner}
            error={fieldError(change.error, 'ownerId')}
          />
        ) : (
          <OwnerSelect
            label="New owner"
            placeholder="Search people"
            required
            data-autofocus
            value={owner}
            onChange={setOwner}
            error={fieldError(change.error, 'ownerId')}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={change.isPending} disabled={!owner}>
            Change owner
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
