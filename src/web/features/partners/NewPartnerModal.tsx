import { Alert, Anchor, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCopy } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { FormError } from '../../components/FormError';
import { PartnerStatusBadge } from '../../components/PartnerStatusBadge';
import { useCurrentUser } from '../../lib/session';
import type { Partner } from '../../lib/types';
import { findDuplicates, useCreatePartner, type PartnerDuplicate } from './api';
import {
  emptyPartnerForm,
  formToInput,
  localErrors,
  PARTNER_FORM_FIELDS,
  PartnerForm,
  type PartnerFormValues,
} from './PartnerForm';

interface NewPartnerModalProps {
  opened: boolean;
  onClose: () => void;
  onCreated: (partner: Partner) => void;
}

const MATCH_WORDS: Record<'name' | 'domain', string> = {
  name: 'same name',
  domain: 'same website domain',
};

export function NewPartnerModal({ opened, onClose, onCreated }: NewPartnerModalProps) {
  const user = useCurrentUser();
  // A channel manager creating a partner usually looks after it; admins pick someone.
  const initial = () => emptyPartnerForm(user.role === 'channel_manager' ? user.id : null);
  const create = useCreatePartner();
  const [values, setValues] = useState<PartnerFormValues>(initial);
  const [submitted, setSubmitted] = useState(false);
  const [checking, setChecking] = useState(false);
  const [duplicates, setDuplicates] = useState<PartnerDuplicate[] | null>(null);

  const close = () => {
    onClose();
    setValues(initial());
    setSubmitted(false);
    setDuplicates(null);
    create.reset();
  };

  const local = submitted ? localErrors(values) : {};

  const save = () =>
    create.mutate(formToInput(values), {
      onSuccess: (partner) => {
        notifications.show({
          color: 'teal',
          title: 'Partner created',
          message: `${partner.companyName} was added.`,
        });
        close();
        onCreated(partner);
      },
      onSettled: () => setDuplicates(null),
    });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(localErrors(values)).length > 0) return;
    setChecking(true);
    let found: PartnerDuplicate[];
    try {
      found = await findDuplicates({ companyName: values.companyName, website: values.website });
    } catch {
      // The check only warns; when it cannot run, the server's own rules still apply on save.
      found = [];
    } finally {
      setChecking(false);
    }
    if (found.length > 0) setDuplicates(found);
    else save();
  };

  return (
    <Modal opened={opened} onClose={close} title="New partner" size="xl">
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <Stack>
          <FormError error={create.error} shownFields={PARTNER_FORM_FIELDS} />
          <PartnerForm
            values={values}
            onChange={(patch) => setValues((v) => ({ ...v, ...patch }))}
            error={create.error}
            local={local}
          />
          {duplicates && (
            <Alert
              color="yellow"
              variant="light"
              icon={<IconCopy size={18} />}
              title="This partner may already exist"
              role="alert"
            >
              <Text size="sm">
                {duplicates.length === 1
                  ? 'A partner with similar details is already in Conduit:'
                  : `${duplicates.length} partners with similar details are already in Conduit:`}
              </Text>
              <List size="sm" mt="xs" spacing={4}>
                {duplicates.map((d) => (
                  <List.Item key={d.id}>
                    <Group gap={6} wrap="wrap">
                      <Anchor component={Link} to={`/partners/${d.id}`} target="_blank" fw={600}>
                        {d.companyName}
                      </Anchor>
                      {d.domain && (
                        <Text span size="sm" c="dimmed">
                          {d.domain}
                        </Text>
                      )}
                      <PartnerStatusBadge status={d.status} />
                      <Text span size="xs" c="dimmed">
                        ({d.matchedOn.map((m) => MATCH_WORDS[m]).join(', ')})
                      </Text>
                    </Group>
                  </List.Item>
                ))}
              </List>
              <Group justify="flex-end" mt="md" gap="sm">
                <Button variant="default" size="xs" onClick={() => setDuplicates(null)}>
                  Cancel
                </Button>
                <Button color="yellow" size="xs" onClick={save} loading={create.isPending}>
                  Save anyway
                </Button>
              </Group>
            </Alert>
          )}
          {!duplicates && (
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={checking || create.isPending}>
                Create partner
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Modal>
  );
}
