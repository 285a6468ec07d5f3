import { BarChart } from '@mantine/charts';
import {
  Badge,
  Card,
  Grid,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Tooltip,
} from '@mantine/core';
import {
  IconArrowDownRight,
  IconArrowUpRight,
  IconChartBar,
  IconEqual,
  IconInfoCircle,
} from '@tabler/icons-react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatMoney } from '../opportunities/format';
import { usePartnerForecast, type ForecastMetric, type PartnerForecast } from './api';

/** "2026-Q4" → "Q4 2026" */
const quarterLabel = (q: string) => {
  const m = /^(\d{4})-Q([1-4])$/.exec(q);
  return m ? `Q${m[2]} ${m[1]}` : q;
};

function compactMoney(v: number, currency: string) {
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      notation: 'compact',
      maximumFractionDigits: 1,
    }).format(v);
  } catch {
    return v.toLocaleString();
  }
}

/** Decimal strings from the API, as numbers for drawing only. */
const num = (s: string | null | undefined) => {
  const n = Number(s);
  return Number.isFinite(n) ? n : 0;
};

const percent = (v: number) => `${(v * 100).toFixed(v * 100 < 10 ? 1 : 0)}%`;
const days = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} days`;

/**
 * Seed 000's "Partner Forecasts" tab: where this partner's pipeline and closing habits stand
 * against the median partner of the network, so a channel manager sees at a glance who is ahead.
 */
export function PartnerForecastTab({ partnerId }: { partnerId: string }) {
  const forecast = usePartnerForecast(partnerId);

  if (forecast.isPending) {
    return (
      <Stack gap="lg" aria-busy="true" aria-label="Loading the forecast">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} height={132} radius="md" />
          ))}
        </SimpleGrid>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Skeleton height={340} radius="md" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Skeleton height={340} radius="md" />
          </Grid.Col>
        </Grid>
      </Stack>
    );
  }
  if (forecast.isError) {
    return (
      <ErrorAlert
        error={forecast.error}
        title="Could not load the forecast"
        onRetry={() => void forecast.refetch()}
      />
    );
  }
  return <ForecastView f={forecast.data} />;
}

function ForecastView({ f }: { f: PartnerForecast }) {
  const base = f.baseCurrency;
  // Tooltips show the amount; the axis a short, evenly styled scale ("€6.5K", "€26K").
  const money = (v: number) => formatMoney(v.toFixed(2), base);
  const axis = (v: number) => compactMoney(v, base);
  const pipelineData = f.quarters.map((q) => ({
    quarter: quarterLabel(q.quarter),
    partner: num(q.weighted),
    median: num(q.networkMedianWeighted),
  }));
  const commitData = f.quarters.map((q) => ({
    quarter: quarterLabel(q.quarter),
    committed: num(q.committed),
    bestCase: num(q.bestCase),
    pipeline: num(q.pipeline),
  }));
  const noPipeline = f.quarters.every((q) => num(q.pipeline) === 0 && num(q.weighted) === 0);
  const noNetwork = f.quarters.every((q) => num(q.networkMedianWeighted) === 0);

  return (
    <Stack gap="lg">
      <Group justify="space-between" gap="xs">
        <Text size="sm" c="dimmed">
          Amounts in {base}, the base currency. Each figure is set beside the median of the
          network’s {f.networkSize.toLocaleString()} active{' '}
          {f.networkSize === 1 ? 'partner' : 'partners'} (those with data for it); closing metrics
          cover the last 12 months.
        </Text>
      </Group>

      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} role="list" aria-label="Forecast metrics">
        <MetricCard
          label="Win rate"
          metric={f.winRate}
          format={percent}
          better="higher"
          sample={(n) => `${n.toLocaleString()} closed ${n === 1 ? 'deal' : 'deals'}`}
          hint="Won ÷ (won + lost) deals closed in the last 12 months"
        />
        <MetricCard
          label="Average deal size"
          metric={f.averageDealSize}
          format={(v) => formatMoney(String(v), base, { compact: true })}
          better="higher"
          sample={(n) => `${n.toLocaleString()} won ${n === 1 ? 'deal' : 'deals'}`}
          hint="Won amount ÷ won deals, in the base currency"
        />
        <MetricCard
          label="Average sales cycle"
          metric={f.averageSalesCycleDays}
          format={days}
          better="lower"
          sample={(n) => `${n.toLocaleString()} won ${n === 1 ? 'deal' : 'deals'}`}
          hint="Days from creating a deal to winning it"
        />
        <MetricCard
          label="Lead conversion rate"
          metric={f.leadConversionRate}
          format={percent}
          better="higher"
          sample={(n) => `${n.toLocaleString()} closed ${n === 1 ? 'lead' : 'leads'}`}
          hint="Converted ÷ (converted + closed) leads assigned to the partner"
        />
      </SimpleGrid>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card padding="lg" h="100%">
            <ChartTitle
              title="Weighted pipeline per quarter"
              hint="Open amounts closing in the quarter × stage probability"
            />
            {noPipeline && noNetwork ? (
              <NoPipeline />
            ) : (
              <BarChart
                h={280}
                data={pipelineData}
                dataKey="quarter"
                series={[
                  { name: 'partner', label: 'This partner', color: 'conduit.6' },
                  { name: 'median', label: 'Network median', color: 'gray.5' },
                ]}
                withLegend
                legendProps={{ verticalAlign: 'bottom', height: 40 }}
                valueFormatter={money}
                tickLine="none"
                gridAxis="y"
                maxBarWidth={44}
                yAxisProps={{ width: 64, tickFormatter: axis }}
                aria-label="Weighted pipeline per quarter, this partner against the network median"
              />
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card padding="lg" h="100%">
            <ChartTitle
              title="Committed vs. best case"
              hint="Committed: open deals in commit stages. Best case: commit plus best-case stages. Pipeline: every open deal."
            />
            {noPipeline ? (
              <NoPipeline />
            ) : (
              <BarChart
                h={280}
                data={commitData}
                dataKey="quarter"
                series={[
                  { name: 'committed', label: 'Committed', color: 'teal.6' },
                  { name: 'bestCase', label: 'Best case', color: 'yellow.6' },
                  { name: 'pipeline', label: 'Pipeline', color: 'blue.3' },
                ]}
                withLegend
                legendProps={{ verticalAlign: 'bottom', height: 40 }}
                valueFormatter={money}
                tickLine="none"
                gridAxis="y"
                maxBarWidth={28}
                yAxisProps={{ width: 64, tickFormatter: axis }}
                aria-label="Committed, best case and total pipeline per quarter"
              />
            )}
          </Card>
        </Grid.Col>
      </Grid>

      <QuarterTable f={f} />
    </Stack>
  );
}

function ChartTitle({ title, hint }: { title: string; hint: string }) {
  return (
    <Group gap={6} mb="md" wrap="nowrap">
      <Text fw={650} size="sm">
        {title}
      </Text>
      <Tooltip label={hint} multiline w={280} withArrow>
        <IconInfoCircle size={15} color="var(--mantine-color-dimmed)" aria-label={hint} />
      </Tooltip>
    </Group>
  );
}

function NoPipeline() {
  return (
    <EmptyState
      icon={<IconChartBar size={26} stroke={1.5} />}
      title="No open pipeline in these quarters"
      description="Open opportunities assigned to this partner, closing in the current or next two quarters, show up here."
    />
  );
}

/** The numbers behind the charts, for those who read tables (and screen readers). */
function QuarterTable({ f }: { f: PartnerForecast }) {
  const m = (s: string) => formatMoney(s, f.baseCurrency);
  const heads = ['Weighted', 'Network median', 'Committed', 'Best case', 'Pipeline'];
  return (
    <Card padding={0}>
      <Text fw={650} size="sm" px="lg" pt="md" pb="xs">
        By quarter
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table aria-label="Forecast by quarter" highlightOnHover={false}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th pl="lg">Quarter</Table.Th>
              {heads.map((h) => (
                <Table.Th key={h} ta="right">
                  {h}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {f.quarters.map((q) => (
              <Table.Tr key={q.quarter}>
                <Table.Td pl="lg" fw={500}>
                  {quarterLabel(q.quarter)}
                </Table.Td>
                {[q.weighted, q.networkMedianWeighted, q.committed, q.bestCase, q.pipeline].map(
                  (v, i) => (
                    <Table.Td
                      key={heads[i]}
                      ta="right"
                      fw={i === 0 ? 600 : undefined}
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {m(v)}
                    </Table.Td>
                  ),
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

function MetricCard({
  label,
  metric,
  format,
  better,
  sample,
  hint,
}: {
  label: string;
  metric: ForecastMetric;
  format: (v: number) => string;
  better: 'higher' | 'lower';
  sample: (n: number) => string;
  hint: string;
}) {
  const { value, networkMedian } = metric;
  const has = value !== null && Number.isFinite(value);
  const hasMedian = networkMedian !== null && Number.isFinite(networkMedian);
  let trend: 'up' | 'down' | 'same' | null = null;
  if (has && hasMedian) {
    const diff = value - networkMedian;
    const tolerance = Math.abs(networkMedian) * 0.005;
    trend = Math.abs(diff) <= tolerance ? 'same' : diff > 0 ? 'up' : 'down';
  }
  const good = trend === 'same' ? null : (trend === 'up') === (better === 'higher');
  const trendText =
    trend === null
      ? null
      : trend === 'same'
        ? 'On the network median'
        : `${trend === 'up' ? 'Above' : 'Below'} the network median`;
  return (
    <Card padding="md" role="listitem" aria-label={label}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Group gap={4} wrap="nowrap">
          <Text size="sm" c="dimmed" fw={500}>
            {label}
          </Text>
          <Tooltip label={hint} multiline w={240} withArrow>
            <IconInfoCircle size={14} color="var(--mantine-color-dimmed)" aria-label={hint} />
          </Tooltip>
        </Group>
        {trend && (
          <Tooltip label={trendText} withArrow>
            <ThemeIcon
              size="sm"
              radius="xl"
              variant="light"
              color={trend === 'same' ? 'gray' : good ? 'teal' : 'red'}
              aria-label={trendText ?? undefined}
              role="img"
            >
              {trend === 'up' ? (
                <IconArrowUpRight size={14} />
              ) : trend === 'down' ? (
                <IconArrowDownRight size={14} />
              ) : (
                <IconEqual size={14} />
              )}
            </ThemeIcon>
          </Tooltip>
        )}
      </Group>
      {has ? (
        <Text fz={26} fw={700} lh={1.25} mt={6} data-testid={`metric-${label}`}>
          {format(value)}
        </Text>
      ) : (
        <Text fz="lg" fw={600} c="dimmed" lh={1.25} mt={10} mb={4} data-testid={`metric-${label}`}>
          No data yet
        </Text>
      )}
      <Group gap={6} mt={4} wrap="wrap">
        <Text size="xs" c="dimmed">
          Network median:
        </Text>
        <Badge size="sm" variant="light" color="gray" tt="none">
          {hasMedian ? format(networkMedian) : 'No data yet'}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" mt={6}>
        {metric.sample > 0 ? `Based on ${sample(metric.sample)}` : 'Nothing closed yet'}
        {metric.networkSample > 0 &&
          ` · median of ${metric.networkSample.toLocaleString()} ${
            metric.networkSample === 1 ? 'partner' : 'partners'
          }`}
      </Text>
    </Card>
  );
}
