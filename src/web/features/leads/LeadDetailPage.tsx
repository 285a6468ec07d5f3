import {
  Alert,
  Anchor,
  Button,
  Card,
  DataList,
  Grid,
  Group,
  Menu,
  Stack,
  Tabs,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconActivity,
  IconChecklist,
  IconChevronDown,
  IconCopy,
  IconHistory,
  IconListDetails,
  IconMessages,
  IconNotes,
  IconPaperclip,
  IconPencil,
  IconTransform,
  IconTrash,
  IconUserCheck,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { COMPANY_SIZE_LABELS } from '../../../shared/accounts';
import { PageHeader } from '../../components/PageHeader';
import { recordGate } from '../../components/RecordPage';
import { RelativeTime } from '../../components/RelativeTime';
import { openConfirm } from '../../components/confirm';
import { formatDate, formatDateTime } from '../../lib/format';
import { PartnerLink } from '../accounts/AccountDetailPage';
import { ActivitiesPanel } from '../activities/ActivitiesPanel';
import { CommentsPanel } from '../comments/CommentsPanel';
import { FilesPanel } from '../files/FilesPanel';
import { FollowButton } from '../follows/FollowButton';
import { EventTimeline } from '../history/EventTimeline';
import { NotesPanel } from '../notes/NotesPanel';
import { countryName } from '../partners/countries';
import { websiteHref } from '../partners/links';
import { picklistLabel, useSalesSetup } from '../sales-setup/useSalesSetup';
import { SharePanel } from '../shares/SharePanel';
import { TasksPanel } from '../tasks/TasksPanel';
import { useCloneLead, useDeleteLead, useLead, type Lead } from './api';
import { ChangeOwnerModal } from './ChangeOwnerModal';
import { ConvertLeadModal } from './ConvertLeadModal';
import { formatMoney, LeadStatusBadge } from './format';
import { LeadFormModal } from './LeadFormModal';
import { ScorePopover } from './ScorePopover';
import { StatusPath } from './StatusPath';

const TABS = ['details', 'activities', 'notes', 'files', 'tasks', 'comments', 'history'] as const;
type Tab = (typeof TABS)[number];

function Field({ label, value }: { label: string; value: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>
        {value === null || value === undefined || value === '' ? (
          <Text span c="dimmed">
            —
          </Text>
        ) : (
          value
        )}
      </DataList.ItemValue>
    </DataList.Item>
  );
}

export function LeadDetailPage() {
  const { leadId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const tabParam = params.get('tab');
  const tab: Tab = TABS.includes(tabParam as Tab) ? (tabParam as Tab) : 'details';
  const query = useLead(leadId);
  const setup = useSalesSetup();
  const remove = useDeleteLead();
  const clone = useCloneLead(leadId);
  const [editOpen, editModal] = useDisclosure(false);
  const [ownerOpen, ownerModal] = useDisclosure(false);
  const [convertOpen, convertModal] = useDisclosure(false);
  const crumbs = [{ label: 'Leads', to: '/leads' }];

  const gate = recordGate(query, crumbs, 'Lead');
  if (gate.view) return gate.view;
  const lead = gate.data;
  const converted = lead.status.kind === 'converted' || lead.convertedAt !== null;
  const reload = () => void query.refetch();

  const confirmDelete = () =>
    openConfirm({
      title: `Delete ${lead.reference}?`,
      message: `${lead.name} (${lead.company}) and its notes, files, tasks and activities disappear for everyone. This cannot be undone.`,
      confirmLabel: 'Delete lead',
      danger: true,
      onConfirm: () =>
        remove.mutate(lead.id, {
          onSuccess: () => {
            notifications.show({ color: 'teal', title: 'Lead deleted', message: lead.reference });
            void navigate('/leads');
          },
        }),
    });

  const confirmClone = () =>
    openConfirm({
      title: `Clone ${lead.name}?`,
      message:
        'A new lead with the same person, company and details. It starts at the first status, without history, conversion or partner assignment, and you own it.',
      confirmLabel: 'Clone lead',
      onConfirm: () =>
        clone.mutate(undefined, {
          onSuccess: (copy) => {
            notifications.show({
              color: 'teal',
              title: 'Lead cloned',
              message: `${copy.reference} is a copy of ${lead.reference}.`,
            });
            void navigate(`/leads/${copy.id}`);
          },
        }),
    });

  const statuses = setup.data?.leadStatuses ?? [];

  return (
    <>
      <PageHeader
        breadcrumbs={crumbs}
        title={lead.name}
        documentTitle={`${lead.name} · ${lead.company}`}
        description={
          <>
            {picklistLabel(setup.data, 'job_title', lead.jobTitle)} at{' '}
            <Text span fw={600} c="var(--mantine-color-text)">
              {lead.company}
            </Text>{' '}
            ·{' '}
            <Text span ff="monospace" size="sm">
              {lead.reference}
            </Text>
          </>
        }
        actions={
          <LeadActions
            lead={lead}
            onEdit={editModal.open}
            onChangeOwner={ownerModal.open}
            onConvert={convertModal.open}
            onClone={confirmClone}
            onDelete={confirmDelete}
            cloning={clone.isPending}
            deleting={remove.isPending}
          />
        }
      />

      {converted && <ConvertedBanner lead={lead} />}

      <Card padding="md" mb="lg">
        <Stack gap="md">
          <Group gap="lg" wrap="wrap" align="center">
            <ScorePopover lead={lead} />
            <Group gap={6} wrap="nowrap">
              <Text size="sm" c="dimmed">
                Status
              </Text>
              <LeadStatusBadge status={lead.status} />
            </Group>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" c="dimmed">
                Owner
              </Text>
              <Text size="sm" fw={500}>
                {lead.owner?.name ?? 'Nobody'}
              </Text>
            </Group>
            <Group gap={6} wrap="nowrap">
              <Text size="sm" c="dimmed">
                Partner
              </Text>
              <Text size="sm" fw={500} span>
                <PartnerLink partner={lead.partner} />
              </Text>
            </Group>
            {lead.estimatedValue && (
              <Group gap={6} wrap="nowrap">
                <Text size="sm" c="dimmed">
                  Estimated value
                </Text>
                <Text size="sm" fw={600}>
                  {formatMoney(lead.estimatedValue, lead.currency)}
                </Text>
              </Group>
            )}
          </Group>
          {statuses.length > 0 && (
            <StatusPath
              key={lead.version}
              lead={lead}
              statuses={statuses}
              onConvert={convertModal.open}
              onConflict={reload}
            />
          )}
        </Stack>
      </Card>

      <Tabs
        value={tab}
        onChange={(v) => setParams(v && v !== 'details' ? { tab: v } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="lg">
          <Tabs.Tab value="details" leftSection={<IconListDetails size={16} />}>
            Details
          </Tabs.Tab>
          <Tabs.Tab value="activities" leftSection={<IconActivity size={16} />}>
            Activities
          </Tabs.Tab>
          <Tabs.Tab value="notes" leftSection={<IconNotes size={16} />}>
            Notes
          </Tabs.Tab>
          <Tabs.Tab value="files" leftSection={<IconPaperclip size={16} />}>
            Files
          </Tabs.Tab>
          <Tabs.Tab value="tasks" leftSection={<IconChecklist size={16} />}>
            Tasks
          </Tabs.Tab>
          <Tabs.Tab value="comments" leftSection={<IconMessages size={16} />}>
            Comments
          </Tabs.Tab>
          <Tabs.Tab value="history" leftSection={<IconHistory size={16} />}>
            History
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="details">
          <LeadDetails lead={lead} />
        </Tabs.Panel>
        <Tabs.Panel value="activities">
          <ActivitiesPanel subjectType="lead" subjectId={lead.id} />
        </Tabs.Panel>
        <Tabs.Panel value="notes">
          <NotesPanel subjectType="lead" subjectId={lead.id} />
        </Tabs.Panel>
        <Tabs.Panel value="files">
          <FilesPanel subjectType="lead" subjectId={lead.id} />
        </Tabs.Panel>
        <Tabs.Panel value="tasks">
          <TasksPanel subjectType="lead" subjectId={lead.id} />
        </Tabs.Panel>
        <Tabs.Panel value="comments">
          <CommentsPanel subjectType="lead" subjectId={lead.id} />
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <Card padding="lg">
            <EventTimeline subjectType="lead" subjectId={lead.id} />
          </Card>
        </Tabs.Panel>
      </Tabs>

      <LeadFormModal opened={editOpen} onClose={editModal.close} lead={lead} />
      <ChangeOwnerModal
        lead={lead}
        opened={ownerOpen}
        onClose={ownerModal.close}
        onConflict={reload}
      />
      <ConvertLeadModal lead={lead} opened={convertOpen} onClose={convertModal.close} />
    </>
  );
}

function LeadActions({
  lead,
  onEdit,
  onChangeOwner,
  onConvert,
  onClone,
  onDelete,
  cloning,
  deleting,
}: {
  lead: Lead;
  onEdit: () => void;
  onChangeOwner: () => void;
  onConvert: () => void;
  onClone: () => void;
  onDelete: () => void;
  cloning: boolean;
  deleting: boolean;
}) {
  const a = lead.abilities;
  const more = a.changeOwner || a.clone || a.delete;
  return (
    <>
      <FollowButton subjectType="lead" subjectId={lead.id} />
      {a.update && (
        <Button variant="default" leftSection={<IconPencil size={16} />} onClick={onEdit}>
          Edit
        </Button>
      )}
      {a.convert && (
        <Button variant="default" leftSection={<IconTransform size={16} />} onClick={onConvert}>
          Convert
        </Button>
      )}
      {more && (
        <Menu position="bottom-end" shadow="md">
          <Menu.Target>
            <Button
              variant="default"
              rightSection={<IconChevronDown size={14} />}
              loading={cloning || deleting}
            >
              More
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {a.changeOwner && (
              <Menu.Item leftSection={<IconUserCheck size={16} />} onClick={onChangeOwner}>
                Change owner
              </Menu.Item>
            )}
            {a.clone && (
              <Menu.Item leftSection={<IconCopy size={16} />} onClick={onClone}>
                Clone
              </Menu.Item>
            )}
            {a.delete && (
              <>
                <Menu.Divider />
                <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={onDelete}>
                  Delete
                </Menu.Item>
              </>
            )}
          </Menu.Dropdown>
        </Menu>
      )}
    </>
  );
}

function ConvertedBanner({ lead }: { lead: Lead }) {
  const link = (to: string, ref: { id: string; name: string } | null, what: string) =>
    ref ? (
      <Anchor component={Link} to={`${to}/${ref.id}`} fw={600}>
        {ref.name}
      </Anchor>
    ) : (
      <Text span c="dimmed">
        {what} you cannot open
      </Text>
    );
  return (
    <Alert
      color="teal"
      variant="light"
      mb="lg"
      icon={<IconTransform size={18} />}
      title="Converted — this lead is read-only"
      role="status"
      data-testid="converted-banner"
    >
      <Text size="sm">
        Converted {lead.convertedAt ? `on ${formatDateTime(lead.convertedAt)} ` : ''}into account{' '}
        {link('/accounts', lead.convertedAccount, 'an account')}, contact{' '}
        {link('/contacts', lead.convertedContact, 'a contact')}
        {lead.convertedOpportunity ? (
          <>
            {' '}
            and opportunity {link('/opportunities', lead.convertedOpportunity, 'an opportunity')}
          </>
        ) : (
          ' (no opportunity)'
        )}
        .
      </Text>
    </Alert>
  );
}

function LeadDetails({ lead: l }: { lead: Lead }) {
  const { data: setup } = useSalesSetup();
  const pick = (list: Parameters<typeof picklistLabel>[1], key: string | null) =>
    picklistLabel(setup, list, key);
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Stack gap="lg">
          <Card padding="lg">
            <Text fw={600} mb="sm">
              Person
            </Text>
            <DataList labelWidth={150}>
              <Field label="Name" value={l.name} />
              <Field label="Job title" value={pick('job_title', l.jobTitle)} />
              <Field label="Email" value={<Anchor href={`mailto:${l.email}`}>{l.email}</Anchor>} />
              <Field
                label="Phone"
                value={
                  l.phone && (
                    <Anchor href={`tel:${l.phone}`} size="sm">
                      {l.phone}
                    </Anchor>
                  )
                }
              />
              <Field label="Power" value={pick('power', l.power)} />
            </DataList>
          </Card>
          <Card padding="lg">
            <Text fw={600} mb="sm">
              Company
            </Text>
            <DataList labelWidth={150}>
              <Field label="Company" value={l.company} />
              <Field
                label="Website"
                value={
                  l.website && (
                    <Anchor
                      href={websiteHref(l.website)}
                      target="_blank"
                      rel="noreferrer noopener"
                      size="sm"
                    >
                      {l.website}
                    </Anchor>
                  )
                }
              />
              <Field label="Industry" value={pick('industry', l.industry)} />
              <Field
                label="Company size"
                value={l.companySize && COMPANY_SIZE_LABELS[l.companySize]}
              />
              <Field label="Country" value={countryName(l.countryCode)} />
              <Field label="Region" value={l.region} />
              <Field label="City" value={[l.postalCode, l.city].filter(Boolean).join(' ')} />
            </DataList>
          </Card>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Stack gap="lg">
          <Card padding="lg">
            <Text fw={600} mb="sm">
              Qualification
            </Text>
            <DataList labelWidth={150}>
              <Field label="Status" value={<LeadStatusBadge status={l.status} />} />
              <Field label="Lead source" value={pick('lead_source', l.source)} />
              <Field
                label="Rating"
                value={`${l.rating.charAt(0).toUpperCase()}${l.rating.slice(1)} · score ${l.score}${l.ratingManual ? ' (set by hand)' : ''}`}
              />
              <Field
                label="Estimated value"
                value={l.estimatedValue && formatMoney(l.estimatedValue, l.currency)}
              />
              <Field label="Product interest" value={l.productInterest} />
            </DataList>
          </Card>
          <Card padding="lg">
            <Text fw={600} mb="sm">
              Assignment
            </Text>
            <DataList labelWidth={150}>
              <Field label="Owner" value={l.owner?.name} />
              <Field
                label="Assigned partner"
                value={
                  <Text span size="sm">
                    <PartnerLink partner={l.partner} />
                  </Text>
                }
              />
              <Field label="Partner rep" value={l.partnerUser?.name} />
              <Field label="Referrer" value={l.referrer?.name} />
              <Field label="Campaign" value={l.campaign?.name} />
              <Field label="Created" value={formatDate(l.createdAt)} />
              <Field label="Last change" value={<RelativeTime iso={l.updatedAt} />} />
              <Field
                label="Last activity"
                value={l.lastActivityAt && <RelativeTime iso={l.lastActivityAt} />}
              />
              {l.clonedFromId && (
                <Field
                  label="Cloned from"
                  value={
                    <Anchor component={Link} to={`/leads/${l.clonedFromId}`} size="sm">
                      the original lead
                    </Anchor>
                  }
                />
              )}
            </DataList>
          </Card>
          {l.abilities.share && (
            <SharePanel subjectType="lead" subjectId={l.id} partnerId={l.partnerId} />
          )}
        </Stack>
      </Grid.Col>
      <Grid.Col span={12}>
        <Card padding="lg">
          <Text fw={600} mb="sm">
            Description
          </Text>
          {l.description ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {l.description}
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              No description.
            </Text>
          )}
        </Card>
      </Grid.Col>
    </Grid>
  );
}
