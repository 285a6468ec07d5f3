import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { ImportFileError, type ByteSource } from '../parse';
import type { RawRecord } from './csv';

/** What exceljs's streaming reader exposes at run time but not in its type definitions. */
type SheetReader = AsyncIterable<ExcelJS.Row> & {
  name?: string;
  id?: number | string;
  state?: string;
  iterator?: unknown;
};
type BookReader = AsyncIterable<SheetReader> & {
  model?: { sheets?: { name: string; state?: string }[] };
  properties?: { model?: { date1904?: boolean } };
};

export const NOT_A_SPREADSHEET = 'This does not look like a CSV or Excel file.';
const DAMAGED =
  'The Excel file could not be read: it may be damaged. Open it in Excel, save it again as .xlsx (or CSV) and retry.';

/**
 * The workbook reader over the source. A failure of the source itself (storage, network) is
 * kept apart, so it is rethrown as it is rather than reported as a damaged file.
 */
function openBook(open: ByteSource): {
  book: BookReader;
  stream: Readable;
  sourceError: () => unknown;
} {
  let failure: unknown = null;
  const stream = Readable.from(
    (async function* () {
      try {
        for await (const c of open()) yield Buffer.from(c.buffer, c.byteOffset, c.byteLength);
      } catch (err) {
        // Ending the stream here (rather than failing it, which the unzipper it is piped into
        // would never hear of) makes the reader fail on the cut-off archive; the cause is rethrown.
        failure = err;
      }
    })(),
    { objectMode: false },
  );
  const book = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell dates from numbers
    hyperlinks: 'ignore', // keeps a hyperlink cell's text as its value
    entries: 'ignore',
  }) as unknown as BookReader;
  return { book, stream, sourceError: () => failure };
}

function asFileError(err: unknown, sourceError: unknown): unknown {
  if (sourceError !== null) return sourceError;
  return err instanceof ImportFileError ? err : new ImportFileError(DAMAGED);
}

/**
 * A worksheet the reader has spilled to a temporary file (sheets stored before the shared
 * strings are) holds a file stream: close it when the sheet is not read to its end, so exceljs
 * can delete the file when it moves on.
 */
function release(sheet: SheetReader) {
  const it = sheet.iterator as { destroy?: () => void; path?: unknown } | undefined;
  if (it && typeof it.destroy === 'function' && it.path !== undefined) it.destroy();
}

const NUMBER = new Intl.NumberFormat('en-US', { useGrouping: false, maximumSignificantDigits: 15 });

/** Excel's escape for characters XML cannot hold: `_x000D_` is a carriage return. */
const X_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;
const unescapeX = (s: string) =>
  s.includes('_x')
    ? s.replace(X_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : s;

/** A number format shows a date or time when it has d, m, y, h or s outside quotes and brackets. */
export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  if (/\[(h+|m+|s+)\]/i.test(fmt)) return false; // elapsed durations
  const bare = fmt.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A date as ISO text: the date alone at midnight, the date and time otherwise (Excel has no zone). */
export function dateText(d: Date): string {
  const t = Math.round(d.getTime() / 1000) * 1000;
  if (!Number.isFinite(t)) return '';
  const r = new Date(t);
  const day = `${pad(r.getUTCFullYear(), 4)}-${pad(r.getUTCMonth() + 1)}-${pad(r.getUTCDate())}`;
  if (r.getUTCHours() === 0 && r.getUTCMinutes() === 0 && r.getUTCSeconds() === 0) return day;
  return `${day}T${pad(r.getUTCHours())}:${pad(r.getUTCMinutes())}:${pad(r.getUTCSeconds())}`;
}

/** An Excel serial day number as a date (1900 system: day 25569 is 1970-01-01). */
export function serialToDate(serial: number, date1904 = false): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

function valueText(v: unknown, numFmt: string | undefined, date1904: boolean): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return unescapeX(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    // exceljs turns a plain cell with a date format into a Date; a formula's result stays a number.
    return isDateFormat(numFmt) ? dateText(serialToDate(v, date1904)) : NUMBER.format(v);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return dateText(v);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) {
      return o.richText
        .map((r: { text?: unknown }) => (typeof r.text === 'string' ? unescapeX(r.text) : ''))
        .join('');
    }
    if ('formula' in o || 'sharedFormula' in o) return valueText(o.result, numFmt, date1904);
    if (typeof o.error === 'string') return o.error;
    if ('text' in o) return valueText(o.text, numFmt, date1904);
  }
  return '';
}

function rowCells(row: ExcelJS.Row, date1904: boolean): string[] {
  const cells: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    while (cells.length < col - 1) cells.push('');
    cells[col - 1] = valueText(cell.value, cell.numFmt, date1904);
  });
  return cells;
}

const isBlankCells = (cells: string[]) => cells.every((c) => c.trim() === '');

async function withBook<T>(open: ByteSource, run: (book: BookReader) => Promise<T>): Promise<T> {
  const { book, stream, sourceError } = openBook(open);
  try {
    return await run(book);
  } catch (err) {
    throw asFileError(err, sourceError());
  } finally {
    stream.destroy();
  }
}

export type SheetPeek = { name: string; hidden: boolean; rows: RawRecord[] };

/**
 * Every sheet's name (in the workbook's order) and its first `wanted` non-blank rows, in one pass.
 * A ZIP that is not a workbook (no sheets at all) is refused as not a spreadsheet.
 */
export async function peekSheets(
  open: ByteSource,
  wanted: number,
): Promise<{ sheets: string[]; peeks: SheetPeek[] }> {
  return withBook(open, async (book) => {
    const peeks: SheetPeek[] = [];
    for await (const sheet of book) {
      const date1904 = book.properties?.model?.date1904 === true;
      const rows: RawRecord[] = [];
      for await (const row of sheet) {
        const cells = rowCells(row, date1904);
        if (isBlankCells(cells)) continue;
        rows.push({ line: row.number, cells });
        if (rows.length >= wanted) break;
      }
      release(sheet);
      peeks.push({
        name: sheet.name ?? `Sheet${String(sheet.id ?? peeks.length + 1)}`,
        hidden: sheet.state === 'hidden' || sheet.state === 'veryHidden',
        rows,
      });
    }
    const order = book.model?.sheets?.map((s) => s.name);
    if (!order && peeks.length === 0) throw new ImportFileError(NOT_A_SPREADSHEET);
    const sheets = order ?? peeks.map((p) => p.name);
    const rank = (name: string) => {
      const i = sheets.indexOf(name);
      return i < 0 ? sheets.length : i;
    };
    peeks.sort((a, b) => rank(a.name) - rank(b.name));
    return { sheets, peeks };
  });
}

/** Every row of one sheet with its sheet row number, blank rows included only if exceljs emits them. */
export async function* xlsxRecords(open: ByteSource, sheetName: string): AsyncGenerator<RawRecord> {
  const { book, stream, sourceError } = openBook(open);
  try {
    const date1904 = () => book.properties?.model?.date1904 === true;
    for await (const sheet of book) {
      if (sheet.name !== sheetName) {
        release(sheet);
        continue;
      }
      for await (const row of sheet) yield { line: row.number, cells: rowCells(row, date1904()) };
    }
  } catch (err) {
    throw asFileError(err, sourceError());
  } finally {
    stream.destroy();
  }
}
