import {
  DEFAULT_PARTNER_COLUMNS,
  PARTNER_COLUMNS,
  PARTNER_SORTS,
  PARTNER_STATUSES,
  PARTNER_TYPES,
  type PartnerColumn,
  type PartnerStatus,
  type PartnerType,
} from '../../../shared/partners';
import type { Query } from '../../lib/api';

/**
 * The data view's state lives in the URL (so reload, back and shared links keep it) and in
 * saved views (as plain JSON). This file is the one translation between the two and the API.
 */
export interface PartnerFilterState {
  q: string;
  levelId: string[];
  activationStageId: string[];
  type: PartnerType[];
  status: PartnerStatus[];
  channelManagerId: string[];
  countryCode: string[];
  tag: string[];
  createdFrom: string;
  createdTo: string;
  nextReviewFrom: string;
  nextReviewTo: string;
  includeArchived: boolean;
}

export const LIST_FILTERS = [
  'levelId',
  'activationStageId',
  'type',
  'status',
  'channelManagerId',
  'countryCode',
  'tag',
] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];

export const DATE_FILTERS = ['createdFrom', 'createdTo', 'nextReviewFrom', 'nextReviewTo'] as const;
export type DateFilter = (typeof DATE_FILTERS)[number];

export const EMPTY_FILTERS: PartnerFilterState = {
  q: '',
  levelId: [],
  activationStageId: [],
  type: [],
  status: [],
  channelManagerId: [],
  countryCode: [],
  tag: [],
  createdFrom: '',
  createdTo: '',
  nextReviewFrom: '',
  nextReviewTo: '',
  includeArchived: false,
};

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

const oneOf = <T extends string>(allowed: readonly T[], values: string[]): T[] =>
  values.filter((v): v is T => (allowed as readonly string[]).includes(v));

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && !!v);
  if (typeof value === 'string' && value) return value.split(',').filter(Boolean);
  return [];
}

const dateOf = (value: unknown): string =>
  typeof value === 'string' && DATE_RE.test(value) ? value : '';

/** Reads filters from anything shaped like a query (URL params or a saved view), dropping junk. */
export function readFilters(get: (key: string) => unknown): PartnerFilterState {
  const q = get('q');
  return {
    q: typeof q === 'string' ? q.trim() : '',
    levelId: listOf(get('levelId')),
    activationStageId: listOf(get('activationStageId')),
    type: oneOf(PARTNER_TYPES, listOf(get('type'))),
    status: oneOf(PARTNER_STATUSES, listOf(get('status'))),
    channelManagerId: listOf(get('channelManagerId')),
    countryCode: listOf(get('countryCode')).map((c) => c.toUpperCase()),
    tag: listOf(get('tag')),
    createdFrom: dateOf(get('createdFrom')),
    createdTo: dateOf(get('createdTo')),
    nextReviewFrom: dateOf(get('nextReviewFrom')),
    nextReviewTo: dateOf(get('nextReviewTo')),
    includeArchived: get('includeArchived') === 'true' || get('includeArchived') === true,
  };
}

/** Only the filters that are set, as a saved view stores them. */
export function filtersToRecord(f: PartnerFilterState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (f.q) out.q = f.q;
  for (const key of LIST_FILTERS) if (f[key].length > 0) out[key] = [...f[key]];
  for (const key of DATE_FILTERS) if (f[key]) out[key] = f[key];
  if (f.includeArchived) out.includeArchived = true;
  return out;
}

export function toApiQuery(f: PartnerFilterState): Query {
  const query: Query = { q: f.q };
  for (const key of LIST_FILTERS) if (f[key].length > 0) query[key] = f[key];
  for (const key of DATE_FILTERS) query[key] = f[key];
  if (f.includeArchived) query.includeArchived = 'true';
  return query;
}

export const activeFilterCount = (f: PartnerFilterState): number =>
  LIST_FILTERS.reduce((n, key) => n + (f[key].length > 0 ? 1 : 0), 0) +
  (f.createdFrom || f.createdTo ? 1 : 0) +
  (f.nextReviewFrom || f.nextReviewTo ? 1 : 0) +
  (f.includeArchived ? 1 : 0);

export const hasFilters = (f: PartnerFilterState): boolean =>
  Boolean(f.q) || activeFilterCount(f) > 0;

export type SortField = (typeof PARTNER_SORTS)[number];

/** "companyName" or "-createdAt"; anything the server would refuse becomes null (its default). */
export function readSort(value: unknown): string | null {
  if (typeof value !== 'string' || !value) return null;
  const field = value.startsWith('-') ? value.slice(1) : value;
  return (PARTNER_SORTS as readonly string[]).includes(field) ? value : null;
}

/** Explicit columns in the canonical order; an empty list means "the default columns". */
export function readColumns(value: unknown): PartnerColumn[] {
  const wanted = new Set(listOf(value));
  return PARTNER_COLUMNS.filter((c) => wanted.has(c));
}

export const effectiveColumns = (columns: PartnerColumn[]): PartnerColumn[] =>
  columns.length > 0 ? columns : DEFAULT_PARTNER_COLUMNS;

/** Column → the sort field it orders by, where the server can sort by it. */
export const SORT_OF_COLUMN: Partial<Record<PartnerColumn, SortField>> = {
  companyName: 'companyName',
  type: 'type',
  status: 'status',
  level: 'level',
  activationStage: 'activationStage',
  countryCode: 'countryCode',
  partnershipDate: 'partnershipDate',
  nextReviewDate: 'nextReviewDate',
  createdAt: 'createdAt',
};

export interface ViewUrlState {
  filters: PartnerFilterState;
  sort: string | null;
  columns: PartnerColumn[];
  viewId: string | null;
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
  };
}

export function writeUrl(state: ViewUrlState): URLSearchParams {
  const params = new URLSearchParams();
  const f = state.filters;
  if (f.q) params.set('q', f.q);
  for (const key of LIST_FILTERS) if (f[key].length > 0) params.set(key, f[key].join(','));
  for (const key of DATE_FILTERS) if (f[key]) params.set(key, f[key]);
  if (f.includeArchived) params.set('includeArchived', 'true');
  if (state.sort) params.set('sort', state.sort);
  if (state.columns.length > 0) params.set('columns', state.columns.join(','));
  if (state.viewId) params.set('view', state.viewId);
  return params;
}
