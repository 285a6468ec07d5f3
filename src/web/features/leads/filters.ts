import { COMPANY_SIZES, type CompanySize } from '../../../shared/accounts';
import {
  DEFAULT_LEAD_COLUMNS,
  LEAD_BOARD_GROUPS,
  LEAD_COLUMNS,
  LEAD_SORTS,
  type LeadBoardGroup,
  type LeadColumn,
} from '../../../shared/leads';
import { RATINGS, type Rating } from '../../../shared/scoring';
import type { Query } from '../../lib/api';

/**
 * The leads list's state lives in the URL (reload, back and shared links keep it) and in saved
 * views (plain JSON). This file is the one translation between the two and the API.
 */
export interface LeadFilterState {
  q: string;
  statusId: string[];
  statusKind: StatusKind[];
  rating: Rating[];
  source: string[];
  power: string[];
  jobTitle: string[];
  industry: string[];
  companySize: CompanySize[];
  countryCode: string[];
  ownerId: string[];
  partnerId: string[];
  /** leads without a partner (alone or besides the chosen partners) */
  unassigned: boolean;
  partnerUserId: string[];
  referrerId: string[];
  campaignId: string[];
  createdFrom: string;
  createdTo: string;
  minValue: string;
  maxValue: string;
  following: boolean;
}

export const STATUS_KINDS = ['open', 'closed', 'converted'] as const;
export type StatusKind = (typeof STATUS_KINDS)[number];

export const LIST_FILTERS = [
  'statusId',
  'statusKind',
  'rating',
  'source',
  'power',
  'jobTitle',
  'industry',
  'companySize',
  'countryCode',
  'ownerId',
  'partnerId',
  'partnerUserId',
  'referrerId',
  'campaignId',
] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

const TEXT_FILTERS = ['createdFrom', 'createdTo', 'minValue', 'maxValue'] as const;
const FLAG_FILTERS = ['unassigned', 'following'] as const;

export const EMPTY_FILTERS: LeadFilterState = {
  q: '',
  statusId: [],
  statusKind: [],
  rating: [],
  source: [],
  power: [],
  jobTitle: [],
  industry: [],
  companySize: [],
  countryCode: [],
  ownerId: [],
  partnerId: [],
  unassigned: false,
  partnerUserId: [],
  referrerId: [],
  campaignId: [],
  createdFrom: '',
  createdTo: '',
  minValue: '',
  maxValue: '',
  following: false,
};

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const MONEY_RE = /^\d{1,14}(\.\d{1,2})?$/;

const oneOf = <T extends string>(allowed: readonly T[], values: string[]): T[] =>
  values.filter((v): v is T => (allowed as readonly string[]).includes(v));

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && !!v);
  if (typeof value === 'string' && value) return value.split(',').filter(Boolean);
  return [];
}

const dateOf = (value: unknown): string =>
  typeof value === 'string' && DATE_RE.test(value) ? value : '';
const moneyOf = (value: unknown): string =>
  typeof value === 'string' && MONEY_RE.test(value.trim()) ? value.trim() : '';
const flagOf = (value: unknown): boolean => value === 'true' || value === true;

/** Reads filters from anything shaped like a query (URL params or a saved view), dropping junk. */
export function readFilters(get: (key: string) => unknown): LeadFilterState {
  const q = get('q');
  return {
    q: typeof q === 'string' ? q.trim() : '',
    statusId: listOf(get('statusId')),
    statusKind: oneOf(STATUS_KINDS, listOf(get('statusKind'))),
    rating: oneOf(RATINGS, listOf(get('rating'))),
    source: listOf(get('source')),
    power: listOf(get('power')),
    jobTitle: listOf(get('jobTitle')),
    industry: listOf(get('industry')),
    companySize: oneOf(COMPANY_SIZES, listOf(get('companySize'))),
    countryCode: listOf(get('countryCode')).map((c) => c.toUpperCase()),
    ownerId: listOf(get('ownerId')),
    partnerId: listOf(get('partnerId')),
    unassigned: flagOf(get('unassigned')),
    partnerUserId: listOf(get('partnerUserId')),
    referrerId: listOf(get('referrerId')),
    campaignId: listOf(get('campaignId')),
    createdFrom: dateOf(get('createdFrom')),
    createdTo: dateOf(get('createdTo')),
    minValue: moneyOf(get('minValue')),
    maxValue: moneyOf(get('maxValue')),
    following: flagOf(get('following')),
  };
}

/** Only the filters that are set, as a saved view stores them. */
export function filtersToRecord(f: LeadFilterState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (f.q) out.q = f.q;
  for (const key of LIST_FILTERS) if (f[key].length > 0) out[key] = [...f[key]];
  for (const key of TEXT_FILTERS) if (f[key]) out[key] = f[key];
  for (const key of FLAG_FILTERS) if (f[key]) out[key] = true;
  return out;
}

export function toApiQuery(f: LeadFilterState): Query {
  const query: Query = { q: f.q };
  for (const key of LIST_FILTERS) if (f[key].length > 0) query[key] = f[key];
  for (const key of TEXT_FILTERS) query[key] = f[key];
  for (const key of FLAG_FILTERS) if (f[key]) query[key] = 'true';
  return query;
}

export const activeFilterCount = (f: LeadFilterState): number =>
  LIST_FILTERS.reduce((n, key) => n + (f[key].length > 0 ? 1 : 0), 0) +
  (f.createdFrom || f.createdTo ? 1 : 0) +
  (f.minValue || f.maxValue ? 1 : 0) +
  (f.unassigned ? 1 : 0) +
  (f.following ? 1 : 0);

export const hasFilters = (f: LeadFilterState): boolean => Boolean(f.q) || activeFilterCount(f) > 0;

export type SortField = (typeof LEAD_SORTS)[number];

/** "company" or "-createdAt"; anything the server would refuse becomes null (its default). */
export function readSort(value: unknown): string | null {
  if (typeof value !== 'string' || !value) return null;
  const field = value.startsWith('-') ? value.slice(1) : value;
  return (LEAD_SORTS as readonly string[]).includes(field) ? value : null;
}

/** Explicit columns in the canonical order; an empty list means "the default columns". */
export function readColumns(value: unknown): LeadColumn[] {
  const wanted = new Set(listOf(value));
  return LEAD_COLUMNS.filter((c) => wanted.has(c));
}

export const effectiveColumns = (columns: LeadColumn[]): LeadColumn[] =>
  columns.length > 0 ? columns : DEFAULT_LEAD_COLUMNS;

/** Column → the sort field it orders by, where the server can sort by it. */
export const SORT_OF_COLUMN: Partial<Record<LeadColumn, SortField>> = {
  reference: 'number',
  name: 'lastName',
  company: 'company',
  status: 'status',
  score: 'score',
  estimatedValue: 'estimatedValue',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
};

export const DISPLAYS = ['table', 'kanban'] as const;
export type Display = (typeof DISPLAYS)[number];

export interface LeadUrlState {
  filters: LeadFilterState;
  sort: string | null;
  columns: LeadColumn[];
  viewId: string | null;
  display: Display;
  groupBy: LeadBoardGroup;
}

const displayOf = (value: unknown): Display => (value === 'kanban' ? 'kanban' : 'table');
const groupOf = (value: unknown): LeadBoardGroup =>
  (LEAD_BOARD_GROUPS as readonly unknown[]).includes(value) ? (value as LeadBoardGroup) : 'status';

export function readUrl(params: URLSearchParams): LeadUrlState {
  const get = (key: string) => {
    const all = params.getAll(key);
    return all.length > 1 ? all : (all[0] ?? undefined);
  };
  return {
    filters: readFilters(get),
    sort: readSort(params.get('sort')),
    columns: readColumns(params.get('columns')),
    viewId: params.get('view'),
    display: displayOf(params.get('display')),
    groupBy: groupOf(params.get('groupBy')),
  };
}

export function writeUrl(state: LeadUrlState): URLSearchParams {
  const params = new URLSearchParams();
  const f = state.filters;
  if (f.q) params.set('q', f.q);
  for (const key of LIST_FILTERS) if (f[key].length > 0) params.set(key, f[key].join(','));
  for (const key of TEXT_FILTERS) if (f[key]) params.set(key, f[key]);
  for (const key of FLAG_FILTERS) if (f[key]) params.set(key, 'true');
  if (state.sort) params.set('sort', state.sort);
  if (state.columns.length > 0) params.set('columns', state.columns.join(','));
  if (state.display !== 'table') params.set('display', state.display);
  if (state.display === 'kanban' && state.groupBy !== 'status')
    params.set('groupBy', state.groupBy);
  if (state.viewId) params.set('view', state.viewId);
  return params;
}

/**
 * A saved view keeps the display too (Salesforce list views remember "Kanban"), stored beside
 * the filters under keys the filter reader ignores.
 */
export function viewFilters(state: LeadUrlState): Record<string, unknown> {
  const out = filtersToRecord(state.filters);
  if (state.display !== 'table') out.display = state.display;
  if (state.groupBy !== 'status') out.groupBy = state.groupBy;
  return out;
}

export function fromView(
  view: { filters: Record<string, unknown>; columns: string[]; sort: string | null },
  viewId: string | null,
): LeadUrlState {
  const filters = view.filters ?? {};
  return {
    filters: readFilters((key) => filters[key]),
    sort: readSort(view.sort),
    columns: readColumns(view.columns),
    viewId,
    display: displayOf(filters.display),
    groupBy: groupOf(filters.groupBy),
  };
}
