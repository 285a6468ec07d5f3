import { sql, type RawBuilder } from 'kysely';

/** A column of a JSON row set and its SQL type. */
export type ColumnTypes = Record<string, string>;

/**
 * Many rows as one JSON parameter, read back as a table: `insert into t (cols) select … from
 * ${jsonRows(rows, types)}`. One parameter instead of rows × columns bind parameters is what
 * makes a batch of hundreds of rows cheap to send and to plan (on PGlite above all).
 */
export function jsonRows(
  rows: readonly Record<string, unknown>[],
  types: ColumnTypes,
  alias = 'd',
) {
  const record = Object.entries(types)
    .map(([c, t]) => `${c} ${t}`)
    .join(', ');
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as ${sql.raw(alias)}(${sql.raw(record)})`;
}

/** `insert into table (cols) select cols from <rows>`: every row's columns as the types say. */
export function insertJsonRows(
  table: string,
  rows: readonly Record<string, unknown>[],
  types: ColumnTypes,
  extra: Record<string, RawBuilder<unknown>> = {},
) {
  const cols = Object.keys(types);
  const extraCols = Object.keys(extra);
  const names = sql.raw([...cols, ...extraCols].join(', '));
  const values = sql.join([
    ...cols.map((c) => sql.raw(`d.${c}`)),
    ...extraCols.map((c) => extra[c]!),
  ]);
  return sql`insert into ${sql.table(table)} (${names}) select ${values} from ${jsonRows(rows, types)}`;
}
