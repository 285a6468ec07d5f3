import { BarChart } from '@mantine/charts';
import {
  Anchor,
  Card,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { IconChevronDown, IconChevronUp, IconSelector } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { AttributionGroup, AttributionRow } from '../../../shared/campaigns';
import { isPartnerRole } from '../../../shared/role-names';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../../lib/session';
import { useAttribution } from './api';
import { money, percent } from './format';

type SortKey =
  | 'name'
  | 'leads'
  | 'convertedLeads'
  | 'conversionRate'
  | 'opportunities'
  | 'wonCount'
  | 'wonAmount';
const COLUMNS: { key: SortKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'Name', numeric: false },
  { key: 'leads', label: 'Leads', numeric: true },
  { key: 'convertedLeads', label: 'Converted', numeric: true },
  { key: 'conversionRate', label: 'Conversion', numeric: true },
  { key: 'opportunities', label: 'Opportunities', numeric: true },
  { key: 'wonCount', label: 'Won deals', numeric: true },
  { key: 'wonAmount', label: 'Won amount', numeric: true },
];
/** The chart shows the leaders; the table has everyone. */
const CHART_ROWS = 12;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const value = (r: AttributionRow, k: SortKey): string | number =>
  k === 'name' ? r.name.toLowerCase() : k === 'wonAmount' ? Number(r.wonAmount) : (r[k] ?? -1);

/** Which campaigns and which partners bring leads, conversions and won business. */
export function AttributionPage() {
  const me = useCurrentUser();
  const partnerUser = isPartnerRole(me.role);
  const [params, setParams] = useSearchParams();
  const groupBy: AttributionGroup =
    !partnerUser && params.get('groupBy') === 'partner' ? 'partner' : 'campaign';
  const from = DATE.test(params.get('from') ?? '') ? params.get('from')! : undefined;
  const to = DATE.test(params.get('to') ?? '') ? params.get('to')! : undefined;
  const set = (key: string, v: string | null) =>
    setParams(
      (p) => {
        const q = new URLSearchParams(p);
        if (v) q.set(key, v);
        else q.delete(key);
        return q;
      },
      { replace: true },
    );
  const q = useAttribution({ groupBy, ...(from ? { from } : {}), ...(to ? { to } : {}) });
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({
    key: 'wonAmount',
    desc: true,
  });

  const rows = useMemo(() => {
    const data = [...(q.data?.rows ?? [])];
    data.sort((a, b) => {
      const x = value(a, sort.key);
      const y = value(b, sort.key);
      const c = x < y ? -1 : x > y ? 1 : 0;
      return sort.desc ? -c : c;
    });
    return data;
  }, [q.data, sort]);

  const cur = q.data?.currency ?? 'EUR';
  const chart = (q.data?.rows ?? [])
    .filter((r) => Number(r.wonAmount) > 0)
    .slice(0, CHART_ROWS)
    .map((r) => ({ name: r.name, 'Won amount': Number(r.wonAmount) }));
  const link = (r: AttributionRow) =>
    groupBy === 'campaign' ? `/campaigns/${r.id}` : `/partners/${r.id}`;
  const badRange = !!from && !!to && to < from;

  return (
    <>
      <PageHeader
        title="Attribution"
        description={
          partnerUser
            ? 'What your leads and deals came from, per campaign.'
            : 'Leads, conversions and won business per campaign or per partner, for records created in the period.'
        }
      />
      <Card padding="md" mb="lg">
        <Group gap="md" align="flex-end" wrap="wrap">
          {!partnerUser && (
            <Stack gap={4}>
              <Text size="sm" fw={500} id="attribution-group">
                Group by
              </Text>
              <SegmentedControl
                aria-labelledby="attribution-group"
                data={[
                  { value: 'campaign', label: 'Campaign' },
                  { value: 'partner', label: 'Partner' },
                ]}
                value={groupBy}
                onChange={(v) => set('groupBy', v === 'campaign' ? null : v)}
              />
            </Stack>
          )}
          <TextInput
            label="Created from"
            type="date"
            value={from ?? ''}
            onChange={(e) => set('from', e.currentTarget.value || null)}
            w={170}
          />
          <TextInput
            label="to"
            type="date"
            value={to ?? ''}
            min={from}
            onChange={(e) => set('to', e.currentTarget.value || null)}
            error={badRange ? 'Before the start' : undefined}
            w={170}
          />
          {(from || to) && (
            <Anchor
              component="button"
              type="button"
              size="sm"
              mb={8}
              onClick={() => setParams(groupBy === 'partner' ? { groupBy } : {}, { replace: true })}
            >
              All time
            </Anchor>
          )}
        </Group>
      </Card>

      {q.isError ? (
        <ErrorAlert
          error={q.error}
          title="Could not load the report"
          onRetry={() => void q.refetch()}
        />
      ) : !q.data ? (
        <Stack>
          <Skeleton height={260} />
          <Skeleton height={200} />
        </Stack>
      ) : q.data.rows.length === 0 ? (
        <Card padding="lg">
          <EmptyState
            title="Nothing to attribute in this period"
            description={
              groupBy === 'campaign'
                ? 'No lead or opportunity created in the period names a campaign.'
                : 'No lead or opportunity created in the period is assigned to a partner.'
            }
          />
        </Card>
      ) : (
        <Stack gap="lg">
          <Card padding="lg">
            <Text fw={600} mb={4}>
              Won amount by {groupBy} ({cur})
            </Text>
            {chart.length === 0 ? (
              <Text size="sm" c="dimmed">
                No won deals yet in this period.
              </Text>
            ) : (
              <BarChart
                h={chart.length * 36 + 40}
                data={chart}
                dataKey="name"
                orientation="vertical"
                series={[{ name: 'Won amount', color: 'teal.6' }]}
                gridAxis="x"
                tickLine="none"
                valueFormatter={(n) => money(String(n), cur, true)}
                withBarValueLabel
                barProps={{ radius: [0, 4, 4, 0], maxBarSize: 24 }}
                barChartProps={{ margin: { right: 64 } }}
                yAxisProps={{ width: 170, tick: { fontSize: 12 } }}
                aria-label={`Won amount by ${groupBy}`}
              />
            )}
            {q.data.rows.filter((r) => Number(r.wonAmount) > 0).length > CHART_ROWS && (
              <Text size="xs" c="dimmed" mt="xs">
                The top {CHART_ROWS} are shown; the table lists all.
              </Text>
            )}
          </Card>
          <Card padding={0}>
            <Table.ScrollContainer minWidth={760}>
              <Table highlightOnHover verticalSpacing="sm" aria-label="Attribution">
                <Table.Thead>
                  <Table.Tr>
                    {COLUMNS.map((col) => (
                      <Table.Th
                        key={col.key}
                        ta={col.numeric ? 'right' : undefined}
                        aria-sort={
                          sort.key === col.key ? (sort.desc ? 'descending' : 'ascending') : 'none'
                        }
                      >
                        <UnstyledButton
                          onClick={() =>
                            setSort((s) =>
                              s.key === col.key
                                ? { key: col.key, desc: !s.desc }
                                : { key: col.key, desc: col.numeric },
                            )
                          }
                          style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
                        >
                          <Text size="sm" fw={600}>
                            {col.key === 'name'
                              ? groupBy === 'campaign'
                                ? 'Campaign'
                                : 'Partner'
                              : col.label}
                          </Text>
                          {sort.key === col.key ? (
                            sort.desc ? (
                              <IconChevronDown size={14} />
                            ) : (
                              <IconChevronUp size={14} />
                            )
                          ) : (
                            <IconSelector size={14} opacity={0.4} />
                          )}
                        </UnstyledButton>
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>
                        {partnerUser && groupBy === 'partner' ? (
                          r.name
                        ) : (
                          <Anchor component={Link} to={link(r)} size="sm" fw={600}>
                            {r.name}
                          </Anchor>
                        )}
                      </Table.Td>
                      <Table.Td ta="right">{r.leads.toLocaleString()}</Table.Td>
                      <Table.Td ta="right">{r.convertedLeads.toLocaleString()}</Table.Td>
                      <Table.Td ta="right">{percent(r.conversionRate)}</Table.Td>
                      <Table.Td ta="right">{r.opportunities.toLocaleString()}</Table.Td>
                      <Table.Td ta="right">{r.wonCount.toLocaleString()}</Table.Td>
                      <Table.Td ta="right">{money(r.wonAmount, cur)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr style={{ fontWeight: 700 }}>
                    <Table.Td>Total</Table.Td>
                    <Table.Td ta="right">{q.data.totals.leads.toLocaleString()}</Table.Td>
                    <Table.Td ta="right">{q.data.totals.convertedLeads.toLocaleString()}</Table.Td>
                    <Table.Td ta="right">{percent(q.data.totals.conversionRate)}</Table.Td>
                    <Table.Td ta="right">{q.data.totals.opportunities.toLocaleString()}</Table.Td>
                    <Table.Td ta="right">{q.data.totals.wonCount.toLocaleString()}</Table.Td>
                    <Table.Td ta="right">{money(q.data.totals.wonAmount, cur)}</Table.Td>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
          </Card>
        </Stack>
      )}
    </>
  );
}
