import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  ImportFileError,
  IMPORT_LIMITS,
  inspectSource,
  makeHeaders,
  readRows,
  type ByteSource,
  type ImportRow,
  type SourceInfo,
} from './parse';
import { detectDelimiter } from './parse/sniff';
import { suggestMapping } from './mapping';

const FIXTURES = new URL('../../../../tests/fixtures/imports/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES));

/** A re-openable source over bytes, handed out in chunks of `chunk` bytes. */
function bytes(data: Uint8Array | string, chunk = 4096): ByteSource {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  return async function* () {
    for (let i = 0; i < buf.byteLength; i += chunk) yield buf.subarray(i, i + chunk);
  };
}
const file = (name: string, chunk?: number) => bytes(fixture(name), chunk);

async function all(open: ByteSource, info: SourceInfo): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  for await (const r of readRows(open, info)) rows.push(r);
  return rows;
}

async function load(name: string, opts: { sheet?: string | null; chunk?: number } = {}) {
  const open = file(name, opts.chunk);
  const info = await inspectSource(open, { fileName: name, sheet: opts.sheet ?? null });
  return { info, rows: await all(open, info) };
}

async function fileError(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(ImportFileError);
    return (err as Error).message;
  }
  throw new Error('expected an ImportFileError');
}
const inspectError = (name: string, sheet?: string) =>
  fileError(() => inspectSource(file(name), { fileName: name, sheet: sheet ?? null }));

describe('real-world exports', () => {
  it('reads the German Excel export: Windows-1252, semicolons, CRLF', async () => {
    const { info, rows } = await load('excel-de-semicolon-cp1252.csv');
    expect(info).toMatchObject({
      format: 'csv',
      encoding: 'windows-1252',
      delimiter: ';',
      sheets: [],
      sheet: null,
    });
    expect(info.headers).toEqual([
      'Firma',
      'Vorname',
      'Nachname',
      'E-Mail',
      'Position',
      'Telefon',
      'Land',
      'Geschätzter Umsatz',
      'Erstellt am',
    ]);
    expect(info.sample).toHaveLength(5);
    expect(info.sample[0]).toEqual([
      'Tundra Health GmbH',
      'Pablo',
      'Fernández',
      'p.fernández@tundra.example',
      'VP Sales',
      '+44 609 9258303',
      'US',
      '170001,84',
      '10.06.2026',
    ]);
    expect(rows).toHaveLength(200);
    expect(rows[0]!.line).toBe(2);
    expect(rows.at(-1)!.line).toBe(201);
    expect(rows.every((r) => r.cells.length === 9 && !r.extra && !r.error)).toBe(true);
    expect(rows.some((r) => r.cells.join('').includes('\uFFFD'))).toBe(false);
  });

  it('reads the HubSpot export: the BOM is not part of the first header', async () => {
    const { info, rows } = await load('hubspot-contacts-export.csv');
    expect(info).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',' });
    expect(info.headers[0]).toBe('Record ID');
    expect(info.headers).toContain('Country/Region');
    expect(rows).toHaveLength(250);
    expect(rows.at(-1)).toMatchObject({ line: 251 });
    expect(rows.at(-1)!.cells[1]).toBe('Łukasz');
  });

  it('reads the Salesforce report: quoted fields, a formula-looking value kept as text', async () => {
    const { info, rows } = await load('salesforce-leads-export.csv');
    expect(info.headers.slice(0, 3)).toEqual(['Lead ID', 'First Name', 'Last Name']);
    expect(rows).toHaveLength(400);
    const formula = rows.find((r) => r.line === 42)!;
    expect(formula.cells[2]).toBe('=HYPERLINK("http://x.example","x")');
    expect(rows.find((r) => r.line === 32)!.cells[4]).toBe(''); // no company
    expect(rows.find((r) => r.line === 22)!.cells[5]).toBe('not-an-email');
  });

  it('reads the two-sheet workbook: data on the second sheet, dates as ISO, blank row skipped, SUM row kept', async () => {
    const { info, rows } = await load('leads-two-sheets.xlsx');
    expect(info).toMatchObject({
      format: 'xlsx',
      encoding: null,
      delimiter: null,
      sheets: ['Read me', 'Leads'],
      sheet: 'Leads',
    });
    expect(info.headers).toEqual([
      'Company',
      'First Name',
      'Last Name',
      'Email',
      'Title',
      'Lead Source',
      'Estimated Value',
      'Created',
    ]);
    expect(info.sample[0]).toEqual([
      'Tundra Health GmbH',
      'Pablo',
      'Fernández',
      'p.fernández@tundra.example',
      'VP Sales',
      'Blue Box',
      '43275',
      '2026-06-10',
    ]);
    expect(rows).toHaveLength(151);
    expect(rows[0]!.line).toBe(2);
    expect(rows.map((r) => r.line)).not.toContain(152); // the blank row
    expect(rows.at(-1)).toEqual({ line: 153, cells: ['Total', '', '', '', '', '', '', ''] });
    expect(rows.slice(0, -1).every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.cells[7]!))).toBe(true);
  });

  it('reads a chosen sheet of the workbook, and names the sheets when the chosen one does not exist', async () => {
    const { info, rows } = await load('leads-two-sheets.xlsx', { sheet: 'Read me' });
    expect(info.sheet).toBe('Read me');
    expect(info.headers).toEqual([
      'Leads exported for the partner program — second sheet holds the data',
    ]);
    expect(info.sample).toEqual([]);
    expect(rows).toEqual([]);
    expect(await inspectError('leads-two-sheets.xlsx', 'Sheet9')).toBe(
      'The workbook has no sheet named "Sheet9". Its sheets are: "Read me", "Leads".',
    );
  });

  it('suggests a mapping for the headers it read', async () => {
    const { info } = await load('excel-de-semicolon-cp1252.csv');
    const mapping = suggestMapping(info.headers, [
      { key: 'company', label: 'Company', synonyms: [] },
      { key: 'firstName', label: 'First name', synonyms: [] },
      { key: 'email', label: 'Email', synonyms: [] },
      { key: 'estimatedValue', label: 'Estimated value', synonyms: [] },
    ]);
    expect(mapping).toMatchObject({
      Firma: 'company',
      Vorname: 'firstName',
      'E-Mail': 'email',
      'Geschätzter Umsatz': 'estimatedValue',
      Nachname: null,
    });
  });
});

describe('encodings, delimiters and line endings', () => {
  it('decodes Windows-1252 bytes 0x80–0x9F as the characters Windows puts there (€, „, “)', async () => {
    const { info, rows } = await load('cp1252-euro.csv');
    expect(info.encoding).toBe('windows-1252');
    expect(rows).toEqual([{ line: 2, cells: ['Müller GmbH', '€ 12.000', '„Groß“'] }]);
  });

  it('reads UTF-16 LE and BE with a BOM, and UTF-16 LE without one', async () => {
    const le = await load('utf16le-bom.csv');
    expect(le.info).toMatchObject({
      encoding: 'utf-16le',
      delimiter: '\t',
      headers: ['Email', 'Name'],
    });
    expect(le.rows).toEqual([{ line: 2, cells: ['zoë@x.example', 'Zoë'] }]);
    const be = await load('utf16be-bom.csv');
    expect(be.info).toMatchObject({
      encoding: 'utf-16be',
      delimiter: ',',
      headers: ['Email', 'Name'],
    });
    expect(be.rows).toEqual([{ line: 2, cells: ['ana@x.example', 'Ana €'] }]);
    const bare = await load('utf16le-no-bom.csv');
    expect(bare.info).toMatchObject({ encoding: 'utf-16le', headers: ['Email', 'Name'] });
    expect(bare.rows).toEqual([{ line: 2, cells: ['ana@x.example', 'Ana'] }]);
  });

  it('decides UTF-8 against Windows-1252 on the whole file, not only its head', async () => {
    const head = 'Name;City\r\n' + 'Ana;Berlin\r\n'.repeat(20_000);
    const data = Buffer.concat([
      Buffer.from(head),
      Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x3b, 0x4b, 0xf6, 0x6c, 0x6e]),
    ]);
    const open = bytes(data);
    const info = await inspectSource(open, { fileName: 'late.csv' });
    expect(info.encoding).toBe('windows-1252');
    const rows = await all(open, info);
    expect(rows.at(-1)).toEqual({ line: 20_002, cells: ['Müller', 'Köln'] });
  });

  it('keeps quoted line breaks and numbers each record by the line it starts on (CRLF, LF, blank lines)', async () => {
    const { rows } = await load('multiline-quoted.csv');
    expect(rows).toEqual([
      { line: 2, cells: ['ana@x.example', 'first line\r\nsecond line'] },
      { line: 5, cells: ['bo@x.example', 'one\ntwo\nthree'] },
      { line: 8, cells: ['cy@x.example', 'plain'] },
    ]);
  });

  it('reads old-Mac CR line endings', async () => {
    const { rows } = await load('cr-line-endings.csv');
    expect(rows).toEqual([
      { line: 2, cells: ['ana@x.example', 'Ana'] },
      { line: 3, cells: ['bo@x.example', 'B\ro'] },
      { line: 5, cells: ['cy@x.example', 'Cy'] },
    ]);
  });

  it('detects tab and semicolon delimiters, ignoring delimiters inside quotes', async () => {
    const tab = await load('tab-delimited.csv');
    expect(tab.info.delimiter).toBe('\t');
    expect(tab.rows[0]!.cells).toEqual(['ana@x.example', 'Ana', 'a, b; c']);
    const semi = await load('semicolon-quoted-commas.csv');
    expect(semi.info.delimiter).toBe(';');
    expect(semi.rows[0]!.cells).toEqual(['Müller, Schmidt & Co', 'a,b,c,d']);
  });

  it('detectDelimiter: consistent counts win; a single column falls back to a comma', () => {
    expect(detectDelimiter('a;b;c\n1;2,5;3\n4;5,5;6\n', true)).toBe(';');
    expect(detectDelimiter('"a;b",c\n"1;2;3",4\n', true)).toBe(',');
    expect(detectDelimiter('a\tb\n1\t2\n', true)).toBe('\t');
    expect(detectDelimiter('Email\nana@x.example\n', true)).toBe(',');
    expect(detectDelimiter('', true)).toBe(',');
  });

  it('gives the same result whatever the chunk size (characters and CRLF split across chunks)', async () => {
    for (const name of [
      'excel-de-semicolon-cp1252.csv',
      'multiline-quoted.csv',
      'utf16be-bom.csv',
      'hubspot-contacts-export.csv',
    ]) {
      const whole = await load(name, { chunk: 1 << 20 });
      const tiny = await load(name, { chunk: 3 });
      expect(tiny).toEqual(whole);
    }
  });

  it('can read the rows again: each readRows re-opens the source', async () => {
    const open = file('salesforce-leads-export.csv');
    const info = await inspectSource(open, { fileName: 'x.csv' });
    const first = await all(open, info);
    const second = await all(open, info);
    expect(second).toEqual(first);
    const xopen = file('leads-two-sheets.xlsx');
    const xinfo = await inspectSource(xopen, { fileName: 'x.xlsx' });
    expect(await all(xopen, xinfo)).toEqual(await all(xopen, xinfo));
  });
});

describe('XLSX cells', () => {
  it('turns every kind of cell into text; a hidden sheet is not the default', async () => {
    const { info, rows } = await load('cell-types.xlsx');
    expect(info.sheets).toEqual(['Lookup', 'Data']);
    expect(info.sheet).toBe('Data');
    expect(info.headers).toEqual([
      'Name',
      'Joined',
      'Amount',
      'Total',
      'Active',
      'Note',
      'Link',
      'Due',
      'Err',
      'Ratio',
    ]);
    expect(rows).toEqual([
      {
        line: 2,
        cells: [
          'Ana Ruiz', // rich text
          '2026-06-10', // a date with a display format
          '1234.5',
          '2469', // a formula's cached result
          'TRUE',
          'line one\nline two',
          'Example site', // a hyperlink's text
          '2026-12-31', // a formula's result with a date format
          '#N/A',
          '0.3', // 0.1 + 0.2 as Excel shows it
        ],
      },
      // row 3 is blank
      { line: 4, cells: ['Bo', '2026-01-02T13:45:00', '10', '', '', '', '', '', '', ''] },
      { line: 5, cells: ['Total', '', '1244.5', '', '', '', '', '', '', ''] },
    ]);
  });

  it('pads short rows, reports extra cells, makes headers unique', async () => {
    const { info, rows } = await load('ragged.xlsx');
    expect(info.headers).toEqual(['Email', 'Column 2', 'Email (2)', '__proto__']);
    expect(rows).toEqual([
      { line: 2, cells: ['ana@x.example', 'a', 'b', 'c'], extra: ['extra'] },
      { line: 3, cells: ['bo@x.example', '', '', ''] },
    ]);
  });

  it('refuses a workbook without data, a damaged one and a ZIP that is no workbook', async () => {
    expect(await inspectError('empty-workbook.xlsx')).toBe(
      'The workbook is empty: none of its sheets has any data.',
    );
    expect(await inspectError('truncated.xlsx')).toMatch(
      /^The Excel file could not be read: it may be damaged/,
    );
    expect(await inspectError('not-a-workbook.zip')).toBe(
      'This does not look like a CSV or Excel file.',
    );
  });

  it('leaves no temporary files behind after reading', async () => {
    const before = new Set(readdirSync(tmpdir()));
    await load('leads-two-sheets.xlsx');
    await load('leads-two-sheets.xlsx', { sheet: 'Read me' });
    await new Promise((resolve) => setTimeout(resolve, 200)); // exceljs deletes them asynchronously
    const added = readdirSync(tmpdir()).filter((f) => !before.has(f) && f.startsWith('tmp-'));
    expect(added).toEqual([]);
  });
});

describe('bad input', () => {
  it('an empty file, a BOM alone and blank lines alone are "empty"', async () => {
    expect(await inspectError('empty.csv')).toBe('The file is empty.');
    expect(await inspectError('bom-only.csv')).toBe('The file is empty.');
    expect(await inspectError('blank-lines-only.csv')).toBe('The file is empty.');
  });

  it('a header without rows inspects fine with no sample, and has no rows', async () => {
    const { info, rows } = await load('header-only.csv');
    expect(info.headers).toEqual(['Email', 'First Name', 'Last Name']);
    expect(info.sample).toEqual([]);
    expect(rows).toEqual([]);
  });

  it('names the line where a never-closed quote opens', async () => {
    expect(await inspectError('unclosed-quote.csv')).toBe(
      'The quote opened on line 4 is never closed.',
    );
  });

  it('reports a broken quote found past the sample while reading the rows, after the good rows', async () => {
    const data =
      'Email,Name\n' + 'ana@x.example,Ana\n'.repeat(10) + 'bo@x.example,"Bo\ncy@x.example,Cy\n';
    const open = bytes(data);
    const info = await inspectSource(open, { fileName: 'late-quote.csv' });
    const seen: number[] = [];
    const message = await fileError(async () => {
      for await (const r of readRows(open, info)) seen.push(r.line);
    });
    expect(message).toBe('The quote opened on line 12 is never closed.');
    expect(seen).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('names the line of a quote inside an unquoted value, and of text after a closing quote', async () => {
    expect(await inspectError('quote-inside-value.csv')).toBe(
      'Line 3 has a quote (") inside a value that does not start with one (column 2). ' +
        'Put the whole value in quotes and double the quote inside it, e.g. "27"" screen".',
    );
    expect(await inspectError('text-after-quote.csv')).toMatch(
      /row starting on line 3 is followed by more text/,
    );
  });

  it('pads short rows; drops extra cells from `cells` and reports them in `extra`; ignores empty extra cells', async () => {
    const { rows } = await load('ragged-rows.csv');
    expect(rows).toEqual([
      { line: 2, cells: ['ana@x.example', 'Ana', ''] },
      { line: 3, cells: ['bo@x.example', 'Bo', 'Berg'], extra: ['extra value', 'more'] },
      { line: 4, cells: ['cy@x.example', 'Cy', 'Cole'] },
    ]);
  });

  it('makes duplicate and empty headers unique and non-empty', async () => {
    const { info } = await load('duplicate-empty-headers.csv');
    expect(info.headers).toEqual([
      'Email',
      'email (2)',
      'Column 3',
      'Name',
      'Column 5',
      'Column 3 (2)',
      'Email (2) (2)',
    ]);
    expect(new Set(info.headers.map((h) => h.toLowerCase())).size).toBe(info.headers.length);
    expect(makeHeaders(['\uFEFFEmail', ' First\n Name ', 'x'.repeat(300)])).toEqual([
      'Email',
      'First Name',
      'x'.repeat(200),
    ]);
  });

  it('keeps headers like __proto__ and constructor as plain strings, safely', async () => {
    const { info, rows } = await load('proto-headers.csv');
    expect(info.headers).toEqual([
      '__proto__',
      'constructor',
      'prototype',
      'hasOwnProperty',
      'toString',
    ]);
    expect(rows).toEqual([{ line: 2, cells: ['a', 'b', 'c', 'd', 'e'] }]);
    const mapping = suggestMapping(info.headers, [{ key: 'email', label: 'Email', synonyms: [] }]);
    expect(Object.keys(mapping)).toEqual(info.headers);
    expect(Object.getPrototypeOf(mapping)).toBe(Object.prototype);
    expect(mapping['__proto__']).toBeNull();
    expect(({} as Record<string, unknown>).email).toBeUndefined();
  });

  it('empties a cell over the size limit and says so on the row; a record over 8 MiB stops the file', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const open = bytes(`Email,Notes\nana@x.example,"${big}"\nbo@x.example,short\n`, 64 * 1024);
    const info = await inspectSource(open, { fileName: 'big-cell.csv' });
    expect(info.sample[0]).toEqual(['ana@x.example', '']);
    const rows = await all(open, info);
    expect(rows[0]).toEqual({
      line: 2,
      cells: ['ana@x.example', ''],
      error: `The value in column "Notes" is 5,242,880 characters long; the limit is ${IMPORT_LIMITS.cellMaxChars.toLocaleString('en-US')}.`,
    });
    expect(rows[1]).toEqual({ line: 3, cells: ['bo@x.example', 'short'] });

    const huge = bytes(
      `Email,Notes\nana@x.example,ok\nbo@x.example,"${'y'.repeat(9 * 1024 * 1024)}"\n`,
      64 * 1024,
    );
    expect(await fileError(() => inspectSource(huge, { fileName: 'huge.csv' }))).toMatch(
      /^The row starting on line 3 is longer than 8,388,608 characters/,
    );
  }, 90_000);

  it('refuses binary files: an image, random bytes, NUL-heavy data, a ZIP that is not a workbook', async () => {
    for (const name of ['image.png', 'garbage.bin', 'nul-heavy.bin', 'not-a-workbook.zip']) {
      expect(await inspectError(name)).toBe('This does not look like a CSV or Excel file.');
    }
    expect(await inspectError('old-excel.xls')).toMatch(/old-style Excel file \(\.xls\)/);
  });

  it('reads a CSV whose first column is called "PK" (not a ZIP)', async () => {
    const { info, rows } = await load('pk-header.csv');
    expect(info.headers).toEqual(['PK', 'Name']);
    expect(rows).toEqual([{ line: 2, cells: ['1', 'Ana'] }]);
  });

  it('removes stray NUL bytes from an otherwise good CSV', async () => {
    const { info, rows } = await load('nul-bytes.csv');
    expect(info.headers).toEqual(['Email', 'Name']);
    expect(rows).toEqual([
      { line: 2, cells: ['ana@x.example', 'Ana'] },
      { line: 3, cells: ['bo@x.example', 'Bo'] },
    ]);
  });

  it('never throws anything but ImportFileError for any fixture', async () => {
    for (const name of readdirSync(FIXTURES)) {
      if (name.endsWith('.md')) continue;
      try {
        const open = file(name, 997);
        const info = await inspectSource(open, { fileName: name });
        for await (const r of readRows(open, info))
          expect(r.cells).toHaveLength(info.headers.length);
      } catch (err) {
        expect(err, name).toBeInstanceOf(ImportFileError);
      }
    }
  });

  it('passes on a failure of the source itself as it is, for CSV and XLSX, without hanging', async () => {
    const failing = (data: Buffer): ByteSource =>
      async function* () {
        yield data.subarray(0, 3000);
        throw new Error('storage unavailable');
      };
    const csv = fixture('salesforce-leads-export.csv');
    await expect(inspectSource(failing(csv), { fileName: 'x.csv' })).rejects.toThrow(
      'storage unavailable',
    );
    const info = await inspectSource(bytes(csv), { fileName: 'x.csv' });
    await expect(all(failing(csv), info)).rejects.toThrow('storage unavailable');
    const xlsx = fixture('leads-two-sheets.xlsx');
    await expect(inspectSource(failing(xlsx), { fileName: 'x.xlsx' })).rejects.toThrow(
      'storage unavailable',
    );
    const xinfo = await inspectSource(bytes(xlsx), { fileName: 'x.xlsx' });
    await expect(all(failing(xlsx), xinfo)).rejects.toThrow('storage unavailable');
  });

  it('refuses a file with more than 1,000 columns', async () => {
    const header = Array.from({ length: 1001 }, (_, i) => `c${i}`).join(',');
    expect(
      await fileError(() => inspectSource(bytes(`${header}\n`), { fileName: 'wide.csv' })),
    ).toBe('The file has 1,001 columns; at most 1,000 can be imported.');
  });
});

describe('streaming', () => {
  // A million rows and the memory they take are measured in bench/; here enough rows that
  // holding them all would show.
  it('reads 200,000 rows as a stream, with memory that does not grow with the file', async () => {
    const ROWS = 200_000;
    const line = (i: number) =>
      `user${i}@example.test,First ${i},Last ${i},"Company, ${i % 997}",${i % 100000},2026-01-${String((i % 28) + 1).padStart(2, '0')}\r\n`;
    const open: ByteSource = async function* () {
      yield Buffer.from('Email,First name,Last name,Company,Value,Created\r\n');
      let chunk: string[] = [];
      for (let i = 0; i < ROWS; i++) {
        chunk.push(line(i));
        if (chunk.length === 2000) {
          yield Buffer.from(chunk.join(''));
          chunk = [];
        }
      }
      if (chunk.length) yield Buffer.from(chunk.join(''));
    };
    const info = await inspectSource(open, { fileName: 'million.csv' });
    expect(info.headers).toHaveLength(6);
    global.gc?.();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    let count = 0;
    let last = 0;
    for await (const r of readRows(open, info)) {
      count++;
      last = r.line;
      if (count % 50_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    }
    expect(count).toBe(ROWS);
    expect(last).toBe(ROWS + 1);
    // The file is about 18 MB of text; holding its rows as strings would take several times
    // that. The figure includes garbage not yet collected, hence the margin.
    expect(peak).toBeLessThan(64 * 1024 * 1024);
  }, 180_000);
});
