import { pipeline, Readable } from 'node:stream';
import { stringify, type Stringifier } from 'csv-stringify';

/**
 * Characters that make a spreadsheet read a cell as a formula (or, for tab and carriage return,
 * let one hide in front of it). OWASP's CSV injection guidance.
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** A cell a spreadsheet shows as text: formula triggers get a leading apostrophe. */
export function neutralizeFormula(value: string): string {
  return value.length > 0 && FORMULA_TRIGGERS.has(value[0]!) ? `'${value}` : value;
}

function plain(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'bigint':
    case 'boolean':
      return v.toString();
    default:
      return JSON.stringify(v) ?? '';
  }
}

/** Any value as the text of one CSV cell; a list becomes one comma-separated cell. */
export function csvCell(value: unknown): string {
  return neutralizeFormula(Array.isArray(value) ? value.map(plain).join(', ') : plain(value));
}

export type CsvColumn = { key: string; header: string };

/**
 * Streams records as CSV: UTF-8 with a byte-order mark (so Excel reads accents), a header row,
 * every cell formula-safe. A failure while producing rows ends the stream with that error.
 */
export function csvStream(
  columns: CsvColumn[],
  records: AsyncIterable<Record<string, unknown>>,
): Stringifier {
  const out = stringify({
    bom: true,
    header: true,
    columns: columns.map((c) => ({ key: c.key, header: neutralizeFormula(c.header) })),
    cast: { string: (v) => v },
  });
  async function* cells() {
    for await (const r of records) {
      const row: Record<string, string> = {};
      for (const c of columns) row[c.key] = csvCell(r[c.key]);
      yield row;
    }
  }
  pipeline(Readable.from(cells()), out, () => {
    /* errors reach the consumer through `out` being destroyed */
  });
  return out;
}

/** `name-2026-11-23.csv`: dated so repeated exports do not overwrite each other. */
export function csvFilename(name: string, now = new Date()): string {
  return `${name}-${now.toISOString().slice(0, 10)}.csv`;
}
