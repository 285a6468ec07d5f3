import { z } from 'zod';
import { Abilities, Limit, text, Version } from './common';

/** The lists a view can be saved for. */
export const SAVED_VIEW_ENTITIES = [
  'partners',
  'consultants',
  'accounts',
  'contacts',
  'cases',
  'leads',
  'opportunities',
] as const;
export const SavedViewEntity = z.enum(SAVED_VIEW_ENTITIES);
export type SavedViewEntity = z.infer<typeof SavedViewEntity>;

export const SAVED_VIEW_LIMITS = {
  /** serialized size of `filters` */
  filtersBytes: 8 * 1024,
  filterKeys: 50,
  filterKeyLength: 100,
  filterValueLength: 1000,
  filterArrayItems: 200,
  columns: 50,
  columnLength: 100,
  sortLength: 200,
  /** views one user may own for one list */
  perOwnerAndEntity: 100,
} as const;

/** Keys that would reach an object's prototype when a client spreads filters into state. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const L = SAVED_VIEW_LIMITS;
const FilterValue = z.union([
  z.string().max(L.filterValueLength, `values must be at most ${L.filterValueLength} characters`),
  z
    .array(z.string().max(L.filterValueLength))
    .max(L.filterArrayItems, `lists must have at most ${L.filterArrayItems} values`),
  z.boolean(),
  z.null(),
]);

/**
 * A list's filter state: flat, JSON-safe and small. The list decides what the keys mean, so the
 * server only bounds the shape and size.
 */
export const ViewFilters = z
  .unknown()
  // z.record drops an own "__proto__" key (as JSON.parse creates one) instead of refusing it.
  .superRefine((v, ctx) => {
    if (v && typeof v === 'object' && Object.hasOwn(v, '__proto__')) {
      ctx.addIssue({ code: 'custom', message: '"__proto__" is not an allowed filter name' });
    }
  })
  .pipe(
    z
      .record(
        z
          .string()
          .min(1)
          .max(L.filterKeyLength)
          .refine((k) => !FORBIDDEN_KEYS.has(k), 'is not an allowed filter name'),
        FilterValue,
      )
      .superRefine((filters, ctx) => {
        if (Object.keys(filters).length > L.filterKeys) {
          ctx.addIssue({ code: 'custom', message: `at most ${L.filterKeys} filters` });
        }
        if (new TextEncoder().encode(JSON.stringify(filters)).length > L.filtersBytes) {
          ctx.addIssue({ code: 'custom', message: `must be at most ${L.filtersBytes / 1024} KB` });
        }
      }),
  );
export type ViewFilters = z.infer<typeof ViewFilters>;

export const ViewColumns = z
  .array(text(L.columnLength, 1))
  .max(L.columns, `at most ${L.columns} columns`)
  .refine((c) => new Set(c).size === c.length, 'must not repeat a column');

export const ViewSort = text(L.sortLength)
  .transform((s) => (s === '' ? null : s))
  .nullable();

export const SavedView = z
  .object({
    id: z.string(),
    entity: SavedViewEntity,
    name: z.string(),
    filters: z.record(z.string(), z.unknown()),
    columns: z.array(z.string()),
    sort: z.string().nullable(),
    shared: z.boolean(),
    /** the caller's default view for this list */
    pinned: z.boolean(),
    /** the caller owns it */
    mine: z.boolean(),
    owner: z.object({ id: z.string(), name: z.string() }),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    abilities: Abilities,
  })
  .meta({ id: 'SavedView' });
export type SavedView = z.infer<typeof SavedView>;

export const CreateSavedViewInput = z
  .object({
    entity: SavedViewEntity,
    name: text(100, 1),
    filters: ViewFilters.default({}),
    columns: ViewColumns.default([]),
    sort: ViewSort.optional(),
    shared: z.boolean().default(false),
    /** also make it the caller's default for the list */
    pinned: z.boolean().default(false),
  })
  .strict();
export type CreateSavedViewInput = z.input<typeof CreateSavedViewInput>;

export const UpdateSavedViewInput = z
  .object({
    version: Version.optional(),
    name: text(100, 1).optional(),
    filters: ViewFilters.optional(),
    columns: ViewColumns.optional(),
    sort: ViewSort.optional(),
    shared: z.boolean().optional(),
    pinned: z.boolean().optional(),
  })
  .strict();
export type UpdateSavedViewInput = z.input<typeof UpdateSavedViewInput>;

export const SavedViewListQuery = z.object({
  entity: SavedViewEntity.optional(),
  /** only the caller's pinned view (at most one per list) */
  pinned: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: Limit,
  cursor: z.string().max(2000).optional(),
});
