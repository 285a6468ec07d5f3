import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';

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

/** Records a page at a time: a stream of a million rows is a thousand chunks, not a million. */
export type RecordPages = AsyncIterable<readonly Record<string, unknown>[]>;

/**
 * Streams records as CSV: UTF-8 with a byte-order mark (so Excel reads accents), a header row,
 * every cell formula-safe. Each page becomes one chunk of text. A failure while producing rows
 * ends the stream with that error.
 */
export function csvStream(columns: CsvColumn[], pages: RecordPages): Readable {
  const keys = columns.map((c) => c.key);
  async function* text() {
    yield `\uFEFF${stringify([columns.map((c) => neutralizeFormula(c.header))])}`;
    for await (const page of pages) {
      if (page.length > 0) yield stringify(page.map((r) => keys.map((k) => csvCell(r[k]))));
    }
  }
  return Readable.from(text(), { objectMode: false });
}

/** `name-2026-11-23.csv`: dated so repeated exports do not overwrite each other. */
export function csvFilename(name: string, now = new Date()): string {
  return `${name}-${now.toISOString().slice(0, 10)}.csv`;
}
