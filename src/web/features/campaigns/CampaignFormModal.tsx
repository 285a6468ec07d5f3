import { Button, Grid, Group, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import {
  CAMPAIGN_STATUS_LABELS,
  CAMPAIGN_STATUSES,
  type CampaignStatus,
} from '../../../shared/campaigns';
import { isPartnerRole } from '../../../shared/role-names';
import { FormError } from '../../components/FormError';
import { isApiError } from '../../lib/api';
import { fieldError } from '../../lib/forms';
import { useCurrentUser } from '../../lib/session';
import type { Option } from '../accounts/api';
import { OwnerSelect, PartnerSelect, PartnerUserSelect, refOption } from '../accounts/pickers';
import { picklistOptions, useSalesSetup } from '../sales-setup/useSalesSetup';
import { useCreateCampaign, useUpdateCampaign, type Campaign, type CampaignInput } from './api';

const SHOWN = [
  'name',
  'type',
  'status',
  'startDate',
  'endDate',
  'budget',
  'currency',
  'description',
  'ownerId',
  'partnerId',
];

interface CampaignFormModalProps {
  opened: boolean;
  onClose: () => void;
  /** Edit this campaign; without one, create a new campaign. */
  campaign?: Campaign;
}

export function CampaignFormModal({ opened, onClose, campaign }: CampaignFormModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={campaign ? `Edit “${campaign.name}”` : 'New campaign'}
      size="lg"
      centered
    >
      {/* Mounted afresh on each opening, so the form starts from the record as it is now. */}
      {opened && <CampaignForm campaign={campaign} onClose={onClose} />}
    </Modal>
  );
}

function CampaignForm({ campaign, onClose }: { campaign?: Campaign; onClose: () => void }) {
  const me = useCurrentUser();
  const partnerUser = isPartnerRole(me.role);
  const setup = useSalesSetup();
  const navigate = useNavigate();
  const create = useCreateCampaign();
  const update = useUpdateCampaign();
  const mutation = campaign ? update : create;
  const error = mutation.error;

  const [name, setName] = useState(campaign?.name ?? '');
  const [type, setType] = useState<string | null>(campaign?.type ?? null);
  const [status, setStatus] = useState<CampaignStatus>(campaign?.status ?? 'planned');
  const [startDate, setStartDate] = useState(campaign?.startDate ?? '');
  const [endDate, setEndDate] = useState(campaign?.endDate ?? '');
  const [budget, setBudget] = useState(campaign?.budget ?? '');
  const [currency, setCurrency] = useState<string | null>(
    campaign?.currency ?? setup.data?.baseCurrency ?? null,
  );
  const [description, setDescription] = useState(campaign?.description ?? '');
  const [owner, setOwner] = useState<Option | null>(
    campaign ? refOption(campaign.owner) : { value: me.id, label: me.name },
  );
  const [partner, setPartner] = useState<Option | null>(refOption(campaign?.partner));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input: CampaignInput = {
      name,
      ...(type ? { type } : {}),
      status,
      startDate: startDate || null,
      endDate: endDate || null,
      budget: budget.trim() || null,
      ...(currency ? { currency } : {}),
      description,
      ownerId: owner?.value ?? null,
      ...(partnerUser ? {} : { partnerId: partner?.value ?? null }),
    };
    if (campaign) {
      update.mutate(
        { id: campaign.id, version: campaign.version, ...input },
        {
          onSuccess: (c) => {
            notifications.show({ color: 'teal', title: 'Campaign saved', message: c.name });
            onClose();
          },
        },
      );
    } else {
      create.mutate(input, {
        onSuccess: (c) => {
          notifications.show({ color: 'teal', title: 'Campaign created', message: c.name });
          onClose();
          void navigate(`/campaigns/${c.id}`);
        },
      });
    }
  };

  const conflict = isApiError(error) && error.status === 409;
  const typeOptions = picklistOptions(setup.data, 'campaign_type', campaign?.type);
  const currencies = (setup.data?.currencies ?? []).map((c) => c.code);

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {conflict ? (
          <FormError
            error={
              new Error(
                'Someone else changed this campaign while you were editing. Close the form to see their version, then make your change again.',
              )
            }
            shownFields={[]}
          />
        ) : (
          <FormError error={error} shownFields={SHOWN} />
        )}
        <TextInput
          label="Name"
          required
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(error, 'name')}
          data-autofocus
        />
        <Grid>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select
              label="Type"
              required
              placeholder="Choose a type"
              data={typeOptions}
              value={type}
              onChange={setType}
              allowDeselect={false}
              error={fieldError(error, 'type')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select
              label="Status"
              data={CAMPAIGN_STATUSES.map((s) => ({ value: s, label: CAMPAIGN_STATUS_LABELS[s] }))}
              value={status}
              onChange={(v) => v && setStatus(v)}
              allowDeselect={false}
              error={fieldError(error, 'status')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label="Start date"
              type="date"
              value={startDate}
              onChange={(e) => setStartDate(e.currentTarget.value)}
              error={fieldError(error, 'startDate')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label="End date"
              type="date"
              value={endDate}
              min={startDate || undefined}
              onChange={(e) => setEndDate(e.currentTarget.value)}
              error={fieldError(error, 'endDate')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 8, sm: 6 }}>
            <TextInput
              label="Budget"
              placeholder="e.g. 12500.00"
              inputMode="decimal"
              value={budget}
              onChange={(e) => setBudget(e.currentTarget.value)}
              error={fieldError(error, 'budget')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 4, sm: 6 }}>
            <Select
              label="Currency"
              data={currencies}
              value={currency}
              onChange={setCurrency}
              allowDeselect={false}
              searchable
              error={fieldError(error, 'currency')}
            />
          </Grid.Col>
          {!partnerUser && (
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <PartnerSelect
                label="Partner"
                placeholder="None: a vendor campaign"
                value={partner}
                onChange={setPartner}
                error={fieldError(error, 'partnerId')}
              />
            </Grid.Col>
          )}
          <Grid.Col span={{ base: 12, sm: 6 }}>
            {partnerUser ? (
              <PartnerUserSelect
                label="Owner"
                partnerId={me.partner?.id ?? null}
                value={owner}
                onChange={setOwner}
                error={fieldError(error, 'ownerId')}
              />
            ) : (
              <OwnerSelect
                label="Owner"
                value={owner}
                onChange={setOwner}
                error={fieldError(error, 'ownerId')}
              />
            )}
          </Grid.Col>
        </Grid>
        <Textarea
          label="Description"
          autosize
          minRows={3}
          maxRows={10}
          maxLength={5000}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={fieldError(error, 'description')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={mutation.isPending} disabled={!name.trim() || !type}>
            {campaign ? 'Save' : 'Create campaign'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
