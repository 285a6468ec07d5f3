import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvFilename, csvStream, neutralizeFormula } from './csv';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

async function render(rows: Record<string, unknown>[], keys: string[]) {
  async function* records() {
    // Two pages, the first possibly empty, as a list export sends them.
    yield rows.slice(0, 1);
    yield rows.slice(1);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of csvStream(
    keys.map((k) => ({ key: k, header: k })),
    records(),
  ))
    chunks.push(Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}

// Cells that begin with a trigger, contain quotes, commas, newlines and non-ASCII text.
const nasty = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc
    .tuple(fc.constantFrom(...TRIGGERS, '"', ',', '\n', "'"), fc.string({ unit: 'binary' }))
    .map(([a, b]) => a + b),
  fc.constantFrom('=HYPERLINK("http://evil.test","x")', '+1-555', '-2+3', '@SUM(A1)', 'Ünïcödé'),
);

describe('neutralizeFormula', () => {
  it('prefixes exactly the formula triggers with an apostrophe', () => {
    for (const t of TRIGGERS) expect(neutralizeFormula(`${t}1`)).toBe(`'${t}1`);
    expect(neutralizeFormula('Acme')).toBe('Acme');
    expect(neutralizeFormula('')).toBe('');
    expect(neutralizeFormula("'=already")).toBe("'=already");
  });

  it('turns values into cells: empty for nothing, lists joined, dates as ISO', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(['a', '=b'])).toBe('a, =b');
    expect(csvCell(['=a', 'b'])).toBe("'=a, b");
    expect(csvCell(new Date('2026-01-02T03:04:05.000Z'))).toBe('2026-01-02T03:04:05.000Z');
  });

  it('names exports by date', () => {
    expect(csvFilename('partners', new Date('2026-11-23T22:00:00Z'))).toBe(
      'partners-2026-11-23.csv',
    );
  });
});

describe('csvStream', () => {
  it(
    'every cell reads back as its neutralized value and none starts with a trigger',
    { timeout: 60_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(nasty, nasty), { minLength: 1, maxLength: 20 }),
          async (pairs) => {
            const rows = pairs.map(([a, b]) => ({ a, b }));
            const text = await render(rows, ['a', 'b']);
            expect(text.startsWith('\uFEFF')).toBe(true);
            const parsed: string[][] = parse(text, { bom: true, relax_column_count: false });
            expect(parsed[0]).toEqual(['a', 'b']);
            const body = parsed.slice(1);
            expect(body).toEqual(rows.map((r) => [csvCell(r.a), csvCell(r.b)]));
            for (const cell of body.flat()) {
              expect(TRIGGERS.includes(cell.charAt(0))).toBe(false);
            }
            // The value reads back as it was; a leading apostrophe before a trigger is the only
            // difference allowed.
            body.flat().forEach((cell, i) => {
              const value = String(rows[Math.floor(i / 2)]![i % 2 === 0 ? 'a' : 'b']);
              expect(cell === value || cell === `'${value}`).toBe(true);
              if (cell !== value) expect(TRIGGERS).toContain(value.charAt(0));
            });
          },
        ),
        { numRuns: 300 },
      );
    },
  );

  it('ends with an error when producing rows fails', async () => {
    async function* failing(): AsyncGenerator<Record<string, unknown>[]> {
      yield [{ a: 'ok' }];
      throw new Error('database went away');
    }
    const stream = csvStream([{ key: 'a', header: 'A' }], failing());
    await expect(
      (async () => {
        for await (const _chunk of stream) {
          /* drain */
        }
      })(),
    ).rejects.toThrow('database went away');
  });
});
