import { Badge } from '@mantine/core';
import { CAMPAIGN_STATUS_LABELS, type CampaignStatus } from '../../../shared/campaigns';
import { formatMoney } from '../../lib/format';

export const CAMPAIGN_STATUS_COLORS: Record<CampaignStatus, string> = {
  planned: 'gray',
  active: 'teal',
  completed: 'blue',
  aborted: 'red',
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return (
    <Badge variant="light" color={CAMPAIGN_STATUS_COLORS[status]}>
      {CAMPAIGN_STATUS_LABELS[status]}
    </Badge>
  );
}

/** Amounts as the rest of the app shows them; `compact` for headline figures. */
export const money = (amount: string | null | undefined, currency: string, compact = false) =>
  formatMoney(amount, currency, { compact });

export const percent = (rate: number | null | undefined) =>
  rate === null || rate === undefined
    ? '—'
    : `${(rate * 100).toLocaleString(undefined, { maximumFractionDigits: 1 })} %`;

/** "1 Mar – 31 May 2026", "from 1 Mar 2026", or an em dash. */
export function dateRange(start: string | null, end: string | null) {
  const f = (d: string) =>
    new Date(`${d}T00:00:00Z`).toLocaleDateString(undefined, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
  if (start && end) return `${f(start)} – ${f(end)}`;
  if (start) return `from ${f(start)}`;
  if (end) return `until ${f(end)}`;
  return '—';
}
