import { CsvError, parse } from 'csv-parse';
import { ImportFileError, IMPORT_LIMITS, type ByteSource } from '../parse';
import { decodeText } from './sniff';

/** One record as it is in the file: `line` is the 1-based line it starts on. */
export type RawRecord = { line: number; cells: string[] };

const LINE_BREAK = /\r\n|\r|\n/g;
function breaksIn(cells: string[]): number {
  let n = 0;
  for (const cell of cells) {
    if (cell.includes('\n') || cell.includes('\r')) n += cell.match(LINE_BREAK)?.length ?? 0;
  }
  return n;
}

const fmt = (n: number) => n.toLocaleString('en-US');

function fileError(err: unknown, line: number, delimiter: string): unknown {
  if (!(err instanceof CsvError)) return err;
  const index = typeof err.index === 'number' ? err.index : Number(err.column);
  const column = Number.isFinite(index) ? ` (column ${index + 1})` : '';
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new ImportFileError(`The quote opened on line ${line} is never closed.`);
    case 'INVALID_OPENING_QUOTE':
      return new ImportFileError(
        `Line ${line} has a quote (") inside a value that does not start with one${column}. ` +
          'Put the whole value in quotes and double the quote inside it, e.g. "27"" screen".',
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
      return new ImportFileError(
        `A quoted value in the row starting on line ${line} is followed by more text before the next separator${column}. ` +
          'A quote inside a quoted value must be doubled ("").',
      );
    case 'CSV_MAX_RECORD_SIZE':
      return new ImportFileError(
        `The row starting on line ${line} is longer than ${fmt(IMPORT_LIMITS.recordMaxChars)} characters. ` +
          `A quote may never be closed, or the file is not separated by "${delimiter === '\t' ? 'tab' : delimiter}".`,
      );
    default:
      return new ImportFileError(`The file could not be read as CSV near line ${line}.`);
  }
}

/**
 * Every record of a CSV source, blank ones included, streamed through csv-parse with bounded
 * memory. Line numbers are counted here rather than taken from the parser: a record spans one
 * line plus the line breaks inside its quoted values, and blank lines are records of their own,
 * so the count is exact whatever mix of CRLF, LF and CR the file uses.
 *
 * Quotes are strict (RFC 4180): a quote inside an unquoted value, or text after a closing quote,
 * stops the import with the line to fix. Relaxed parsing would silently merge the following
 * lines into one value.
 */
export async function* csvRecords(
  open: ByteSource,
  encoding: string,
  delimiter: string,
): AsyncGenerator<RawRecord> {
  let line = 1;
  let parsed: RawRecord[] = [];
  const parser = parse({
    delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    quote: '"',
    escape: '"',
    bom: false,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: IMPORT_LIMITS.recordMaxChars,
    // Called in file order as each record completes. Records are collected here rather than
    // read from the stream, so every record before a broken one is delivered before its error,
    // and `line` is always where the next (or the failing) record starts.
    on_record: (cells: string[]) => {
      parsed.push({ line, cells });
      line += 1 + breaksIn(cells);
      return null;
    },
  });
  let failure: unknown = null;
  parser.on('error', (err) => (failure ??= err));
  parser.resume(); // nothing is pushed; keeps the readable side flowing so it can end
  const write = (text: string) =>
    new Promise<void>((resolve, reject) =>
      parser.write(text, (err) => (err ? reject(err) : resolve())),
    );
  const end = () =>
    new Promise<void>((resolve) => {
      parser.once('error', () => resolve());
      parser.end(() => resolve());
    });
  try {
    const flush = function* () {
      const batch = parsed;
      parsed = [];
      yield* batch;
    };
    for await (const text of decodeText(open, encoding)) {
      // Written in slices so a source that hands over a whole file at once still parses (and
      // holds records) a bounded amount at a time; a surrogate pair is never cut in two.
      for (let at = 0; at < text.length && failure === null;) {
        let to = Math.min(at + SLICE, text.length);
        if (to < text.length && /[\uD800-\uDBFF]/.test(text[to - 1]!)) to++;
        await write(text.slice(at, to)).catch((err: unknown) => (failure ??= err));
        at = to;
        yield* flush();
      }
      if (failure !== null) break;
    }
    if (failure === null) await end();
    yield* flush();
    if (failure !== null) throw fileError(failure, line, delimiter);
  } finally {
    parser.destroy();
  }
}

const SLICE = 64 * 1024;
