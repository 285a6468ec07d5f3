import { Anchor, Badge, type BadgeProps } from '@mantine/core';
import { IconFlame, IconSnowflake, IconTemperature } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { RATING_LABELS, RATINGS, type Rating } from '../../../shared/scoring';
import type { LeadStatusKind } from '../../../shared/sales-setup';

export { formatMoney } from '../../lib/format';

export const RATING_COLORS: Record<Rating, string> = { hot: 'red', warm: 'orange', cold: 'blue' };
const RATING_ICONS = { hot: IconFlame, warm: IconTemperature, cold: IconSnowflake } as const;
export const RATING_OPTIONS = RATINGS.map((r) => ({ value: r, label: RATING_LABELS[r] }));

/** Hot, warm or cold: a coloured badge with an icon, so it reads without colour too. */
export function RatingBadge({
  rating,
  manual,
  ...props
}: { rating: Rating; manual?: boolean } & Omit<BadgeProps, 'children' | 'color'>) {
  const Icon = RATING_ICONS[rating];
  return (
    <Badge
      color={RATING_COLORS[rating]}
      variant="light"
      radius="sm"
      tt="none"
      fw={600}
      miw="max-content"
      leftSection={<Icon size={12} aria-hidden />}
      title={manual ? `${RATING_LABELS[rating]} (set by hand)` : undefined}
      data-rating={rating}
      {...props}
    >
      {RATING_LABELS[rating]}
    </Badge>
  );
}

export const STATUS_KIND_COLORS: Record<LeadStatusKind, string> = {
  open: 'blue',
  closed: 'gray',
  converted: 'teal',
};

export function LeadStatusBadge({
  status,
  ...props
}: { status: { label: string; kind: LeadStatusKind } } & Omit<BadgeProps, 'children'>) {
  return (
    <Badge
      color={STATUS_KIND_COLORS[status.kind]}
      variant={status.kind === 'converted' ? 'filled' : 'light'}
      radius="sm"
      tt="none"
      fw={600}
      miw="max-content"
      {...props}
    >
      {status.label}
    </Badge>
  );
}

/** "22 Nov 2026" for a date-only value, without a time zone shifting it a day. */
export function formatDay(date: string | null | undefined): string {
  if (!date) return '—';
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** Today plus n days as "YYYY-MM-DD" in the user's calendar. */
export function daysFromNow(n: number): string {
  const d = new Date();
  d.setDate(d.getDate() + n);
  const pad = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * Links for notifications. They render outside the router, so a router Link would fail there;
 * these navigate with the page's own navigate function and stay plain links for new tabs.
 */
export function useNotificationLink() {
  const navigate = useNavigate();
  return function NotificationLink({ to, children }: { to: string; children: ReactNode }) {
    return (
      <Anchor
        href={to}
        size="sm"
        fw={600}
        onClick={(e) => {
          if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
          e.preventDefault();
          void navigate(to);
        }}
      >
        {children}
      </Anchor>
    );
  };
}
