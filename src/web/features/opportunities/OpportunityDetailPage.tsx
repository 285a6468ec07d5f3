import {
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  DataList,
  Grid,
  Group,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconActivity,
  IconChecklist,
  IconFiles,
  IconHistory,
  IconListDetails,
  IconMessages,
  IconNotes,
  IconUserShare,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { OPPORTUNITY_SOURCE_LABELS } from '../../../shared/opportunities';
import type { OpportunityStage } from '../../../shared/sales-setup';
import { EditDeleteActions, recordGate } from '../../components/RecordPage';
import { PageHeader } from '../../components/PageHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { openConfirm } from '../../components/confirm';
import { errorMessage, isApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { PartnerLink } from '../accounts/AccountDetailPage';
import { ActivitiesPanel } from '../activities/ActivitiesPanel';
import { CommentsPanel } from '../comments/CommentsPanel';
import { FilesPanel } from '../files/FilesPanel';
import { FollowButton } from '../follows/FollowButton';
import { EventTimeline } from '../history/EventTimeline';
import { NotesPanel } from '../notes/NotesPanel';
import { SharePanel } from '../shares/SharePanel';
import { TasksPanel } from '../tasks/TasksPanel';
import { picklistLabel, useSalesSetup } from '../sales-setup/useSalesSetup';
import { useDeleteOpportunity, useOpportunity, type Opportunity } from './api';
import { ChangeOwnerModal } from './ChangeOwnerModal';
import { CloseDate, formatMoney, RoleBadge } from './format';
import { OpportunityFormModal } from './OpportunityFormModal';
import { useMoveToStage } from './StageChange';
import { StagePath } from './StagePath';

const TABS = ['details', 'activities', 'notes', 'files', 'tasks', 'comments', 'history'] as const;
type Tab = (typeof TABS)[number];

function Field({ label, value }: { label: string; value: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>
        {value === null || value === undefined || value === '' ? (
          <Text span size="sm" c="dimmed">
            —
          </Text>
        ) : (
          value
        )}
      </DataList.ItemValue>
    </DataList.Item>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Text size="xs" c="dimmed" mb={2}>
        {label}
      </Text>
      <Box fz="sm" fw={500}>
        {children}
      </Box>
    </Box>
  );
}

export function OpportunityDetailPage() {
  const { opportunityId = '' } = useParams();
  const query = useOpportunity(opportunityId);
  const crumbs = [{ label: 'Opportunities', to: '/opportunities' }];
  const gate = recordGate(query, crumbs, 'Opportunity');
  if (gate.view) return gate.view;
  return <OpportunityView o={gate.data} onStale={() => void query.refetch()} />;
}

function OpportunityView({ o, onStale }: { o: Opportunity; onStale: () => void }) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const setup = useSalesSetup();
  const remove = useDeleteOpportunity();
  const stageMove = useMoveToStage();
  const [editOpen, editModal] = useDisclosure(false);
  const [ownerOpen, ownerModal] = useDisclosure(false);
  const tabParam = params.get('tab');
  const tab: Tab = TABS.includes(tabParam as Tab) ? (tabParam as Tab) : 'details';
  const crumbs = [{ label: 'Opportunities', to: '/opportunities' }];

  const confirmDelete = () =>
    openConfirm({
      title: `Delete ${o.reference}?`,
      message:
        'The opportunity, its notes, files and tasks disappear for everyone, including the partners working it.',
      confirmLabel: 'Delete opportunity',
      danger: true,
      onConfirm: () =>
        remove.mutate(o.id, {
          onSuccess: () => {
            notifications.show({ color: 'teal', title: 'Opportunity deleted', message: o.name });
            void navigate('/opportunities');
          },
        }),
    });

  const moveTo = (stage: OpportunityStage) =>
    stageMove.move(o, stage).then(
      (saved) =>
        notifications.show({
          color: 'teal',
          title: `${saved.reference} moved`,
          message: `Now in ${saved.stage.label}.`,
        }),
      (error: unknown) => {
        if (!isApiError(error)) return; // the user cancelled
        notifications.show({
          color: error.status === 409 ? 'yellow' : 'red',
          title:
            error.status === 409 ? 'Someone else changed this deal' : 'The stage was not changed',
          message:
            error.status === 409
              ? 'The latest version is shown now; try again.'
              : errorMessage(error),
        });
        onStale();
      },
    );

  const canChangeStage = o.abilities.changeStage === true || o.abilities.update === true;
  const lossReason = o.lossReason ? picklistLabel(setup.data, 'loss_reason', o.lossReason) : null;

  return (
    <>
      <PageHeader
        breadcrumbs={crumbs}
        title={
          <>
            <Text span inherit c="dimmed" ff="monospace" fz="0.8em">
              {o.reference}
            </Text>{' '}
            {o.name}
          </>
        }
        documentTitle={`${o.reference} ${o.name}`}
        description={
          <Group gap={6} component="span" wrap="wrap">
            {o.account ? (
              <Anchor component={Link} to={`/accounts/${o.account.id}`} size="sm">
                {o.account.name}
              </Anchor>
            ) : (
              <span>No account</span>
            )}
            {o.contact && (
              <>
                <span aria-hidden>·</span>
                <Anchor component={Link} to={`/contacts/${o.contact.id}`} size="sm">
                  {o.contact.name}
                </Anchor>
              </>
            )}
            {o.leadId && (
              <>
                <span aria-hidden>·</span>
                <Anchor component={Link} to={`/leads/${o.leadId}`} size="sm">
                  Converted from a lead
                </Anchor>
              </>
            )}
          </Group>
        }
        actions={
          <>
            <FollowButton subjectType="opportunity" subjectId={o.id} />
            {o.abilities.changeOwner && (
              <Button
                variant="default"
                leftSection={<IconUserShare size={16} />}
                onClick={ownerModal.open}
              >
                Change owner
              </Button>
            )}
            <EditDeleteActions
              abilities={o.abilities}
              onEdit={editModal.open}
              onDelete={confirmDelete}
              deleting={remove.isPending}
            />
          </>
        }
      />

      <Card padding="lg" mb="lg">
        <Stack gap="lg">
          <StagePath
            stages={setup.data?.opportunityStages}
            currentId={o.stageId}
            onSelect={canChangeStage ? (s) => void moveTo(s) : undefined}
            disabled={stageMove.pending}
          />
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="lg">
            <Fact label="Amount">{formatMoney(o.amount, o.currency)}</Fact>
            <Fact label="Weighted amount">
              <Tooltip
                label={`Amount × ${o.stage.probability}% probability of ${o.stage.label}`}
                withArrow
              >
                <span>{formatMoney(o.weightedAmount, o.currency)}</span>
              </Tooltip>
            </Fact>
            <Fact label="Close date">
              <CloseDate o={o} />
            </Fact>
            <Fact label="Probability">{o.stage.probability}%</Fact>
            <Fact label="Owner">
              {o.owner?.name ?? (
                <Text span size="sm" c="dimmed">
                  Nobody
                </Text>
              )}
            </Fact>
            <Fact label="Assigned partner">
              <PartnerLink partner={o.partner} />
              {o.partnerUser && (
                <Text size="xs" c="dimmed">
                  Rep: {o.partnerUser.name}
                </Text>
              )}
            </Fact>
          </SimpleGrid>
          {o.partners.length > 0 && (
            <Group gap="xs" wrap="wrap" aria-label="Credited partners" role="list">
              <Text size="xs" c="dimmed">
                Credited partners
              </Text>
              {o.partners.map((p) => (
                <Badge
                  key={p.partnerId}
                  role="listitem"
                  variant="outline"
                  color="gray"
                  tt="none"
                  fw={500}
                  size="lg"
                  rightSection={<RoleBadge role={p.role} />}
                >
                  {p.name}
                </Badge>
              ))}
            </Group>
          )}
          {o.stage.kind === 'lost' && (
            <Text size="sm">
              <Text span fw={600}>
                Lost
              </Text>
              {o.closedAt ? ` on ${formatDateTime(o.closedAt)}` : ''}
              {lossReason ? ` · reason: ${lossReason}` : ''}
            </Text>
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
          <Tabs.Tab value="files" leftSection={<IconFiles size={16} />}>
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
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <Card padding="lg" h="100%">
                <Text fw={600} mb="xs">
                  Next step
                </Text>
                <Text size="sm" c={o.nextStep ? undefined : 'dimmed'} mb="lg">
                  {o.nextStep ?? 'No next step planned.'}
                </Text>
                <Text fw={600} mb="xs">
                  Description
                </Text>
                {o.description ? (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {o.description}
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    No description.
                  </Text>
                )}
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Card padding="lg">
                <DataList labelWidth={150}>
                  <Field
                    label="Account"
                    value={
                      o.account && (
                        <Anchor component={Link} to={`/accounts/${o.account.id}`}>
                          {o.account.name}
                        </Anchor>
                      )
                    }
                  />
                  <Field
                    label="Contact"
                    value={
                      o.contact && (
                        <Anchor component={Link} to={`/contacts/${o.contact.id}`}>
                          {o.contact.name}
                        </Anchor>
                      )
                    }
                  />
                  <Field label="Source" value={OPPORTUNITY_SOURCE_LABELS[o.source]} />
                  <Field label="Referrer" value={o.referrer?.name} />
                  <Field label="Campaign" value={o.campaign?.name} />
                  <Field label="Currency" value={o.currency} />
                  {lossReason && <Field label="Loss reason" value={lossReason} />}
                  <Field
                    label="Lead"
                    value={
                      o.leadId && (
                        <Anchor component={Link} to={`/leads/${o.leadId}`}>
                          Open the original lead
                        </Anchor>
                      )
                    }
                  />
                  <Field
                    label="Created"
                    value={`${formatDateTime(o.createdAt)}${o.createdByPartner ? ' by a partner' : ''}`}
                  />
                  <Field label="Last change" value={<RelativeTime iso={o.updatedAt} />} />
                </DataList>
              </Card>
              {o.abilities.share && (
                <Box mt="lg">
                  <SharePanel subjectType="opportunity" subjectId={o.id} partnerId={o.partnerId} />
                </Box>
              )}
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="activities">
          <ActivitiesPanel subjectType="opportunity" subjectId={o.id} />
        </Tabs.Panel>
        <Tabs.Panel value="notes">
          <NotesPanel subjectType="opportunity" subjectId={o.id} />
        </Tabs.Panel>
        <Tabs.Panel value="files">
          <FilesPanel subjectType="opportunity" subjectId={o.id} />
        </Tabs.Panel>
        <Tabs.Panel value="tasks">
          <TasksPanel subjectType="opportunity" subjectId={o.id} />
        </Tabs.Panel>
        <Tabs.Panel value="comments">
          <CommentsPanel subjectType="opportunity" subjectId={o.id} />
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <Card padding="lg">
            <EventTimeline subjectType="opportunity" subjectId={o.id} />
          </Card>
        </Tabs.Panel>
      </Tabs>

      <OpportunityFormModal opened={editOpen} onClose={editModal.close} opportunity={o} />
      {o.abilities.changeOwner && (
        <ChangeOwnerModal opportunity={o} opened={ownerOpen} onClose={ownerModal.close} />
      )}
      {stageMove.dialog}
    </>
  );
}
