import { BarChart } from '@mantine/charts';
import { Card, Group, Progress, Skeleton, Stack, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import {
  RATING_LABELS,
  RATINGS,
  type Rating,
  type ScoreDistribution,
} from '../../../shared/scoring';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RelativeTime } from '../../components/RelativeTime';
import { rescoreRunning, useScoreDistribution } from './api';

export const RATING_COLORS: Record<Rating, string> = {
  hot: 'red.6',
  warm: 'orange.5',
  cold: 'blue.5',
};

/** How leads are spread over the ratings and over scores, and how far a rescore has got. */
export function ScoreDistributionCard({ hotMin, warmMin }: { hotMin?: number; warmMin?: number }) {
  const q = useScoreDistribution();
  const queryClient = useQueryClient();
  const running = rescoreRunning(q.data);
  // When a rescore finishes, lead lists (which show ratings) are stale.
  const wasRunning = useRef(false);
  useEffect(() => {
    if (wasRunning.current && !running) void queryClient.invalidateQueries({ queryKey: ['leads'] });
    wasRunning.current = running;
  }, [running, queryClient]);

  return (
    <Card padding="lg" component="section" aria-label="Distribution">
      <Text fw={650} size="lg" component="h2" m={0} mb={4}>
        Distribution
      </Text>
      {q.isError ? (
        <ErrorAlert
          error={q.error}
          title="Could not load the distribution"
          onRetry={() => void q.refetch()}
        />
      ) : !q.data ? (
        <Stack>
          <Skeleton height={16} w="60%" />
          <Skeleton height={160} />
          <Skeleton height={200} />
        </Stack>
      ) : (
        <Stack gap="lg">
          <RescoreStatus d={q.data} />
          {q.data.total === 0 ? (
            <EmptyState
              title="No leads yet"
              description="Once leads come in, this shows how many are hot, warm and cold."
            />
          ) : (
            <>
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  Leads per rating
                </Text>
                <BarChart
                  h={160}
                  data={RATINGS.map((r) => ({
                    rating: RATING_LABELS[r],
                    Leads: q.data.byRating[r],
                    color: RATING_COLORS[r],
                  }))}
                  dataKey="rating"
                  orientation="vertical"
                  series={[{ name: 'Leads', color: 'gray.5' }]}
                  gridAxis="x"
                  tickLine="none"
                  withTooltip={false}
                  withBarValueLabel
                  valueFormatter={(n) => n.toLocaleString()}
                  barProps={{ radius: [0, 4, 4, 0], maxBarSize: 28 }}
                  barChartProps={{ margin: { right: 48 } }}
                  xAxisProps={{ allowDecimals: false }}
                  yAxisProps={{ width: 50 }}
                  aria-label="Leads per rating"
                />
              </Stack>
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  Leads per score
                </Text>
                <Text size="xs" c="dimmed">
                  Ten-point bands, coloured by the rating most of the band falls into.
                </Text>
                <BarChart
                  h={200}
                  data={q.data.buckets.map((b) => ({
                    score: `${b.from}–${b.from + 9}`,
                    Leads: b.count,
                    color: bandColor(b.from, hotMin, warmMin),
                  }))}
                  dataKey="score"
                  series={[{ name: 'Leads', color: 'gray.5' }]}
                  tickLine="none"
                  valueFormatter={(n) => n.toLocaleString()}
                  barProps={{ radius: [4, 4, 0, 0] }}
                  xAxisProps={{ interval: 'preserveStartEnd', tick: { fontSize: 11 } }}
                  yAxisProps={{ allowDecimals: false, width: 50 }}
                  aria-label="Leads per score band"
                />
              </Stack>
              <Text size="xs" c="dimmed">
                {q.data.total.toLocaleString()} leads in all.
              </Text>
            </>
          )}
        </Stack>
      )}
    </Card>
  );
}

function bandColor(from: number, hotMin?: number, warmMin?: number) {
  const mid = from + 5;
  if (hotMin !== undefined && mid >= hotMin) return RATING_COLORS.hot;
  if (warmMin !== undefined && mid >= warmMin) return RATING_COLORS.warm;
  return RATING_COLORS.cold;
}

function RescoreStatus({ d }: { d: ScoreDistribution }) {
  const job = d.rescore;
  if (!job) {
    return (
      <Text size="sm" c="dimmed">
        Leads have not been rescored since the rules were set up.
      </Text>
    );
  }
  if (job.status === 'queued' || job.status === 'running') {
    const pct = job.total > 0 ? Math.round((job.done / job.total) * 100) : 0;
    return (
      <Stack gap={4} role="status" aria-label="Rescoring progress">
        <Group justify="space-between">
          <Text size="sm" fw={600}>
            {job.status === 'queued' ? 'Rescoring is about to start…' : 'Rescoring leads…'}
          </Text>
          <Text size="sm" c="dimmed">
            {job.total > 0
              ? `${job.done.toLocaleString()} of ${job.total.toLocaleString()}`
              : 'waiting'}
          </Text>
        </Group>
        <Progress
          value={job.status === 'queued' ? 100 : pct}
          striped
          animated
          aria-label={`${pct}% rescored`}
        />
      </Stack>
    );
  }
  if (job.status === 'failed' || job.status === 'cancelled') {
    return (
      <Text size="sm" c="red">
        The last rescore stopped after {job.done.toLocaleString()} of {job.total.toLocaleString()}{' '}
        leads. Start it again with “Rescore all leads”.
      </Text>
    );
  }
  return (
    <Text size="sm" c="dimmed" role="status">
      All {job.total.toLocaleString()} leads rescored <RelativeTime iso={job.finishedAt} />.
    </Text>
  );
}
