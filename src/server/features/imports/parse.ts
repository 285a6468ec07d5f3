/**
 * Reading an import file: CSV (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252; comma,
 * semicolon or tab) or XLSX. `inspectSource` looks at a file once to describe it; `readRows`
 * streams its data rows with bounded memory, as often as needed (the source is re-opened).
 *
 * Rules for awkward input:
 * - The header is the first non-blank row. Header cells are trimmed, runs of whitespace become
 *   one space, a BOM is removed, they are cut to 200 characters, empty ones become "Column N"
 *   (N = 1-based column), and repeats (compared without case) become "Email (2)", "Email (3)".
 * - Blank rows (every cell empty or whitespace) are skipped everywhere; a `SUM` row is a row.
 * - Rows shorter than the header are padded with empty cells; non-empty cells beyond the header
 *   are dropped from `cells` and reported in `extra` (empty trailing cells, e.g. from a
 *   trailing separator, are ignored).
 * - A cell longer than 1,000,000 characters is emptied and the row carries `error`; a CSV record
 *   longer than 8 MiB in total, or a header with more than 1,000 columns, stops the file.
 * - NUL bytes in an otherwise textual CSV are removed; a file with many is refused as binary.
 * - Nothing is ever keyed by a header in a plain object: headers and cells are arrays.
 */
import { csvRecords, type RawRecord } from './parse/csv';
import {
  decodeHead,
  detectDelimiter,
  HEAD_BYTES,
  isUtf8Source,
  readHead,
  sniff,
} from './parse/sniff';
import { NOT_A_SPREADSHEET, peekSheets, xlsxRecords } from './parse/xlsx';

/** Opens the file from its start; each call starts a new read. */
export type ByteSource = () => AsyncIterable<Uint8Array>;

export type SourceInfo = {
  format: 'csv' | 'xlsx';
  encoding: string | null;
  delimiter: string | null;
  sheets: string[];
  sheet: string | null;
  /** Unique, non-empty, trimmed; BOM removed. */
  headers: string[];
  /** The first 5 data rows as text, aligned with `headers`. */
  sample: string[][];
};

export type ImportRow = {
  /** The line (CSV: where the record starts) or sheet row (XLSX) a person sees. */
  line: number;
  /** Exactly one cell per header. */
  cells: string[];
  /** Non-empty cells beyond the last header: the row has more values than there are columns. */
  extra?: string[];
  /** Why the row cannot be imported as it is (a cell over the size limit); the cell is emptied. */
  error?: string;
};

/** A problem with the file as a whole, worded for the person who uploaded it. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
}

export const IMPORT_LIMITS = {
  sampleRows: 5,
  cellMaxChars: 1_000_000,
  recordMaxChars: 8 * 1024 * 1024,
  columnsMax: 1000,
  headerMaxChars: 200,
} as const;

const fmt = (n: number) => n.toLocaleString('en-US');
const isBlank = (cells: string[]) => cells.every((c) => c.trim() === '');

/** Headers as the contract describes them: trimmed, non-empty, unique. */
export function makeHeaders(cells: string[]): string[] {
  if (cells.length > IMPORT_LIMITS.columnsMax) {
    throw new ImportFileError(
      `The file has ${fmt(cells.length)} columns; at most ${fmt(IMPORT_LIMITS.columnsMax)} can be imported.`,
    );
  }
  const seen = new Set<string>();
  return cells.map((raw, i) => {
    let base = raw
      .replaceAll('\uFEFF', '')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, IMPORT_LIMITS.headerMaxChars)
      .trim();
    if (!base) base = `Column ${i + 1}`;
    let name = base;
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    seen.add(name.toLowerCase());
    return name;
  });
}

function toRow(rec: RawRecord, headers: string[]): ImportRow {
  const width = headers.length;
  const cells = rec.cells.length > width ? rec.cells.slice(0, width) : rec.cells.slice();
  while (cells.length < width) cells.push('');
  const row: ImportRow = { line: rec.line, cells };
  if (rec.cells.length > width) {
    const extra = rec.cells.slice(width);
    if (extra.some((c) => c.trim() !== '')) row.extra = extra;
  }
  for (let i = 0; i < width; i++) {
    const length = cells[i]!.length;
    if (length > IMPORT_LIMITS.cellMaxChars) {
      cells[i] = '';
      row.error ??= `The value in column "${headers[i]}" is ${fmt(length)} characters long; the limit is ${fmt(IMPORT_LIMITS.cellMaxChars)}.`;
    }
  }
  return row;
}

/** Header and data rows from raw records: blank records skipped, the first one is the header. */
async function* dataRows(records: AsyncIterable<RawRecord>, headers: string[] | null) {
  let header = headers;
  let seenHeader = false;
  for await (const rec of records) {
    if (isBlank(rec.cells)) continue;
    if (!seenHeader) {
      seenHeader = true;
      header ??= makeHeaders(rec.cells);
      yield { kind: 'header' as const, headers: header };
      continue;
    }
    yield { kind: 'row' as const, row: toRow(rec, header!) };
  }
}

async function inspectCsv(
  open: ByteSource,
  head: Uint8Array,
  encoding: string | null,
): Promise<SourceInfo> {
  const enc = encoding ?? ((await isUtf8Source(open)) ? 'utf-8' : 'windows-1252');
  const delimiter = detectDelimiter(decodeHead(head, enc), head.byteLength < HEAD_BYTES);
  let headers: string[] | null = null;
  const sample: string[][] = [];
  for await (const item of dataRows(csvRecords(open, enc, delimiter), null)) {
    if (item.kind === 'header') headers = item.headers;
    else sample.push(item.row.cells);
    if (sample.length >= IMPORT_LIMITS.sampleRows) break;
  }
  if (!headers) throw new ImportFileError('The file is empty.');
  return { format: 'csv', encoding: enc, delimiter, sheets: [], sheet: null, headers, sample };
}

async function inspectXlsx(open: ByteSource, wantedSheet: string | null): Promise<SourceInfo> {
  const { sheets, peeks } = await peekSheets(open, 1 + IMPORT_LIMITS.sampleRows);
  let chosen;
  if (wantedSheet) {
    chosen = peeks.find((p) => p.name === wantedSheet);
    if (!chosen) {
      throw new ImportFileError(
        `The workbook has no sheet named "${wantedSheet}". Its sheets are: ${sheets.map((s) => `"${s}"`).join(', ')}.`,
      );
    }
    if (chosen.rows.length === 0) throw new ImportFileError(`The sheet "${wantedSheet}" is empty.`);
  } else {
    // The first visible sheet with data rows; failing that, one with at least a header row.
    chosen =
      peeks.find((p) => !p.hidden && p.rows.length > 1) ??
      peeks.find((p) => p.rows.length > 1) ??
      peeks.find((p) => p.rows.length > 0);
    if (!chosen)
      throw new ImportFileError('The workbook is empty: none of its sheets has any data.');
  }
  const [headerRow, ...rest] = chosen.rows;
  const headers = makeHeaders(headerRow!.cells);
  return {
    format: 'xlsx',
    encoding: null,
    delimiter: null,
    sheets,
    sheet: chosen.name,
    headers,
    sample: rest.map((r) => toRow(r, headers).cells),
  };
}

/**
 * Describes an import file: its format, encoding and delimiter (CSV) or sheets (XLSX), headers
 * and a sample. Reads the head of the file, a CSV without BOM once to the end (to tell UTF-8 from
 * Windows-1252), and an XLSX once. Every problem with the file is an ImportFileError.
 */
export async function inspectSource(
  open: ByteSource,
  opts: { fileName: string; sheet?: string | null },
): Promise<SourceInfo> {
  const head = await readHead(open);
  if (head.byteLength === 0) throw new ImportFileError('The file is empty.');
  const kind = sniff(head);
  switch (kind.kind) {
    case 'zip':
      return inspectXlsx(open, opts.sheet ?? null);
    case 'xls':
      throw new ImportFileError(
        'This is an old-style Excel file (.xls) or a password-protected workbook. Save it as .xlsx or CSV and try again.',
      );
    case 'binary':
      throw new ImportFileError(NOT_A_SPREADSHEET);
    case 'text':
      if (head.byteLength === kind.bom) throw new ImportFileError('The file is empty.');
      return inspectCsv(open, head, kind.encoding);
  }
}

/**
 * The data rows of a file described by `inspectSource` (header and blank rows left out), one at a
 * time, re-reading the source from its start. A problem found further into the file than
 * `inspectSource` looked (say, a quote never closed on line 90,000) is thrown as an
 * ImportFileError while iterating.
 */
export async function* readRows(open: ByteSource, info: SourceInfo): AsyncGenerator<ImportRow> {
  const records =
    info.format === 'csv'
      ? csvRecords(open, info.encoding ?? 'utf-8', info.delimiter ?? ',')
      : xlsxRecords(open, info.sheet ?? '');
  for await (const item of dataRows(records, info.headers)) {
    if (item.kind === 'row') yield item.row;
  }
}
