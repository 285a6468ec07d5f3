/**
 * Turning the text of an import cell into a typed value. Every function takes the cell's text and
 * returns the value, `null` for an empty cell (nothing but whitespace), or throws a CoerceError
 * whose message says, for the person who made the file, why the text is not a value of that
 * type: "'31.02.2026' is not a date". CoerceError is a RowError, so an importer that lets it
 * through fails just that row with this reason.
 */
import { Email } from '../../../shared/common';
import { RowError } from './entities/types';

export class CoerceError extends RowError {
  constructor(message: string, field: string | null = null) {
    super(message, field);
    this.name = 'CoerceError';
  }
}

const show = (text: string) => `'${text.length > 60 ? `${text.slice(0, 57)}...` : text}'`;

// ---------------------------------------------------------------------------------------- dates

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 'YYYY-MM-DD' when the day exists (no 31 February, 29 February only in leap years). */
function ymd(y: number, m: number, d: number): string | null {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?)?`;
const ISO = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}$`);
const YMD_SLASH = new RegExp(String.raw`^(\d{4})[/.](\d{1,2})[/.](\d{1,2})${TIME}$`);
const DMY_DOT = new RegExp(String.raw`^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})${TIME}$`);
const XY_SLASH = new RegExp(String.raw`^(\d{1,2})[/-](\d{1,2})[/-](\d{4})${TIME}$`);
const SERIAL = /^\d{5}(?:\.\d+)?$/;

/**
 * A date as 'YYYY-MM-DD'. Accepted, with an optional time after the date (which is ignored: the
 * date is the one written, whatever the time zone):
 * - ISO 8601: 2026-06-10, 2026-06-10T09:30:00Z, 2026-06-10 09:30
 * - year first with slashes or dots: 2026/06/10, 2026.06.10 (Salesforce reports)
 * - day first with dots: 10.06.2026 (German, Swiss, …)
 * - slashes or dashes with the year last: 10/06/2026 or 06/10/2026. The order is decided when it
 *   can be: a first number above 12 is the day (31/12/2026), a second number above 12 is the day
 *   of a US date (12/31/2026); when both could be a month (03/04/2026) and differ, the date is
 *   refused as ambiguous rather than guessed.
 * - an Excel serial day number of five digits (10000–99999: 1927–2173), as a spreadsheet saved
 *   without a date format shows a date. Shorter numbers ("2026") are refused: too likely not
 *   meant as days since 1900. XLSX cells with a date format already arrive as ISO dates.
 * Two-digit years are refused (which century is a guess).
 */
export function parseDate(text: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  const invalid = () => new CoerceError(`${show(t)} is not a date`);
  let m = ISO.exec(t) ?? YMD_SLASH.exec(t);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3])) ?? throwIt(invalid());
  m = DMY_DOT.exec(t);
  if (m) return ymd(Number(m[3]), Number(m[2]), Number(m[1])) ?? throwIt(invalid());
  m = XY_SLASH.exec(t);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = Number(m[3]);
    let result: string | null;
    if (a > 12) result = ymd(y, b, a);
    else if (b > 12) result = ymd(y, a, b);
    else if (a === b) result = ymd(y, a, b);
    else {
      throw new CoerceError(
        `${show(t)} is ambiguous: it could be the ${a}${ordinal(a)} of ${MONTHS[b - 1]} or the ${b}${ordinal(b)} of ${MONTHS[a - 1]}. Write dates as YYYY-MM-DD`,
      );
    }
    return result ?? throwIt(invalid());
  }
  if (SERIAL.test(t)) {
    const days = Math.floor(Number(t));
    const d = new Date((days - 25569) * 86_400_000);
    return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) ?? throwIt(invalid());
  }
  if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2}$/.test(t)) {
    throw new CoerceError(`${show(t)} has a two-digit year; write the year in full (YYYY-MM-DD)`);
  }
  throw invalid();
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const ordinal = (n: number) =>
  n % 10 === 1 && n !== 11
    ? 'st'
    : n % 10 === 2 && n !== 12
      ? 'nd'
      : n % 10 === 3 && n !== 13
        ? 'rd'
        : 'th';

function throwIt(err: Error): never {
  throw err;
}

// ------------------------------------------------------------------------------------- decimals

const CURRENCY =
  /^(?:[€$£¥₹₣₽]|CHF|EUR|USD|GBP|JPY|SEK|NOK|DKK|PLN|CZK|CAD|AUD|Fr\.)\s*|\s*(?:[€$£¥₹₣₽]|CHF|EUR|USD|GBP|JPY|SEK|NOK|DKK|PLN|CZK|CAD|AUD|Fr\.)$/gi;

/**
 * A decimal number as a plain decimal string ("-1234.56"): the form the database's numeric
 * columns and the API's money fields take. Understood:
 * - either separator: "1.234,56" and "1,234.56" are both 1234.56; with both present, the last one
 *   is the decimal separator and the other must group digits by three;
 * - one separator followed by exactly three digits, after one to three digits not starting with
 *   0, groups thousands: "12.000" and "12,000" are 12000 (German and English exports agree on
 *   this); otherwise it is the decimal separator: "12,5", "0.500", "1234,567";
 * - spaces, non-breaking spaces and apostrophes as thousands separators ("1 234", "1'234.50");
 * - a currency sign or code before or after ("€ 12.000", "12.000 EUR", "$1,200");
 * - a sign before (or "-" after) the number, and accounting negatives "(1,234.56)".
 * Anything else — letters, percentages, exponents, several numbers — is refused.
 */
export function parseDecimal(text: string): string | null {
  let t = text.trim();
  if (t === '') return null;
  const invalid = () => new CoerceError(`${show(text.trim())} is not a number`);
  if (t.length > 64) throw invalid();
  let negative = false;
  if (/^\(.*\)$/.test(t)) {
    negative = true;
    t = t.slice(1, -1).trim();
  }
  t = t.replace(CURRENCY, '').trim();
  if (/^[+-]/.test(t)) {
    negative = negative !== (t[0] === '-');
    t = t.slice(1).trim();
  } else if (/-$/.test(t)) {
    negative = !negative;
    t = t.slice(0, -1).trim();
  }
  t = t.replace(CURRENCY, '').trim();
  t = t.replace(/(\d)[\s\u00a0\u202f'’](?=\d{3}(?:\D|$))/g, '$1');
  if (!/^[\d.,]+$/.test(t) || !/\d/.test(t)) throw invalid();

  const lastDot = t.lastIndexOf('.');
  const lastComma = t.lastIndexOf(',');
  let intPart: string;
  let fraction = '';
  let group: string | null = null;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    group = decimal === '.' ? ',' : '.';
    const at = t.lastIndexOf(decimal);
    intPart = t.slice(0, at);
    fraction = t.slice(at + 1);
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const parts = t.split(sep);
    if (parts.length > 2) {
      group = sep;
      intPart = t;
    } else {
      const [a, b] = parts as [string, string];
      if (b.length === 3 && /^[1-9]\d{0,2}$/.test(a)) {
        group = sep;
        intPart = t;
      } else {
        intPart = a;
        fraction = b;
      }
    }
  } else {
    intPart = t;
  }
  if (group !== null) {
    const groups = intPart.split(group);
    if (!/^\d{1,3}$/.test(groups[0]!) || groups.slice(1).some((g) => !/^\d{3}$/.test(g)))
      throw invalid();
    intPart = groups.join('');
  }
  if (!/^\d*$/.test(intPart) || !/^\d*$/.test(fraction) || (intPart === '' && fraction === ''))
    throw invalid();
  const int = intPart.replace(/^0+(?=\d)/, '') || '0';
  const value = fraction ? `${int}.${fraction}` : int;
  return negative && /[1-9]/.test(value) ? `-${value}` : value;
}

// ------------------------------------------------------------------------------------- booleans

const TRUE = new Set([
  'true',
  'yes',
  'y',
  '1',
  'x',
  't',
  'on',
  'ja',
  'j',
  'wahr',
  'oui',
  'si',
  'sí',
  '✓',
  '✔',
  'checked',
]);
const FALSE = new Set([
  'false',
  'no',
  'n',
  '0',
  'f',
  'off',
  'nein',
  'falsch',
  'non',
  '-',
  'unchecked',
]);

/** Yes/no in the ways spreadsheets and CRM exports write it (English, German, French, Spanish, 1/0, x). */
export function parseBoolean(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (t === '') return null;
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  throw new CoerceError(`${show(text.trim())} is not yes or no`);
}

// --------------------------------------------------------------------------------------- emails

/**
 * An email address, checked and normalized by the same `Email` schema the app's forms and API
 * use (so an imported address is stored exactly as one typed in): trimmed and lower-cased — the
 * whole address, not only the domain, because that is how Conduit stores and matches emails.
 * A "mailto:" prefix and a display name around angle brackets ("Ana Ruiz <ana@x.example>") are
 * removed first.
 *
 * Internationalized addresses (RFC 6531: "c.fernández@quantum.example", or an IDN domain
 * "a@münchen.example") are refused with their own reason. They are valid addresses, but the app's
 * schema accepts only ASCII, many mail servers cannot deliver to them (SMTPUTF8 is optional),
 * and taking them in here would store addresses that the record's own edit form then rejects.
 */
export function parseEmail(text: string): string | null {
  let t = text.trim();
  if (t === '') return null;
  const angle = /<([^<>]*)>\s*$/.exec(t);
  if (angle) t = angle[1]!.trim();
  t = t.replace(/^mailto:/i, '');
  const parsed = Email.safeParse(t);
  if (parsed.success) return parsed.data;
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(t) && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(t)) {
    throw new CoerceError(
      `${show(text.trim())} contains letters outside A–Z (such as accents); Conduit accepts only email addresses written in plain ASCII`,
    );
  }
  throw new CoerceError(`${show(text.trim())} is not an email address`);
}
