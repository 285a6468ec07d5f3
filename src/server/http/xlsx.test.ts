import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactNumber, xlsxCell, xlsxFilename, xlsxStream, xlsxText, type XlsxColumn } from './xlsx';

async function render(columns: XlsxColumn[], rows: Record<string, unknown>[]) {
  async function* records() {
    // Two pages, the first possibly empty, as a list export sends them.
    yield rows.slice(0, 1);
    yield rows.slice(1);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of xlsxStream(columns, records())) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readBack(file: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}

/** What a cell holds as plain data: rich text runs joined, everything else as is. */
function valueOf(cell: ExcelJS.Cell): unknown {
  const v = cell.value;
  if (v && typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return v;
}

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

// Text as a database can hold it (no NUL), starting with formula triggers, with quotes, line
// breaks, control characters, XML specials and text that looks like an XLSX escape.
const nasty = fc.oneof(
  fc.string({ unit: 'binary' }).map((s) => s.replace(/\0/g, '')),
  fc.string({ unit: 'grapheme' }),
  fc
    .tuple(
      fc.constantFrom(...TRIGGERS, '"', ',', '\n', "'", '_x0041_', '&amp;', '<b>', '\x01', '\x7f'),
      fc.string({ unit: 'binary' }).map((s) => s.replace(/\0/g, '')),
    )
    .map(([a, b]) => a + b),
  fc.constantFrom(
    '=HYPERLINK("http://evil.test","x")',
    '+1-555',
    '-2+3',
    '@SUM(A1)',
    '=1+2',
    ' lead and trail ',
    '_x005F_x0041_',
    '_xABCD\x01_',
    '_x12ab_x0041_',
    'a\r\nb',
    'Ünïcödé 😀',
  ),
);

describe('xlsxText', () => {
  it('escapes what XML cannot carry and text that looks like an escape', () => {
    expect(xlsxText('plain')).toBe('plain');
    expect(xlsxText('a\rb')).toBe('a_x000D_b');
    expect(xlsxText('\x01')).toBe('_x0001_');
    expect(xlsxText('_x0041_')).toBe('_x005F_x0041_');
    expect(xlsxText('\uD800')).toBe('_xD800_');
    expect(xlsxText('😀')).toBe('😀');
  });
});

describe('exactNumber', () => {
  it('gives numbers only for decimals that read back the same', () => {
    expect(exactNumber('1234.50')).toBe(1234.5);
    expect(exactNumber('-0.01')).toBe(-0.01);
    expect(exactNumber('0')).toBe(0);
    expect(exactNumber('100')).toBe(100);
    expect(exactNumber('999999999999999')).toBe(999999999999999);
    expect(exactNumber('9999999999999999')).toBeUndefined(); // 16 digits: Excel would round
    expect(exactNumber('12345678901234.567')).toBeUndefined();
    expect(exactNumber('1e3')).toBeUndefined();
    expect(exactNumber(' 12')).toBeUndefined();
    expect(exactNumber('abc')).toBeUndefined();
  });

  it('never changes the decimal it stands for (property)', () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.constantFrom('', '-'),
          fc.stringMatching(/^\d{1,20}$/),
          fc.option(fc.stringMatching(/^\d{1,12}$/), { nil: undefined }),
        ),
        ([sign, whole, frac]) => {
          const text = `${sign}${whole}${frac === undefined ? '' : `.${frac}`}`;
          const n = exactNumber(text);
          if (n === undefined) return;
          // Reads back as the same decimal: compare digit by digit, trailing zeros aside.
          const norm = (s: string) => {
            const [i = '', f = ''] = s.replace(/^-/, '').split('.');
            const int = i.replace(/^0+(?=\d)/, '');
            const fr = f.replace(/0+$/, '');
            const neg = s.startsWith('-') && /[1-9]/.test(s);
            return `${neg ? '-' : ''}${int}${fr ? `.${fr}` : ''}`;
          };
          const printed = n.toLocaleString('en-US', {
            useGrouping: false,
            maximumFractionDigits: 20,
          });
          expect(norm(printed)).toBe(norm(text));
        },
      ),
      { numRuns: 10_000 },
    );
  }, 60_000);
});

describe('xlsxCell', () => {
  it('types values by column kind', () => {
    expect(xlsxCell('2026-02-03', 'date')).toEqual({
      value: new Date('2026-02-03T00:00:00Z'),
      numFmt: 'yyyy-mm-dd',
    });
    expect(xlsxCell('2026-02-30', 'date').value).toEqual({ richText: [{ text: '2026-02-30' }] });
    expect(xlsxCell('1234.50', 'money')).toEqual({ value: 1234.5, numFmt: '#,##0.00' });
    expect(xlsxCell('12345678901234567.89', 'money').value).toEqual({
      richText: [{ text: '12345678901234567.89' }],
    });
    expect(xlsxCell('2026-01-02T03:04:05.000Z', 'datetime').value).toEqual(
      new Date('2026-01-02T03:04:05.000Z'),
    );
    expect(xlsxCell(['a', '=b']).value).toEqual({ richText: [{ text: 'a, =b' }] });
    expect(xlsxCell(null).value).toBeNull();
    expect(xlsxCell('').value).toBeNull();
    expect(xlsxCell(7, 'number').value).toBe(7);
  });

  it('names files by date', () => {
    expect(xlsxFilename('cases', new Date('2026-11-23T22:00:00Z'))).toBe('cases-2026-11-23.xlsx');
  });
});

describe('xlsxStream', () => {
  it('every text cell reads back exactly, and no cell is a formula (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(nasty, nasty), { minLength: 1, maxLength: 30 }),
        nasty.filter((h) => h !== ''),
        async (pairs, header) => {
          const rows = pairs.map(([a, b]) => ({ a, b }));
          const file = await render(
            [
              { key: 'a', header },
              { key: 'b', header: 'B' },
            ],
            rows,
          );
          const sheet = await readBack(file);
          expect(valueOf(sheet.getRow(1).getCell(1))).toBe(header);
          rows.forEach((r, i) => {
            const row = sheet.getRow(i + 2);
            for (const [n, v] of [
              [1, r.a],
              [2, r.b],
            ] as const) {
              const cell = row.getCell(n);
              expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
              // An empty string is an empty cell.
              expect(valueOf(cell) ?? '').toBe(v);
            }
          });
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);

  it('writes real dates, exact numbers, a bold frozen header and no formulas', async () => {
    const file = await render(
      [
        { key: 'name', header: 'Name' },
        { key: 'day', header: 'Day', kind: 'date' },
        { key: 'at', header: 'At', kind: 'datetime' },
        { key: 'amount', header: 'Amount', kind: 'money' },
        { key: 'score', header: 'Score', kind: 'number' },
      ],
      [
        {
          name: '=1+2',
          day: '2026-03-04',
          at: new Date('2026-03-04T05:06:07.000Z'),
          amount: '1234.50',
          score: 42,
        },
        { name: '@x', day: null, at: null, amount: '12345678901234567.89', score: null },
      ],
    );
    const sheet = await readBack(file);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    const r2 = sheet.getRow(2);
    expect(valueOf(r2.getCell(1))).toBe('=1+2');
    expect(r2.getCell(1).type).not.toBe(ExcelJS.ValueType.Formula);
    expect(r2.getCell(2).value).toEqual(new Date('2026-03-04T00:00:00.000Z'));
    expect(r2.getCell(2).numFmt).toBe('yyyy-mm-dd');
    expect(r2.getCell(3).value).toEqual(new Date('2026-03-04T05:06:07.000Z'));
    expect(r2.getCell(4).value).toBe(1234.5);
    expect(r2.getCell(5).value).toBe(42);
    const r3 = sheet.getRow(3);
    expect(valueOf(r3.getCell(4))).toBe('12345678901234567.89');
    expect(r3.getCell(2).value).toBeNull();
  });

  it('ends with an error when producing rows fails', async () => {
    async function* failing(): AsyncGenerator<Record<string, unknown>[]> {
      yield [{ a: 'ok' }];
      throw new Error('database went away');
    }
    const stream = xlsxStream([{ key: 'a', header: 'A' }], failing());
    await expect(
      (async () => {
        for await (const _chunk of stream) {
          /* drain */
        }
      })(),
    ).rejects.toThrow('database went away');
  });
});
