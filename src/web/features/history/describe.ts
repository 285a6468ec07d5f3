import {
  CASE_PRIORITY_LABELS,
  CASE_STATUS_LABELS,
  type CasePriority,
  type CaseStatus,
} from '../../../shared/cases';
import { PARTNER_STATUS_LABELS, formatDateTime, humanizeField, roleLabel } from '../../lib/format';
import { PARTNER_STATUSES, type AuditEvent, type PartnerStatus } from '../../lib/types';

const VERBS: Record<string, string> = {
  create: 'created',
  update: 'updated',
  delete: 'deleted',
  deactivate: 'deactivated',
  reactivate: 'reactivated',
  invite: 'invited',
  revoke: 'revoked',
  status_change: 'status changed',
};

export const actionVerb = (action: string): string =>
  VERBS[action] ?? humanizeField(action).toLowerCase();

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const SECRET_FIELD = /password|secret|token|hash/i;

const isCaseStatus = (v: unknown): v is CaseStatus =>
  typeof v === 'string' && Object.hasOwn(CASE_STATUS_LABELS, v);
const isCasePriority = (v: unknown): v is CasePriority =>
  typeof v === 'string' && Object.hasOwn(CASE_PRIORITY_LABELS, v);

const isPartnerStatus = (v: unknown): v is PartnerStatus =>
  typeof v === 'string' && (PARTNER_STATUSES as readonly string[]).includes(v);

/** Null when there is no value, so the caller can render "empty" in its own style. */
export function formatChangeValue(field: string, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (SECRET_FIELD.test(field)) return '(hidden)';
  if (typeof value === 'boolean') {
    if (field === 'active') return value ? 'Active' : 'Deactivated';
    return value ? 'Yes' : 'No';
  }
  if (field === 'role' && typeof value === 'string') return roleLabel(value);
  if (field === 'status' && isPartnerStatus(value)) return PARTNER_STATUS_LABELS[value];
  if (field === 'status' && isCaseStatus(value)) return CASE_STATUS_LABELS[value];
  if (field === 'priority' && isCasePriority(value)) return CASE_PRIORITY_LABELS[value];
  if (typeof value === 'string') return ISO_DATE_TIME.test(value) ? formatDateTime(value) : value;
  if (typeof value === 'number') return value.toLocaleString();
  if (Array.isArray(value)) return value.map((v) => formatChangeValue(field, v) ?? '—').join(', ');
  return JSON.stringify(value);
}

// "Active: Active → Deactivated" reads oddly; the flag is what people call a user's status.
const FIELD_LABELS: Record<string, string> = { active: 'Status' };

export const fieldLabel = (field: string): string => FIELD_LABELS[field] ?? humanizeField(field);

/** A name for the record the event is about, when the event carries one. */
export function subjectName(event: AuditEvent): string | null {
  for (const field of ['companyName', 'name', 'email']) {
    const change = event.changes[field];
    if (!change) continue;
    const value = change.to ?? change.from;
    if (typeof value === 'string' && value) return value;
  }
  return null;
}

export const SUBJECT_LABELS: Record<string, string> = {
  partner: 'partner',
  user: 'user',
  api_token: 'API token',
};

export const subjectLabel = (subjectType: string): string =>
  SUBJECT_LABELS[subjectType] ?? humanizeField(subjectType).toLowerCase();
