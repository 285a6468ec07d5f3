import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { RecordPages } from './csv';

/**
 * How a column's values are written to a spreadsheet. `text` (the default) is always text;
 * `date` is a calendar date ('YYYY-MM-DD'); `datetime` an instant; `number` and `money` are
 * numbers when the value is exactly representable, text otherwise.
 */
export type ExportKind = 'text' | 'date' | 'datetime' | 'number' | 'money';
export type XlsxColumn = { key: string; header: string; kind?: ExportKind };

export const XLSX_CONTENT_TYPE =
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const DATE_FORMAT = 'yyyy-mm-dd';
const DATETIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
const MONEY_FORMAT = '#,##0.00';
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;
// Excel keeps 15 significant digits: anything longer would change once stored.
const EXCEL_DIGITS = 15;
const YIELD_EVERY = 200;
const DECIMAL_PRINTER = new Intl.NumberFormat('en-US', {
  useGrouping: false,
  maximumSignificantDigits: EXCEL_DIGITS,
});

/**
 * The cell text as the XLSX string escape (ECMA-376 ST_Xstring) needs it: characters XML cannot
 * carry (control characters, lone surrogates, U+FFFE/U+FFFF) and carriage returns (which an XML
 * reader turns into line feeds) become `_xHHHH_`, and every underscore that could start such an
 * escape becomes `_x005F_`, so a reader decoding left to right gets back exactly the original.
 */
const NEEDS_ESCAPE =
  // eslint-disable-next-line no-control-regex
  /_(?=x[0-9A-Fa-f]{4})|[\x00-\x08\x0B\x0C\x0D\x0E-\x1F\x7F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const hex4 = (code: number) => code.toString(16).toUpperCase().padStart(4, '0');

export function xlsxText(value: string): string {
  return value.replace(NEEDS_ESCAPE, (m) => `_x${hex4(m.charCodeAt(0))}_`);
}

/**
 * A decimal string as a number only when the number reads back as the same decimal (trailing
 * zeros aside) and Excel can hold every digit of it; otherwise undefined and the caller writes
 * text, so no amount is ever silently rounded.
 */
export function exactNumber(text: string): number | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const [, sign, whole, fraction = ''] = m;
  const intPart = whole!.replace(/^0+(?=\d)/, '');
  const frac = fraction.replace(/0+$/, '');
  const digits = (intPart === '0' ? '' : intPart) + frac;
  const significant = digits.replace(/^0+/, '').replace(/0+$/, '');
  if (significant.length > EXCEL_DIGITS) return undefined;
  const canonical = `${sign === '-' && digits !== '' ? '-' : ''}${intPart}${frac ? `.${frac}` : ''}`;
  const n = Number(canonical);
  if (!Number.isFinite(n)) return undefined;
  // Compare the decimal the number prints as with the canonical input.
  const printed = n === 0 ? canonical : DECIMAL_PRINTER.format(n);
  return printed === canonical ? n : undefined;
}

function plainText(v: unknown): string {
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

type Cell = { value: ExcelJS.CellValue; numFmt?: string };

const textCell = (s: string): Cell =>
  s === '' ? { value: null } : { value: { richText: [{ text: xlsxText(s) }] } };

/**
 * One value as a cell. Text is written as an inline string, which a spreadsheet never evaluates,
 * so text that starts with `=`, `+`, `-` or `@` stays exactly what it was and is not a formula.
 */
export function xlsxCell(value: unknown, kind: ExportKind = 'text'): Cell {
  if (value === null || value === undefined) return { value: null };
  if (Array.isArray(value)) return textCell(value.map(plainText).join(', '));
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? { value: null }
      : { value, numFmt: kind === 'date' ? DATE_FORMAT : DATETIME_FORMAT };
  }
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? { value, ...(kind === 'money' ? { numFmt: MONEY_FORMAT } : {}) }
      : textCell(String(value));
  }
  if (typeof value === 'boolean') return { value };
  if (typeof value === 'string') {
    if (kind === 'date') {
      const d = DATE_ONLY.exec(value);
      if (d) {
        const date = new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])));
        if (date.toISOString().startsWith(value)) return { value: date, numFmt: DATE_FORMAT };
      }
    } else if (kind === 'datetime') {
      const t = Date.parse(value);
      if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(t)) {
        return { value: new Date(t), numFmt: DATETIME_FORMAT };
      }
    } else if (kind === 'number' || kind === 'money') {
      const n = exactNumber(value);
      if (n !== undefined)
        return { value: n, ...(kind === 'money' ? { numFmt: MONEY_FORMAT } : {}) };
    }
    return textCell(value);
  }
  return textCell(plainText(value));
}

function drained(stream: PassThrough) {
  return new Promise<void>((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
}

/**
 * Streams records as one XLSX worksheet: a bold, frozen header row, then one row per record,
 * each committed as soon as it is written so memory stays flat however many rows there are.
 * A failure while producing rows destroys the returned stream with that error.
 */
export function xlsxStream(
  columns: XlsxColumn[],
  pages: RecordPages,
  sheetName = 'Export',
): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((c) => ({
    key: c.key,
    width: Math.min(60, Math.max(10, c.header.length + 2)),
  }));

  async function write() {
    const header = sheet.addRow(columns.map((c) => textCell(c.header).value));
    header.font = { bold: true };
    header.commit();
    let written = 0;
    for await (const page of pages) {
      for (const record of page) {
        const row = sheet.addRow([]);
        columns.forEach((c, i) => {
          const cell = xlsxCell(record[c.key], c.kind);
          const target = row.getCell(i + 1);
          target.value = cell.value;
          if (cell.numFmt) target.numFmt = cell.numFmt;
        });
        row.commit();
        // Let the response drain before producing more rows; stop if the client went away. Now
        // and then give compression a turn, so rows do not pile up in front of it either.
        if (out.writableNeedDrain) await drained(out);
        else if (++written % YIELD_EVERY === 0)
          await new Promise((resolve) => setImmediate(resolve));
        if (out.destroyed) return;
      }
    }
    sheet.commit();
    await workbook.commit();
  }
  write().catch((err: unknown) => {
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  return out;
}

/** `name-2026-11-23.xlsx`: dated so repeated exports do not overwrite each other. */
export function xlsxFilename(name: string, now = new Date()): string {
  return `${name}-${now.toISOString().slice(0, 10)}.xlsx`;
}
