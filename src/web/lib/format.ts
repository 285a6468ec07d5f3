import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { ROLE_LABELS, ROLES, type Role } from '../../shared/role-names';
import type { PartnerStatus } from './types';

dayjs.extend(relativeTime);

/** "22 Nov 2026" — dates in lists, where the time of day is noise. */
export const formatDate = (iso: string | null | undefined): string =>
  iso ? dayjs(iso).format('D MMM YYYY') : '—';

/** "22 Nov 2026, 14:05" — for tooltips and audit entries, where the exact moment matters. */
export const formatDateTime = (iso: string | null | undefined): string =>
  iso ? dayjs(iso).format('D MMM YYYY, HH:mm') : '—';

/** "3 hours ago" */
export const formatRelative = (iso: string | null | undefined): string =>
  iso ? dayjs(iso).fromNow() : '—';

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

export const roleLabel = (role: string): string => (isRole(role) ? ROLE_LABELS[role] : role);

export const PARTNER_STATUS_LABELS: Record<PartnerStatus, string> = {
  applicant: 'Applicant',
  active: 'Active',
  suspended: 'Suspended',
  archived: 'Archived',
};

export const PARTNER_STATUS_COLORS: Record<PartnerStatus, string> = {
  applicant: 'yellow',
  active: 'teal',
  suspended: 'red',
  archived: 'gray',
};

/** "companyName" → "Company name" */
export function humanizeField(field: string): string {
  const words = field
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const pluralize = (count: number, one: string, many = `${one}s`): string =>
  `${count.toLocaleString()} ${count === 1 ? one : many}`;

/**
 * Amounts arrive as decimal strings ("1250.00"). They become numbers here only to be formatted
 * for the eye; nothing added up in the browser is ever stored. Whole amounts show without cents,
 * others with both digits ("€6,660.50", never "€6,660.5"); `compact` suits totals ("€1.2M").
 */
export function formatMoney(
  amount: string | null | undefined,
  currency: string,
  options: { compact?: boolean } = {},
): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const n = Number(amount);
  if (!Number.isFinite(n)) return `${amount} ${currency}`;
  const compact = options.compact === true && Math.abs(n) >= 10_000;
  const cents = !options.compact && !Number.isInteger(n) ? 2 : 0;
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      notation: compact ? 'compact' : 'standard',
      minimumFractionDigits: cents,
      maximumFractionDigits: compact ? 1 : cents,
    }).format(n);
  } catch {
    // An unknown currency code still shows the amount.
    return `${n.toLocaleString()} ${currency}`;
  }
}
