import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Card,
  Grid,
  Group,
  Skeleton,
  Stack,
  Tabs,
  Text,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconArchive,
  IconBriefcase,
  IconBuilding,
  IconChartBar,
  IconHistory,
  IconMail,
  IconMapPin,
  IconMessageCircle,
  IconPencil,
  IconPhone,
  IconPlus,
  IconTargetArrow,
  IconTicket,
  IconTrash,
  IconUserPlus,
  IconUserSearch,
  IconUsers,
  IconWorld,
} from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import {
  PARTNER_TYPE_LABELS,
  SLA_TIER_LABELS,
  type ActivationStage,
  type PartnerCounts,
} from '../../../shared/partners';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NotFoundContent } from '../../components/NotFound';
import { PageHeader } from '../../components/PageHeader';
import { PartnerStatusBadge } from '../../components/PartnerStatusBadge';
import { isApiError } from '../../lib/api';
import { formatDate, formatDateTime } from '../../lib/format';
import { capabilities, useCurrentUser } from '../../lib/session';
import type { Partner } from '../../lib/types';
import { PartnerAccountsTab } from '../accounts/PartnerAccountsTab';
import { ActivitiesPanel } from '../activities/ActivitiesPanel';
import { PartnerCasesTab } from '../cases/PartnerCasesTab';
import { CommentsPanel } from '../comments/CommentsPanel';
import { ConsultantFormModal } from '../consultants/ConsultantFormModal';
import { ConsultantsTab } from '../consultants/ConsultantsTab';
import { PartnerForecastTab } from '../forecast/PartnerForecastTab';
import { EventTimeline } from '../history/EventTimeline';
import { useLeadCount } from '../leads/api';
import { EMPTY_FILTERS as NO_LEAD_FILTERS } from '../leads/filters';
import { LeadFormModal } from '../leads/LeadFormModal';
import { canWriteLeads, canWriteOpportunities } from '../opportunities/access';
import { OpportunityFormModal } from '../opportunities/OpportunityFormModal';
import {
  PartnerOpportunitiesTab,
  usePartnerOpportunityCount,
} from '../opportunities/PartnerOpportunitiesTab';
import { usePartner, usePartnerCounts, useRestorePartner, useStages } from './api';
import { countryName } from './countries';
import { DeletePartnerModal } from './DeletePartnerModal';
import { EditPartnerModal } from './EditPartnerModal';
import { websiteHref } from './links';
import { PartnerLeadsTab } from './PartnerLeadsTab';
import { LevelBadge } from './ProgramBadges';

type Tab =
  | 'consultants'
  | 'accounts'
  | 'cases'
  | 'leads'
  | 'opportunities'
  | 'forecasts'
  | 'activities'
  | 'comments'
  | 'history';

/** The partner's counts plus its leads and opportunities, which are counted on their own. */
type TabCounts = PartnerCounts & { leads?: number | undefined; opportunities?: number | undefined };

interface TabDef {
  value: Tab;
  label: string;
  icon: ReactNode;
  count?: (c: TabCounts) => number | undefined;
  hint?: (c: TabCounts) => string;
  internalOnly?: boolean;
}

const TAB_DEFS: TabDef[] = [
  {
    value: 'consultants',
    label: 'Consultants',
    icon: <IconUsers size={16} />,
    count: (c) => c.consultants,
  },
  {
    value: 'accounts',
    label: 'Managed accounts',
    icon: <IconBuilding size={16} />,
    count: (c) => c.accounts,
  },
  {
    value: 'cases',
    label: 'Cases',
    icon: <IconTicket size={16} />,
    count: (c) => c.cases,
    hint: (c) => `${c.openCases.toLocaleString()} open`,
  },
  { value: 'leads', label: 'Leads', icon: <IconUserSearch size={16} />, count: (c) => c.leads },
  {
    value: 'opportunities',
    label: 'Opportunities',
    icon: <IconTargetArrow size={16} />,
    count: (c) => c.opportunities,
  },
  // Internal users, and the partner's own admin (the only partner user who reaches this page).
  { value: 'forecasts', label: 'Partner forecasts', icon: <IconChartBar size={16} /> },
  {
    value: 'activities',
    label: 'Sales activities',
    icon: <IconBriefcase size={16} />,
    count: (c) => c.activities,
    internalOnly: true,
  },
  {
    value: 'comments',
    label: 'Comments',
    icon: <IconMessageCircle size={16} />,
    count: (c) => c.comments,
    internalOnly: true,
  },
  { value: 'history', label: 'History', icon: <IconHistory size={16} />, internalOnly: true },
];

export function PartnerDetailPage() {
  const { partnerId = '' } = useParams();
  const partner = usePartner(partnerId);

  if (partner.isError && isApiError(partner.error) && partner.error.status === 404) {
    return <NotFoundContent />;
  }
  const crumbs = [{ label: 'Partners', to: '/partners' }];
  if (partner.isPending) {
    return (
      <>
        <PageHeader breadcrumbs={crumbs} title={<Skeleton height={30} width={280} />} />
        <Skeleton height={220} radius="md" mb="lg" />
        <Skeleton height={36} width={520} mb="md" />
        <Skeleton height={200} radius="md" />
      </>
    );
  }
  if (partner.isError) {
    return (
      <>
        <PageHeader breadcrumbs={crumbs} title="Partner" />
        <ErrorAlert
          error={partner.error}
          title="Could not load this partner"
          onRetry={() => void partner.refetch()}
        />
      </>
    );
  }
  return <PartnerView partner={partner.data} />;
}

function PartnerView({ partner: p }: { partner: Partner }) {
  const user = useCurrentUser();
  const can = capabilities(user);
  const [params, setParams] = useSearchParams();
  const [editOpen, edit] = useDisclosure(false);
  const [deleteOpen, del] = useDisclosure(false);
  const [consultantOpen, consultant] = useDisclosure(false);
  const [leadOpen, leadForm] = useDisclosure(false);
  const [opportunityOpen, opportunityForm] = useDisclosure(false);
  const navigate = useNavigate();
  const partnerCounts = usePartnerCounts(p.id);
  const leadCount = useLeadCount({ ...NO_LEAD_FILTERS, partnerId: [p.id] });
  const opportunityCount = usePartnerOpportunityCount(p.id);
  const counts = {
    data: partnerCounts.data && {
      ...partnerCounts.data,
      leads: leadCount.data,
      opportunities: opportunityCount.data,
    },
  };
  const restore = useRestorePartner(p.id);

  const internal = !can.partnerUser;
  const archived = p.status === 'archived' || p.archivedAt !== null;
  const canEdit = p.abilities.update === true && !archived;
  // Delete archives an active partner; on an archived one it offers the permanent delete.
  const canDelete = p.abilities.delete === true || p.abilities.deletePermanently === true;
  const canRestore = p.abilities.restore === true;
  // Partner admins look after their own company's consultants.
  const canManageConsultants =
    !archived &&
    (p.abilities.update === true || (user.role === 'partner_admin' && user.partner?.id === p.id));
  // Seed 000: new leads and deals are started from the partner they come from.
  const canAddLead = !archived && canWriteLeads(user);
  const canAddOpportunity = !archived && canWriteOpportunities(user);

  const tabs = TAB_DEFS.filter((t) => internal || !t.internalOnly);
  const requested = params.get('tab');
  const tab: Tab = tabs.some((t) => t.value === requested) ? (requested as Tab) : 'consultants';
  const crumbs = internal ? [{ label: 'Partners', to: '/partners' }] : undefined;

  return (
    <>
      <PageHeader
        breadcrumbs={crumbs}
        title={
          <Group gap="sm" component="span" wrap="wrap">
            <span>{p.companyName}</span>
            <LevelBadge level={p.level} size="lg" />
            <PartnerStatusBadge status={p.status} />
          </Group>
        }
        description={[PARTNER_TYPE_LABELS[p.type], p.legalName].filter(Boolean).join(' · ')}
        documentTitle={p.companyName}
        actions={
          <>
            {canManageConsultants && (
              <Button
                variant="default"
                leftSection={<IconUserPlus size={16} />}
                onClick={consultant.open}
              >
                New consultant
              </Button>
            )}
            {canAddLead && (
              <Button
                variant="default"
                leftSection={<IconPlus size={16} />}
                onClick={leadForm.open}
              >
                New lead
              </Button>
            )}
            {canAddOpportunity && (
              <Button
                variant="default"
                leftSection={<IconPlus size={16} />}
                onClick={opportunityForm.open}
              >
                New opportunity
              </Button>
            )}
            {canEdit && (
              <Button leftSection={<IconPencil size={16} />} onClick={edit.open}>
                Edit
              </Button>
            )}
            {canDelete && (
              <Button
                variant="light"
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={del.open}
              >
                Delete
              </Button>
            )}
          </>
        }
      />

      {archived && (
        <Alert
          color="gray"
          variant="light"
          icon={<IconArchive size={18} />}
          mb="lg"
          title="This partner is archived"
        >
          <Group justify="space-between" gap="sm">
            <Text size="sm">
              {p.archivedAt ? `Archived on ${formatDateTime(p.archivedAt)}. ` : ''}
              It is hidden from the partner list and its users cannot log in. Everything attached to
              it is kept.
            </Text>
            {canRestore && (
              <Button
                size="xs"
                variant="white"
                onClick={() => restore.mutate()}
                loading={restore.isPending}
              >
                Restore
              </Button>
            )}
          </Group>
        </Alert>
      )}

      <HeaderCard partner={p} />

      <Tabs
        mt="lg"
        value={tab}
        onChange={(v) => setParams(v && v !== 'consultants' ? { tab: v } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          {tabs.map((t) => {
            const n = t.count && counts.data ? t.count(counts.data) : undefined;
            return (
              <Tabs.Tab
                key={t.value}
                value={t.value}
                leftSection={t.icon}
                rightSection={
                  n !== undefined ? (
                    <Tooltip
                      label={t.hint && counts.data ? t.hint(counts.data) : undefined}
                      disabled={!t.hint}
                      withArrow
                    >
                      <Badge
                        size="sm"
                        variant={tab === t.value ? 'filled' : 'light'}
                        circle={n < 10}
                      >
                        {n.toLocaleString()}
                      </Badge>
                    </Tooltip>
                  ) : undefined
                }
              >
                {t.label}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>

        <Tabs.Panel value="consultants">
          <ConsultantsTab partnerId={p.id} canEdit={canManageConsultants} />
        </Tabs.Panel>
        <Tabs.Panel value="accounts">
          <PartnerAccountsTab partnerId={p.id} />
        </Tabs.Panel>
        <Tabs.Panel value="cases">
          <PartnerCasesTab partnerId={p.id} />
        </Tabs.Panel>
        <Tabs.Panel value="leads">
          <PartnerLeadsTab partnerId={p.id} />
        </Tabs.Panel>
        <Tabs.Panel value="opportunities">
          <PartnerOpportunitiesTab partnerId={p.id} />
        </Tabs.Panel>
        <Tabs.Panel value="forecasts">
          <PartnerForecastTab partnerId={p.id} />
        </Tabs.Panel>
        {internal && (
          <>
            <Tabs.Panel value="activities">
              <ActivitiesPanel subjectType="partner" subjectId={p.id} />
            </Tabs.Panel>
            <Tabs.Panel value="comments">
              <CommentsPanel subjectType="partner" subjectId={p.id} />
            </Tabs.Panel>
            <Tabs.Panel value="history">
              <Card padding="lg">
                <EventTimeline subjectType="partner" subjectId={p.id} />
              </Card>
            </Tabs.Panel>
          </>
        )}
      </Tabs>

      {canEdit && <EditPartnerModal partner={p} opened={editOpen} onClose={edit.close} />}
      {canDelete && <DeletePartnerModal partner={p} opened={deleteOpen} onClose={del.close} />}
      {canManageConsultants && (
        <ConsultantFormModal partnerId={p.id} opened={consultantOpen} onClose={consultant.close} />
      )}
      {canAddLead && (
        <LeadFormModal opened={leadOpen} onClose={leadForm.close} initial={{ partnerId: p.id }} />
      )}
      {canAddOpportunity && (
        <OpportunityFormModal
          opened={opportunityOpen}
          onClose={opportunityForm.close}
          initial={{ partnerId: p.id }}
          onSaved={(o) =>
            notifications.show({
              color: 'teal',
              title: 'Opportunity created',
              message: (
                <Anchor
                  href={`/opportunities/${o.id}`}
                  size="sm"
                  fw={600}
                  onClick={(e) => {
                    // Notifications live outside the router: navigate by hand.
                    e.preventDefault();
                    void navigate(`/opportunities/${o.id}`);
                  }}
                >
                  {o.reference}: {o.name}
                </Anchor>
              ),
            })
          }
        />
      )}
    </>
  );
}

function InfoRow({
  icon,
  label,
  children,
}: {
  icon: ReactNode;
  label: string;
  children: ReactNode;
}) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start">
      <Box c="dimmed" mt={2} aria-hidden>
        {icon}
      </Box>
      <Box style={{ minWidth: 0 }}>
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        <Box fz="sm" style={{ overflowWrap: 'anywhere' }}>
          {children}
        </Box>
      </Box>
    </Group>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Text size="xs" c="dimmed" mb={2}>
        {label}
      </Text>
      <Box fz="sm">{children}</Box>
    </Box>
  );
}

const none = (text = 'Not set') => (
  <Text span size="sm" c="dimmed">
    {text}
  </Text>
);

function HeaderCard({ partner: p }: { partner: Partner }) {
  const stages = useStages();
  const address = [
    p.address.street,
    [p.address.postalCode, p.address.city].filter(Boolean).join(' '),
    p.address.region,
    countryName(p.address.countryCode),
  ].filter(Boolean);
  const today = new Date().toISOString().slice(0, 10);
  const reviewOverdue = p.nextReviewDate !== null && p.nextReviewDate < today;

  return (
    <Card padding="lg">
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Text fw={650} size="sm" mb="sm">
            Contact
          </Text>
          <Stack gap="sm">
            <InfoRow icon={<IconMail size={16} />} label="Email">
              {p.email ? <Anchor href={`mailto:${p.email}`}>{p.email}</Anchor> : none()}
            </InfoRow>
            <InfoRow icon={<IconPhone size={16} />} label="Phone">
              {p.phone ? (
                <Anchor href={`tel:${p.phone}`} c="inherit">
                  {p.phone}
                </Anchor>
              ) : (
                none()
              )}
            </InfoRow>
            <InfoRow icon={<IconWorld size={16} />} label="Website">
              {p.website ? (
                <Anchor href={websiteHref(p.website)} target="_blank" rel="noreferrer noopener">
                  {p.domain ?? p.website}
                </Anchor>
              ) : (
                none()
              )}
            </InfoRow>
            <InfoRow icon={<IconMapPin size={16} />} label="Address">
              {address.length > 0
                ? address.map((line) => (
                    <Text key={line} size="sm">
                      {line}
                    </Text>
                  ))
                : none()}
            </InfoRow>
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 7 }}>
          <Text fw={650} size="sm" mb="sm">
            Program
          </Text>
          <Grid gap="md">
            <Grid.Col span={{ base: 6, sm: 4 }}>
              <Fact label="Channel manager">
                {p.channelManager ? (
                  <>
                    <Text size="sm" fw={500}>
                      {p.channelManager.name}
                    </Text>
                    <Anchor href={`mailto:${p.channelManager.email}`} size="xs">
                      {p.channelManager.email}
                    </Anchor>
                  </>
                ) : (
                  none('Unassigned')
                )}
              </Fact>
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 4 }}>
              <Fact label="Level">
                <LevelBadge level={p.level} />
              </Fact>
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 4 }}>
              <Fact label="SLA tier">{SLA_TIER_LABELS[p.slaTier]}</Fact>
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 4 }}>
              <Fact label="Partner since">
                {p.partnershipDate ? formatDate(p.partnershipDate) : none()}
              </Fact>
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 4 }}>
              <Fact label="Last review">
                {p.lastReviewDate ? formatDate(p.lastReviewDate) : none('Never')}
              </Fact>
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 4 }}>
              <Fact label="Next review">
                {p.nextReviewDate ? (
                  <Text
                    span
                    size="sm"
                    c={reviewOverdue ? 'red' : undefined}
                    fw={reviewOverdue ? 600 : undefined}
                  >
                    {formatDate(p.nextReviewDate)}
                    {reviewOverdue && ' · overdue'}
                  </Text>
                ) : (
                  none('Not planned')
                )}
              </Fact>
            </Grid.Col>
            <Grid.Col span={12}>
              <Fact label="Tags">
                {p.tags.length > 0 ? (
                  <Group gap={6}>
                    {p.tags.map((t) => (
                      <Badge key={t} variant="outline" color="gray" tt="none" fw={500}>
                        {t}
                      </Badge>
                    ))}
                  </Group>
                ) : (
                  none('No tags')
                )}
              </Fact>
            </Grid.Col>
          </Grid>
        </Grid.Col>

        <Grid.Col span={12}>
          <StageProgress
            current={p.activationStage}
            stages={stages.data}
            loading={stages.isPending}
          />
        </Grid.Col>
      </Grid>
    </Card>
  );
}

/** The onboarding path, every stage in order, with the partner's current one highlighted. */
function StageProgress({
  current,
  stages,
  loading,
}: {
  current: Partner['activationStage'];
  stages: ActivationStage[] | undefined;
  loading: boolean;
}) {
  if (loading) return <Skeleton height={44} />;
  if (!stages || stages.length === 0) return null;
  const index = current ? stages.findIndex((s) => s.id === current.id) : -1;
  return (
    <Box>
      <Group justify="space-between" mb={6}>
        <Text fw={650} size="sm">
          Activation
        </Text>
        <Text size="xs" c="dimmed">
          {index >= 0 ? `Stage ${index + 1} of ${stages.length}` : 'Onboarding not started'}
        </Text>
      </Group>
      <Group gap={6} wrap="nowrap" component="ol" aria-label="Activation stages" p={0} m={0}>
        {stages.map((s, i) => {
          const done = i < index;
          const isCurrent = i === index;
          return (
            <Box
              key={s.id}
              component="li"
              aria-current={isCurrent ? 'step' : undefined}
              style={{ flex: 1, listStyle: 'none', minWidth: 0 }}
            >
              <Tooltip
                label={s.description || s.name}
                withArrow
                openDelay={300}
                multiline
                maw={260}
              >
                <Box
                  h={8}
                  style={{
                    borderRadius: 999,
                    background:
                      done || isCurrent
                        ? 'var(--mantine-primary-color-filled)'
                        : 'var(--mantine-color-default-border)',
                    opacity: done ? 0.55 : 1,
                  }}
                />
              </Tooltip>
              <Text
                size="xs"
                mt={6}
                fw={isCurrent ? 700 : 400}
                c={isCurrent ? undefined : 'dimmed'}
                truncate
              >
                {s.name}
                {isCurrent && ' (current)'}
              </Text>
            </Box>
          );
        })}
      </Group>
    </Box>
  );
}
