import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { FormError } from '../../components/FormError';
import { fieldError } from '../../lib/forms';
import type { Partner, PartnerStatus } from '../../lib/types';
import { useCreatePartner } from './api';
import { STATUS_OPTIONS } from './statusOptions';

interface NewPartnerModalProps {
  opened: boolean;
  onClose: () => void;
  onCreated: (partner: Partner) => void;
}

const SHOWN_FIELDS = ['companyName', 'status'] as const;

export function NewPartnerModal({ opened, onClose, onCreated }: NewPartnerModalProps) {
  const create = useCreatePartner();
  const [companyName, setCompanyName] = useState('');
  const [status, setStatus] = useState<PartnerStatus>('active');
  const [submitted, setSubmitted] = useState(false);

  const close = () => {
    onClose();
    setCompanyName('');
    setStatus('active');
    setSubmitted(false);
    create.reset();
  };

  const nameMissing = !companyName.trim();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (nameMissing) return;
    create.mutate(
      { companyName: companyName.trim(), status },
      {
        onSuccess: (partner) => {
          notifications.show({
            color: 'teal',
            title: 'Partner created',
            message: `${partner.companyName} was added.`,
          });
          close();
          onCreated(partner);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title="New partner" size="md">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <FormError error={create.error} shownFields={SHOWN_FIELDS} />
          <TextInput
            label="Company name"
            placeholder="e.g. Northwind Systems"
            required
            data-autofocus
            maxLength={200}
            value={companyName}
            onChange={(e) => setCompanyName(e.currentTarget.value)}
            error={
              fieldError(create.error, 'companyName') ??
              (submitted && nameMissing ? 'Enter the company name' : undefined)
            }
          />
          <Select
            label="Status"
            description="Applicants are still being reviewed; active partners can work deals."
            data={STATUS_OPTIONS}
            value={status}
            onChange={(v) => v && setStatus(v)}
            allowDeselect={false}
            error={fieldError(create.error, 'status')}
            comboboxProps={{ withinPortal: true }}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create partner
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
