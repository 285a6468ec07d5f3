import {
  Anchor,
  Card,
  DataList,
  Grid,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Tabs,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconActivity, IconHistory, IconMessages, IconListDetails } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  CASE_PRIORITIES,
  CASE_PRIORITY_LABELS,
  CASE_STATUSES,
  CASE_STATUS_LABELS,
  type CasePriority,
  type CaseStatus,
} from '../../../shared/cases';
import { EditDeleteActions, recordGate } from '../../components/RecordPage';
import { PageHeader } from '../../components/PageHeader';
import { RelativeTime } from '../../components/RelativeTime';
import { openConfirm } from '../../components/confirm';
import { isApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { PartnerLink } from '../accounts/AccountDetailPage';
import { ActivitiesPanel } from '../activities/ActivitiesPanel';
import { CommentsPanel } from '../comments/CommentsPanel';
import { EventTimeline } from '../history/EventTimeline';
import { useCase, useDeleteCase, useUpdateCase, type Case } from './api';
import { CasePriorityBadge, CaseStatusBadge, CASE_STATUS_COLORS } from './badges';
import { CaseFormModal } from './CaseFormModal';

const TABS = ['details', 'activities', 'comments', 'history'] as const;
type Tab = (typeof TABS)[number];

const STATUS_DATA = CASE_STATUSES.map((s) => ({ value: s, label: CASE_STATUS_LABELS[s] }));
const PRIORITY_DATA = CASE_PRIORITIES.map((p) => ({ value: p, label: CASE_PRIORITY_LABELS[p] }));

function Field({ label, value }: { label: string; value: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{value ?? '—'}</DataList.ItemValue>
    </DataList.Item>
  );
}

/** Status and priority change in one click; a conflict reloads the case so nothing is lost. */
function QuickControls({ c, onConflict }: { c: Case; onConflict: () => void }) {
  const update = useUpdateCase({ silent: true });
  const change = (patch: { status?: CaseStatus; priority?: CasePriority }, what: string) =>
    update.mutate(
      { id: c.id, version: c.version, ...patch },
      {
        onSuccess: (saved) =>
          notifications.show({
            color: 'teal',
            title: `${saved.reference} updated`,
            message: what,
          }),
        onError: (error) => {
          notifications.show({
            color: isApiError(error) && error.status === 409 ? 'yellow' : 'red',
            title:
              isApiError(error) && error.status === 409
                ? 'Someone else changed this case'
                : 'Could not change the case',
            message:
              isApiError(error) && error.status === 409
                ? 'The latest version is shown now; try again.'
                : error.message,
          });
          onConflict();
        },
      },
    );

  if (!c.abilities.changeStatus) {
    return (
      <Group gap="xs">
        <CaseStatusBadge status={c.status} />
        <CasePriorityBadge priority={c.priority} />
      </Group>
    );
  }
  return (
    <Group gap="md" align="flex-end" wrap="wrap">
      <Stack gap={4}>
        <Text size="sm" fw={500} id="case-status-label">
          Status
        </Text>
        <SegmentedControl
          aria-labelledby="case-status-label"
          data={STATUS_DATA}
          value={c.status}
          color={CASE_STATUS_COLORS[c.status]}
          disabled={update.isPending}
          onChange={(v) => {
            if (v !== c.status) {
              change({ status: v }, `Status: ${CASE_STATUS_LABELS[v]}`);
            }
          }}
        />
      </Stack>
      <Select
        label="Priority"
        size="sm"
        data={PRIORITY_DATA}
        value={c.priority}
        allowDeselect={false}
        disabled={update.isPending}
        onChange={(v) => {
          if (v && v !== c.priority) {
            change({ priority: v }, `Priority: ${CASE_PRIORITY_LABELS[v]}`);
          }
        }}
        w={140}
      />
    </Group>
  );
}

export function CaseDetailPage() {
  const { caseId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const tabParam = params.get('tab');
  const tab: Tab = TABS.includes(tabParam as Tab) ? (tabParam as Tab) : 'details';
  const query = useCase(caseId);
  const remove = useDeleteCase();
  const [editOpen, editModal] = useDisclosure(false);
  const crumbs = [{ label: 'Cases', to: '/cases' }];

  const gate = recordGate(query, crumbs, 'Case');
  if (gate.view) return gate.view;
  const c = gate.data;
  const confirmDelete = () =>
    openConfirm({
      title: `Delete ${c.reference}?`,
      message: 'The case disappears for everyone, including the partner who manages it.',
      confirmLabel: 'Delete case',
      danger: true,
      onConfirm: () =>
        remove.mutate(c.id, {
          onSuccess: () => {
            notifications.show({ color: 'teal', title: 'Case deleted', message: c.reference });
            void navigate('/cases');
          },
        }),
    });

  return (
    <>
      <PageHeader
        breadcrumbs={crumbs}
        title={
          <>
            <Text span inherit c="dimmed" ff="monospace" fz="0.8em">
              {c.reference}
            </Text>{' '}
            {c.subject}
          </>
        }
        documentTitle={`${c.reference} ${c.subject}`}
        description={
          <>
            Opened {formatDateTime(c.createdAt)}
            {c.closedAt ? ` · closed ${formatDateTime(c.closedAt)}` : ''}
          </>
        }
        actions={
          <EditDeleteActions
            abilities={c.abilities}
            onEdit={editModal.open}
            onDelete={confirmDelete}
            deleting={remove.isPending}
          />
        }
      />

      <Card padding="lg" mb="lg">
        <QuickControls key={c.version} c={c} onConflict={() => void query.refetch()} />
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
              <Card padding="lg">
                <Text fw={600} mb="sm">
                  Description
                </Text>
                {c.description ? (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                    {c.description}
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
                      c.account ? (
                        <Anchor component={Link} to={`/accounts/${c.account.id}`}>
                          {c.account.name}
                        </Anchor>
                      ) : null
                    }
                  />
                  <Field
                    label="Contact"
                    value={
                      c.contact ? (
                        <Anchor component={Link} to={`/contacts/${c.contact.id}`}>
                          {c.contact.name}
                        </Anchor>
                      ) : null
                    }
                  />
                  <Field
                    label="Managing partner"
                    value={<PartnerLink partner={c.managedByPartner} />}
                  />
                  <Field label="Partner contact" value={c.partnerUser?.name} />
                  <Field label="Owner" value={c.owner?.name} />
                  <Field label="Last change" value={<RelativeTime iso={c.updatedAt} />} />
                </DataList>
              </Card>
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="activities">
          <ActivitiesPanel subjectType="case" subjectId={c.id} />
        </Tabs.Panel>
        <Tabs.Panel value="comments">
          <CommentsPanel subjectType="case" subjectId={c.id} />
        </Tabs.Panel>
        <Tabs.Panel value="history">
          <Card padding="lg">
            <EventTimeline subjectType="case" subjectId={c.id} />
          </Card>
        </Tabs.Panel>
      </Tabs>

      <CaseFormModal opened={editOpen} onClose={editModal.close} supportCase={c} />
    </>
  );
}
