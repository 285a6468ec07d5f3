import { BarChart } from '@mantine/charts';
import {
  Anchor,
  Card,
  DataList,
  Grid,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Tabs,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconChartBar, IconHistory } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { isPartnerRole } from '../../../shared/role-names';
import { openConfirm } from '../../components/confirm';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { EditDeleteActions, recordGate } from '../../components/RecordPage';
import { RelativeTime } from '../../components/RelativeTime';
import { errorMessage } from '../../lib/api';
import { useCurrentUser } from '../../lib/session';
import { EventTimeline } from '../history/EventTimeline';
import { picklistLabel, useSalesSetup } from '../sales-setup/useSalesSetup';
import {
  useCampaign,
  useCampaignSummary,
  useDeleteCampaign,
  type Campaign,
  type CampaignSummary,
} from './api';
import { CampaignFormModal } from './CampaignFormModal';
import { CampaignStatusBadge, dateRange, money, percent } from './format';

const KIND_COLORS: Record<string, string> = { open: 'blue.5', won: 'teal.6', lost: 'red.5' };

function Field({ label, value }: { label: string; value: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{value ?? '—'}</DataList.ItemValue>
    </DataList.Item>
  );
}

function Figure({ label, value, hint }: { label: string; value: ReactNode; hint?: ReactNode }) {
  return (
    <Card padding="md">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text fz={24} fw={700} lh={1.3}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

export function CampaignDetailPage() {
  const { campaignId = '' } = useParams();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const query = useCampaign(campaignId);
  const remove = useDeleteCampaign();
  const setup = useSalesSetup();
  const [editOpen, editModal] = useDisclosure(false);
  const crumbs = [{ label: 'Campaigns', to: '/campaigns' }];

  const gate = recordGate(query, crumbs, 'Campaign');
  if (gate.view) return gate.view;
  const c = gate.data;
  // A partner sees the history of their own company's campaigns only.
  const seesHistory = !isPartnerRole(me.role) || c.partnerId === me.partner?.id;
  const tab = params.get('tab') === 'history' && seesHistory ? 'history' : 'results';

  const confirmDelete = () =>
    openConfirm({
      title: `Delete “${c.name}”?`,
      message:
        'Only a campaign no lead or opportunity came from can be deleted; otherwise mark it completed or aborted.',
      confirmLabel: 'Delete campaign',
      danger: true,
      onConfirm: () =>
        remove.mutate(c.id, {
          onSuccess: () => {
            notifications.show({ color: 'teal', title: 'Campaign deleted', message: c.name });
            void navigate('/campaigns');
          },
          onError: (e) =>
            notifications.show({
              color: 'red',
              title: `Could not delete “${c.name}”`,
              message: errorMessage(e),
              autoClose: false,
            }),
        }),
    });

  return (
    <>
      <PageHeader
        breadcrumbs={crumbs}
        title={
          <Group gap="sm" component="span">
            <span>{c.name}</span>
            <CampaignStatusBadge status={c.status} />
          </Group>
        }
        documentTitle={c.name}
        description={`${picklistLabel(setup.data, 'campaign_type', c.type)} · ${dateRange(c.startDate, c.endDate)}${c.partner ? ` · ${c.partner.name}` : ''}`}
        actions={
          <EditDeleteActions
            abilities={c.abilities}
            onEdit={editModal.open}
            onDelete={confirmDelete}
            deleting={remove.isPending}
          />
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Tabs
            value={tab}
            onChange={(v) => setParams(v && v !== 'results' ? { tab: v } : {}, { replace: true })}
            keepMounted={false}
          >
            <Tabs.List mb="lg">
              <Tabs.Tab value="results" leftSection={<IconChartBar size={16} />}>
                Results
              </Tabs.Tab>
              {seesHistory && (
                <Tabs.Tab value="history" leftSection={<IconHistory size={16} />}>
                  History
                </Tabs.Tab>
              )}
            </Tabs.List>
            <Tabs.Panel value="results">
              <Results campaign={c} partnerView={isPartnerRole(me.role)} />
            </Tabs.Panel>
            {seesHistory && (
              <Tabs.Panel value="history">
                <Card padding="lg">
                  <EventTimeline subjectType="campaign" subjectId={c.id} />
                </Card>
              </Tabs.Panel>
            )}
          </Tabs>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Card padding="lg">
            <DataList labelWidth={110}>
              <Field label="Type" value={picklistLabel(setup.data, 'campaign_type', c.type)} />
              <Field label="Status" value={<CampaignStatusBadge status={c.status} />} />
              <Field label="Dates" value={dateRange(c.startDate, c.endDate)} />
              <Field
                label="Budget"
                value={
                  c.budget === null && isPartnerRole(me.role) && !c.partnerId
                    ? 'Not shown'
                    : money(c.budget, c.currency)
                }
              />
              <Field label="Owner" value={c.owner?.name} />
              <Field
                label="Partner"
                value={
                  c.partner ? (
                    isPartnerRole(me.role) ? (
                      c.partner.name
                    ) : (
                      <Anchor component={Link} to={`/partners/${c.partner.id}`}>
                        {c.partner.name}
                      </Anchor>
                    )
                  ) : (
                    'Vendor campaign'
                  )
                }
              />
              <Field label="Last change" value={<RelativeTime iso={c.updatedAt} />} />
            </DataList>
            <Text fw={600} size="sm" mt="lg" mb={4}>
              Description
            </Text>
            <Text
              size="sm"
              c={c.description ? undefined : 'dimmed'}
              style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
            >
              {c.description || 'No description.'}
            </Text>
          </Card>
        </Grid.Col>
      </Grid>
      <CampaignFormModal opened={editOpen} onClose={editModal.close} campaign={c} />
    </>
  );
}

function Results({ campaign, partnerView }: { campaign: Campaign; partnerView: boolean }) {
  const q = useCampaignSummary(campaign.id);
  if (q.isError) {
    return (
      <ErrorAlert
        error={q.error}
        title="Could not load the results"
        onRetry={() => void q.refetch()}
      />
    );
  }
  if (!q.data) {
    return (
      <Stack>
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} height={86} />
          ))}
        </SimpleGrid>
        <Skeleton height={240} />
      </Stack>
    );
  }
  return <ResultsView s={q.data} partnerView={partnerView} />;
}

function ResultsView({ s, partnerView }: { s: CampaignSummary; partnerView: boolean }) {
  const cur = s.currency;
  const funnel = [
    { step: 'Leads', Records: s.leads, color: 'blue.4' },
    { step: 'Converted', Records: s.convertedLeads, color: 'blue.6' },
    { step: 'Opportunities', Records: s.opportunities, color: 'indigo.5' },
    { step: 'Won', Records: s.wonCount, color: 'teal.6' },
  ];
  return (
    <Stack gap="lg">
      {partnerView && (
        <Text size="sm" c="dimmed">
          The figures count your own leads and opportunities from this campaign.
        </Text>
      )}
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Figure
          label="Leads"
          value={s.leads.toLocaleString()}
          hint={`${s.convertedLeads.toLocaleString()} converted (${percent(s.conversionRate)})`}
        />
        <Figure
          label="Opportunities"
          value={s.opportunities.toLocaleString()}
          hint={`${s.openOpportunities.toLocaleString()} open · win rate ${percent(s.winRate)}`}
        />
        <Figure
          label="Won"
          value={money(s.wonAmount, cur, true)}
          hint={`${s.wonCount.toLocaleString()} ${s.wonCount === 1 ? 'deal' : 'deals'}`}
        />
        <Figure
          label="Open pipeline"
          value={money(s.openPipeline, cur, true)}
          hint={`${money(s.weightedPipeline, cur, true)} weighted`}
        />
        {s.budget !== null && (
          <>
            <Figure label="Budget" value={money(s.budget, cur, true)} hint={`in ${cur}`} />
            <Figure label="Cost per lead" value={money(s.costPerLead, cur)} />
            <Figure label="Cost per converted lead" value={money(s.costPerConvertedLead, cur)} />
            <Figure
              label="Return"
              value={s.roi === null ? '—' : percent(s.roi)}
              hint="(won − budget) ÷ budget"
            />
          </>
        )}
      </SimpleGrid>
      {s.leads === 0 && s.opportunities === 0 ? (
        <Card padding="lg">
          <EmptyState
            title="Nothing attributed yet"
            description="Leads and opportunities that name this campaign are counted here."
          />
        </Card>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Card padding="lg">
            <Text fw={600} mb="sm">
              Funnel
            </Text>
            <BarChart
              h={4 * 40 + 40}
              data={funnel}
              dataKey="step"
              orientation="vertical"
              series={[{ name: 'Records', color: 'blue.5' }]}
              gridAxis="x"
              tickLine="none"
              withBarValueLabel
              withTooltip={false}
              valueFormatter={(n) => n.toLocaleString()}
              barProps={{ radius: [0, 4, 4, 0], maxBarSize: 24 }}
              barChartProps={{ margin: { right: 40 } }}
              xAxisProps={{ allowDecimals: false }}
              yAxisProps={{ width: 100, tick: { fontSize: 12 } }}
              aria-label="Leads, conversions, opportunities and won deals"
            />
          </Card>
          <Card padding="lg">
            <Text fw={600} mb="sm">
              Opportunities by stage ({cur})
            </Text>
            {s.opportunitiesByStage.length === 0 ? (
              <EmptyState title="No opportunities yet" />
            ) : (
              <BarChart
                h={Math.max(160, s.opportunitiesByStage.length * 34 + 40)}
                data={s.opportunitiesByStage.map((r) => ({
                  stage: r.label,
                  Amount: Number(r.amount),
                  color: KIND_COLORS[r.kind] ?? 'gray.5',
                }))}
                dataKey="stage"
                orientation="vertical"
                series={[{ name: 'Amount', color: 'blue.5' }]}
                gridAxis="x"
                tickLine="none"
                valueFormatter={(n) => money(String(n), cur, true)}
                barProps={{ radius: [0, 4, 4, 0], maxBarSize: 22 }}
                barChartProps={{ margin: { right: 16 } }}
                yAxisProps={{ width: 110, tick: { fontSize: 12 } }}
                aria-label="Opportunity amounts by stage"
              />
            )}
          </Card>
        </SimpleGrid>
      )}
      {s.leadsByStatus.length > 0 && (
        <Card padding="lg">
          <Text fw={600} mb="xs">
            Leads by status
          </Text>
          <Group gap="lg">
            {s.leadsByStatus.map((r) => (
              <Stack key={r.key} gap={0}>
                <Text size="xs" c="dimmed">
                  {r.label}
                </Text>
                <Text fw={700}>{r.count.toLocaleString()}</Text>
              </Stack>
            ))}
          </Group>
        </Card>
      )}
    </Stack>
  );
}
