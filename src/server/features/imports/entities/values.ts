import type { z } from 'zod';
import { sql } from 'kysely';
import { COUNTRY_CODES, countryName } from '../../../../shared/countries';
import type { ImportField } from '../../../../shared/imports';
import { RowError, type Trx } from './types';

/** Lower case, single spaces: how keys and labels are compared. */
export const norm = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();

/** "germany", "deutschland"… → "DE"; built once from the runtime's country names. */
let countryIndex: Map<string, string> | undefined;
export function countryCodeOf(text: string, field: string): string {
  const t = norm(text);
  if (/^[a-z]{2}$/.test(t)) return t.toUpperCase();
  if (!countryIndex) {
    countryIndex = new Map();
    for (const code of COUNTRY_CODES) {
      for (const locale of ['en', 'de', 'fr', 'es']) {
        countryIndex.set(norm(countryName(code, locale)), code);
      }
    }
    for (const [alias, code] of [
      ['usa', 'US'],
      ['united states of america', 'US'],
      ['uk', 'GB'],
      ['england', 'GB'],
    ] as const) {
      countryIndex.set(alias, code);
    }
  }
  const code = countryIndex.get(t);
  if (!code) throw new RowError(`"${text}" is not a country or a two-letter country code`, field);
  return code;
}

/** A pick-list value given as its key or its label (any case). */
export function pickKey(
  options: { key: string; label: string }[],
  text: string,
  field: string,
  fieldLabel: string,
): string {
  const t = norm(text);
  const hit = options.find((o) => o.key === t || norm(o.label) === t);
  if (!hit) throw new RowError(`"${text}" is not a value of ${fieldLabel}`, field);
  return hit.key;
}

/** The first problem zod found, as a row error naming the field. */
export function zodRowError(error: z.ZodError, fields: readonly ImportField[]): RowError {
  const issue = error.issues[0];
  const key = issue ? String(issue.path[0] ?? '') : '';
  const label = fields.find((f) => f.key === key)?.label ?? key;
  return new RowError(issue ? `${label} ${issue.message}`.trim() : 'is invalid', key || null);
}

export const field = (
  key: string,
  label: string,
  type: ImportField['type'],
  synonyms: string[] = [],
  required = false,
): ImportField => ({ key, label, required, type, synonyms });

/** The one active user with this email or name, or null (none, or several). */
export async function userIdByText(trx: Trx, text: string): Promise<string | null> {
  const t = norm(text);
  const rows = await trx
    .selectFrom('users')
    .select('id')
    .where((eb) => eb.or([eb(sql`lower(email)`, '=', t), eb(sql`lower(name)`, '=', t)]))
    .where('active', '=', true)
    .orderBy('id')
    .limit(2)
    .execute();
  return rows.length === 1 ? rows[0]!.id : null;
}

/** The one partner with this company name, or null. */
export async function partnerIdByText(trx: Trx, text: string): Promise<string | null> {
  const rows = await trx
    .selectFrom('partners')
    .select('id')
    .where(sql`lower(company_name)`, '=', norm(text))
    .orderBy('id')
    .limit(2)
    .execute();
  return rows.length === 1 ? rows[0]!.id : null;
}

/** Memoizes lookups by text for the length of a batch. */
export async function cached(
  cache: Map<string, string | null>,
  text: string,
  load: () => Promise<string | null>,
) {
  const key = norm(text);
  if (!cache.has(key)) cache.set(key, await load());
  return cache.get(key) ?? null;
}

/** Runs `work` so that a database error undoes only it; answers false when it failed so. */
export async function attempt(trx: Trx, work: () => Promise<unknown>, codes: string[]) {
  await sql`savepoint import_revert`.execute(trx);
  try {
    await work();
    await sql`release savepoint import_revert`.execute(trx);
    return true;
  } catch (err) {
    await sql`rollback to savepoint import_revert`.execute(trx);
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
    if (codes.includes(code)) return false;
    throw err;
  }
}

/**
 * For long loops on the main thread: every `every` calls, waits for the event loop to run what
 * else is due (HTTP requests above all), so a batch of rows never holds it for long.
 */
export function breather(every = 50) {
  let n = 0;
  return async () => {
    if (++n % every === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  };
}
