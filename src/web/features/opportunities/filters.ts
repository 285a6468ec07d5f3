import {
  DEFAULT_OPPORTUNITY_COLUMNS,
  OPPORTUNITY_COLUMNS,
  OPPORTUNITY_SORTS,
  OPPORTUNITY_SOURCES,
  type OpportunityColumn,
  type OpportunitySource,
} from '../../../shared/opportunities';
import type { Query } from '../../lib/api';

/**
 * The list's state lives in the URL (reload, back and shared links keep it) and in saved views
 * (plain JSON). This file is the one translation between the two and the API's query.
 */
export interface OpportunityFilterState {
  q: string;
  stageId: string[];
  stageKind: ('open' | 'won' | 'lost')[];
  source: OpportunitySource[];
  ownerId: string[];
  partnerId: string[];
  partnerUserId: string[];
  accountId: string[];
  campaignId: string[];
  closeFrom: string;
  closeTo: string;
  minAmount: string;
  maxAmount: string;
  following: boolean;
}

export const LIST_FILTERS = [
  'stageId',
  'stageKind',
  'source',
  'ownerId',
  'partnerId',
  'partnerUserId',
  'accountId',
  'campaignId',
] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];
const TEXT_FILTERS = ['closeFrom', 'closeTo', 'minAmount', 'maxAmount'] as const;

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;

export const EMPTY_FILTERS: OpportunityFilterState = {
  q: '',
  stageId: [],
  stageKind: [],
  source: [],
  ownerId: [],
  partnerId: [],
  partnerUserId: [],
  accountId: [],
  campaignId: [],
  closeFrom: '',
  closeTo: '',
  minAmount: '',
  maxAmount: '',
  following: false,
};

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const MONEY_RE = /^\d{1,14}(\.\d{1,2})?$/;
const ID_RE = /^[0-9a-f-]{36}$/i;

const oneOf = <T extends string>(allowed: readonly T[], values: string[]): T[] =>
  values.filter((v): v is T => (allowed as readonly string[]).includes(v));

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && !!v);
  if (typeof value === 'string' && value) return value.split(',').filter(Boolean);
  return [];
}
const idsOf = (value: unknown) => listOf(value).filter((v) => ID_RE.test(v));
const matching = (re: RegExp, value: unknown): string =>
  typeof value === 'string' && re.test(value.trim()) ? value.trim() : '';

/** Reads filters from anything shaped like a query (URL params or a saved view), dropping junk. */
export function readFilters(get: (key: string) => unknown): OpportunityFilterState {
  const q = get('q');
  return {
    q: typeof q === 'string' ? q.trim() : '',
    stageId: idsOf(get('stageId')),
    stageKind: oneOf(STAGE_KINDS, listOf(get('stageKind'))),
    source: oneOf(OPPORTUNITY_SOURCES, listOf(get('source'))),
    ownerId: idsOf(get('ownerId')),
    partnerId: idsOf(get('partnerId')),
    partnerUserId: idsOf(get('partnerUserId')),
    accountId: idsOf(get('accountId')),
    campaignId: idsOf(get('campaignId')),
    closeFrom: matching(DATE_RE, get('closeFrom')),
    closeTo: matching(DATE_RE, get('closeTo')),
    minAmount: matching(MONEY_RE, get('minAmount')),
    maxAmount: matching(MONEY_RE, get('maxAmount')),
    following: get('following') === 'true' || get('following') === true,
  };
}

/** Only the filters that are set, as a saved view stores them. */
export function filtersToRecord(f: OpportunityFilterState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (f.q) out.q = f.q;
  for (const key of LIST_FILTERS) if (f[key].length > 0) out[key] = [...f[key]];
  for (const key of TEXT_FILTERS) if (f[key]) out[key] = f[key];
  if (f.following) out.following = true;
  return out;
}

export function toApiQuery(f: OpportunityFilterState): Query {
  const query: Query = { q: f.q };
  for (const key of LIST_FILTERS) if (f[key].length > 0) query[key] = f[key];
  for (const key of TEXT_FILTERS) query[key] = f[key];
  if (f.following) query.following = 'true';
  return query;
}

export const hasFilters = (f: OpportunityFilterState): boolean =>
  Object.keys(filtersToRecord(f)).length > 0;

/** "closeDate" or "-amount"; anything the server would refuse becomes null (its default). */
export function readSort(value: unknown): string | null {
  if (typeof value !== 'string' || !value) return null;
  const field = value.startsWith('-') ? value.slice(1) : value;
  return (OPPORTUNITY_SORTS as readonly string[]).includes(field) ? value : null;
}

/** Explicit columns in the canonical order; an empty list means "the default columns". */
export function readColumns(value: unknown): OpportunityColumn[] {
  const wanted = new Set(listOf(value));
  return OPPORTUNITY_COLUMNS.filter((c) => wanted.has(c));
}

export const effectiveColumns = (columns: OpportunityColumn[]): OpportunityColumn[] =>
  columns.length > 0 ? columns : DEFAULT_OPPORTUNITY_COLUMNS;

/** Column → the sort field it orders by, where the server can sort by it. */
export const SORT_OF_COLUMN: Partial<Record<OpportunityColumn, string>> = {
  reference: 'number',
  name: 'name',
  stage: 'stage',
  amount: 'amount',
  closeDate: 'closeDate',
  createdAt: 'createdAt',
  updatedAt: 'updatedAt',
};

export type Display = 'table' | 'pipeline';

export interface ViewUrlState {
  filters: OpportunityFilterState;
  sort: string | null;
  columns: OpportunityColumn[];
  viewId: string | null;
  display: Display;
}

export function readUrl(params: URLSearchParams): ViewUrlState {
  const get = (key: string) => {
    const all = params.getAll(key);
    return all.length > 1 ? all : (all[0] ?? undefined);
  };
  return {
    filters: readFilters(get),
    sort: readSort(params.get('sort')),
    columns: readColumns(params.get('columns')),
    viewId: params.get('view'),
    display: params.get('display') === 'pipeline' ? 'pipeline' : 'table',
  };
}

export function writeUrl(state: ViewUrlState): URLSearchParams {
  const params = new URLSearchParams();
  const f = state.filters;
  if (f.q) params.set('q', f.q);
  for (const key of LIST_FILTERS) if (f[key].length > 0) params.set(key, f[key].join(','));
  for (const key of TEXT_FILTERS) if (f[key]) params.set(key, f[key]);
  if (f.following) params.set('following', 'true');
  if (state.sort) params.set('sort', state.sort);
  if (state.columns.length > 0) params.set('columns', state.columns.join(','));
  if (state.display === 'pipeline') params.set('display', 'pipeline');
  if (state.viewId) params.set('view', state.viewId);
  return params;
}
