import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../components/FormError';
import { fieldError } from '../../lib/forms';
import type { Option } from '../accounts/api';
import { OwnerSelect, refOption } from '../accounts/pickers';
import { useChangeOpportunityOwner, type Opportunity } from './api';

/** Hands the deal to a colleague; their name goes on it and the history says who did it. */
export function ChangeOwnerModal({
  opportunity: o,
  opened,
  onClose,
}: {
  opportunity: Opportunity;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Change owner">
      {opened && <ChangeOwnerForm o={o} onClose={onClose} />}
    </Modal>
  );
}

function ChangeOwnerForm({ o, onClose }: { o: Opportunity; onClose: () => void }) {
  const change = useChangeOpportunityOwner();
  const [owner, setOwner] = useState<Option | null>(refOption(o.owner));
  const [tried, setTried] = useState(false);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!owner) return;
    if (owner.value === o.ownerId) {
      onClose();
      return;
    }
    change.mutate(
      { id: o.id, ownerId: owner.value, version: o.version },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'teal',
            title: 'Owner changed',
            message: `${saved.name} is now owned by ${saved.owner?.name ?? owner.label}.`,
          });
          onClose();
        },
      },
    );
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          The new owner sees the deal in their pipeline and is told about changes to it.
        </Text>
        <FormError error={change.error} shownFields={['ownerId']} />
        <OwnerSelect
          label="New owner"
          placeholder="Search people"
          data-autofocus
          value={owner}
          onChange={setOwner}
          error={
            fieldError(change.error, 'ownerId') ?? (tried && !owner ? 'Choose a person' : undefined)
          }
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={change.isPending}>
            Change owner
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
