import { describe, expect, it } from 'vitest';
import { CoerceError, parseBoolean, parseDate, parseDecimal, parseEmail } from './coerce';
import { RowError } from './entities/types';

function reason(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(CoerceError);
    expect(err).toBeInstanceOf(RowError);
    return (err as Error).message;
  }
  throw new Error('expected a CoerceError');
}

describe('parseDate', () => {
  it.each([
    ['2026-06-10', '2026-06-10'],
    ['2026-6-1', '2026-06-01'],
    ['2026-06-10T09:30:00Z', '2026-06-10'],
    ['2026-06-10T23:30:00.123-05:00', '2026-06-10'],
    ['2026-06-10 09:30', '2026-06-10'],
    ['2026/06/10', '2026-06-10'],
    ['2026.06.10', '2026-06-10'],
    ['10.06.2026', '2026-06-10'],
    ['1.6.2026', '2026-06-01'],
    ['10.06.2026 14:05', '2026-06-10'],
    ['31/12/2026', '2026-12-31'],
    ['12/31/2026', '2026-12-31'],
    ['13-01-2026', '2026-01-13'],
    ['05/05/2026', '2026-05-05'],
    ['29.02.2028', '2028-02-29'],
    ['46183', '2026-06-10'],
    ['46183.75', '2026-06-10'],
    ['  2026-06-10  ', '2026-06-10'],
  ])('%j → %j', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it('gives null for an empty cell', () => {
    expect(parseDate('')).toBeNull();
    expect(parseDate('   ')).toBeNull();
  });

  it('refuses days that do not exist, with the text in the reason', () => {
    expect(reason(() => parseDate('31.02.2026'))).toBe("'31.02.2026' is not a date");
    expect(reason(() => parseDate('29.02.2026'))).toBe("'29.02.2026' is not a date");
    expect(reason(() => parseDate('2026-13-01'))).toBe("'2026-13-01' is not a date");
    expect(reason(() => parseDate('31/31/2026'))).toBe("'31/31/2026' is not a date");
  });

  it('refuses day/month orders it would have to guess, and two-digit years', () => {
    expect(reason(() => parseDate('03/04/2026'))).toBe(
      "'03/04/2026' is ambiguous: it could be the 3rd of April or the 4th of March. Write dates as YYYY-MM-DD",
    );
    expect(reason(() => parseDate('10.06.26'))).toMatch(/two-digit year/);
  });

  it('refuses text and numbers that are not dates', () => {
    for (const t of ['tomorrow', '2026', '12', '2026-06', 'June 10', '10/06', '2026-06-10X']) {
      expect(reason(() => parseDate(t))).toBe(`'${t}' is not a date`);
    }
  });
});

describe('parseDecimal', () => {
  it.each([
    ['1234.56', '1234.56'],
    ['1.234,56', '1234.56'],
    ['1,234.56', '1234.56'],
    ['170001,84', '170001.84'],
    ['€ 12.000', '12000'],
    ['12.000 EUR', '12000'],
    ['$1,200', '1200'],
    ['USD 1,200.50', '1200.50'],
    ['1 234 567,89', '1234567.89'],
    ['1\u00a0234,5', '1234.5'],
    ["1'234.50", '1234.50'],
    ['12,5', '12.5'],
    ['0.500', '0.500'],
    ['1234,567', '1234.567'],
    ['1,234,567', '1234567'],
    ['1.234.567,00', '1234567.00'],
    ['-42', '-42'],
    ['+42', '42'],
    ['42-', '-42'],
    ['(1,234.56)', '-1234.56'],
    ['-€ 5', '-5'],
    ['007', '7'],
    ['.5', '0.5'],
    ['-0', '0'],
    ['43275', '43275'],
  ])('%j → %j', (input, expected) => {
    expect(parseDecimal(input)).toBe(expected);
  });

  it('gives null for an empty cell', () => {
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal(' \t ')).toBeNull();
  });

  it('refuses garbage, with the text in the reason', () => {
    for (const t of [
      'abc',
      '12abc',
      '1.2.3,4,5',
      '1,23,456',
      '12%',
      '1e5',
      '--5',
      '€',
      '1 2',
      '1.234,567.89',
      'NaN',
      '∞',
    ]) {
      expect(reason(() => parseDecimal(t))).toBe(`'${t}' is not a number`);
    }
    expect(reason(() => parseDecimal('9'.repeat(100)))).toMatch(/^'9{57}\.\.\.' is not a number$/);
  });
});

describe('parseBoolean', () => {
  it.each([
    ['yes', true],
    ['YES', true],
    ['True', true],
    ['1', true],
    ['x', true],
    ['Ja', true],
    ['oui', true],
    ['no', false],
    ['FALSE', false],
    ['0', false],
    ['Nein', false],
    ['non', false],
  ])('%j → %j', (input, expected) => {
    expect(parseBoolean(input)).toBe(expected);
  });

  it('gives null for empty and a reason for anything else', () => {
    expect(parseBoolean('  ')).toBeNull();
    expect(reason(() => parseBoolean('maybe'))).toBe("'maybe' is not yes or no");
  });
});

describe('parseEmail', () => {
  it('trims and lower-cases like the app does', () => {
    expect(parseEmail('  Ana.Ruiz@Example.COM ')).toBe('ana.ruiz@example.com');
    expect(parseEmail('o.brien+crm@granite-group.example')).toBe(
      'o.brien+crm@granite-group.example',
    );
  });

  it('takes the address out of "Name <address>" and mailto:', () => {
    expect(parseEmail('Ana Ruiz <ana@example.com>')).toBe('ana@example.com');
    expect(parseEmail('mailto:Ana@Example.com')).toBe('ana@example.com');
  });

  it('gives null for an empty cell', () => {
    expect(parseEmail('')).toBeNull();
  });

  it('refuses what the app refuses', () => {
    for (const t of [
      'not-an-email',
      'a@b',
      'ana@@x.example',
      'ana@x..example',
      'ana x@example.com',
      '@example.com',
    ]) {
      expect(reason(() => parseEmail(t))).toBe(`'${t}' is not an email address`);
    }
    expect(reason(() => parseEmail(`${'a'.repeat(250)}@example.com`))).toMatch(
      /is not an email address$/,
    );
  });

  it('refuses internationalized addresses (RFC 6531) with their own reason', () => {
    expect(reason(() => parseEmail('c.fernández@quantum.example'))).toBe(
      "'c.fernández@quantum.example' contains letters outside A–Z (such as accents); Conduit accepts only email addresses written in plain ASCII",
    );
    expect(reason(() => parseEmail('ana@münchen.example'))).toMatch(/outside A–Z/);
  });
});
