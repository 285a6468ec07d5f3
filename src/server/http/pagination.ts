import { sql, type Expression, type SqlBool } from 'kysely';
import { AppError } from './errors';

/**
 * Keyset pagination: the cursor carries the last row's sort values and id, so page 10,000 costs
 * what page 1 costs. Sort fields come from an allowlist; anything else is a 400.
 */
export type SortKey = { field: string; column: string; desc: boolean };

export function parseSort(
  sort: string | undefined,
  allowed: Record<string, string>,
  fallback: string,
): SortKey[] {
  const spec = sort?.trim() ? sort : fallback;
  const keys: SortKey[] = [];
  for (const raw of spec.split(',')) {
    const part = raw.trim();
    const desc = part.startsWith('-');
    const field = desc ? part.slice(1) : part;
    const column = Object.hasOwn(allowed, field) ? allowed[field] : undefined;
    if (!column) {
      throw new AppError('BAD_REQUEST', 'Cannot sort by that field', {
        sort: `must be one of: ${Object.keys(allowed).join(', ')}`,
      });
    }
    if (keys.some((k) => k.field === field)) continue;
    keys.push({ field, column, desc });
  }
  if (keys.length > 3) {
    throw new AppError('BAD_REQUEST', 'Sort by at most 3 fields', { sort: 'too many fields' });
  }
  return keys;
}

type CursorValue = string | number | boolean | null;

/**
 * The SQL a sort key orders and compares by. PostgreSQL keeps microseconds but a cursor carries a
 * JavaScript Date's milliseconds, so timestamp columns (named `…_at`) are compared at millisecond
 * precision; otherwise a row created within the same millisecond as the cursor's could come back
 * on the next page. Ties within a millisecond fall to the id, like any other tie.
 */
function keyExpr(k: { column: string }) {
  return /_at$/.test(k.column)
    ? sql`date_trunc('milliseconds', ${sql.ref(k.column)})`
    : sql`${sql.ref(k.column)}`;
}

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, length: number): CursorValue[] | null {
  if (!cursor) return null;
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === length &&
      values.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
    ) {
      return values as CursorValue[];
    }
  } catch {
    /* fall through */
  }
  throw new AppError('BAD_REQUEST', 'The cursor is invalid; start again from the first page', {
    cursor: 'invalid',
  });
}

/**
 * SQL for "after this cursor" over keys + id, honouring each key's direction. Null sort values
 * sort last (ascending) or first (descending), matching PostgreSQL's default.
 */
export function keysetAfter(keys: SortKey[], idColumn: string, values: CursorValue[]) {
  const all = [...keys, { field: 'id', column: idColumn, desc: false }];
  const ors: Expression<SqlBool>[] = [];
  for (let i = 0; i < all.length; i++) {
    const ands: ReturnType<typeof sql<SqlBool>>[] = [];
    for (let j = 0; j < i; j++) {
      const k = all[j]!;
      const v = values[j];
      ands.push(
        v === null ? sql<SqlBool>`${keyExpr(k)} is null` : sql<SqlBool>`${keyExpr(k)} = ${v}`,
      );
    }
    const k = all[i]!;
    const v = values[i];
    // With nulls last for asc / first for desc: "after" a null (asc) is only more nulls (handled
    // by equality on earlier keys), "after" a value (asc) includes nulls.
    if (v === null) {
      if (!k.desc) continue;
      ands.push(sql<SqlBool>`${keyExpr(k)} is not null`);
    } else if (k.desc) {
      ands.push(sql<SqlBool>`${keyExpr(k)} < ${v}`);
    } else {
      ands.push(sql<SqlBool>`(${keyExpr(k)} > ${v} or ${keyExpr(k)} is null)`);
    }
    ors.push(sql<SqlBool>`(${sql.join(ands, sql` and `)})`);
  }
  return sql<SqlBool>`(${sql.join(ors, sql` or `)})`;
}

export function cursorFrom(
  row: Record<string, unknown>,
  keys: SortKey[],
  pick: (field: string) => unknown,
): string {
  const values = [...keys.map((k) => pick(k.field)), row.id].map((v) =>
    v instanceof Date ? v.toISOString() : ((v ?? null) as CursorValue),
  );
  return encodeCursor(values);
}

/** Fetch limit+1 rows; the extra one says whether there is a next page. */
export function finishPage<T>(
  rows: T[],
  limit: number,
  cursorOf: (row: T) => string,
): { rows: T[]; nextCursor: string | null } {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { rows: pageRows, nextCursor: hasMore && last ? cursorOf(last) : null };
}

/** ORDER BY term for a sort key, with the null placement `keysetAfter` assumes. */
export function orderTerm(k: SortKey) {
  return k.desc ? sql`${keyExpr(k)} desc nulls first` : sql`${keyExpr(k)} asc nulls last`;
}
