/**
 * Deterministic data generator: the same sizes and seed always produce the same rows (ids,
 * names, emails, statuses, timestamps), so benchmark runs and bug reports can be reproduced.
 *
 *   npm run bench:generate -- --partners 5000 --users-per-partner 3 --internal-users 50
 *   npm run bench:generate -- --target postgres --url postgres://postgres@127.0.0.1:5432/conduit_bench
 *
 * Each size flag is owned by one entry of GENERATORS; a feature that adds a table adds its flag
 * to SIZE_FLAGS and its generator to GENERATORS (e.g. `--leads 1000000`).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Faker, base, en, type Randomizer } from '@faker-js/faker';
import type pg from 'pg';
import { openDatabase, type Database } from '../src/server/db/connection';
import { migrate } from '../src/server/db/migrate';
import { hashPassword } from '../src/server/features/auth/secrets';
import type { InternalRole } from '../src/shared/roles';
import { parseFlags, runCli, usage, UsageError, type FlagSpec, type IntFlag } from './args';
import { ensureDatabase, redact } from './pg-admin';
import { int } from './stats';

/** Every generated user can sign in with this password. */
export const BENCH_PASSWORD = 'conduit-bench-2026';

/** Generated timestamps end here rather than at "now", so the output does not depend on the clock. */
export const DEFAULT_ANCHOR = '2026-11-01T00:00:00Z';

// ---------------------------------------------------------------------------------------------
// Randomness

/**
 * sfc32: a small, fast PRNG with good statistical quality. Seeded from a string key so every
 * generator gets its own stream: adding a table or changing one size leaves the other tables'
 * rows unchanged. Also serves as faker's randomizer, so faker output follows the same seed.
 */
export class Rng implements Randomizer {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(key: string) {
    this.reset(key);
  }

  // Arrow properties: faker calls next() and seed() detached from the object.
  seed = (seed: number | number[]): void => {
    this.reset(Array.isArray(seed) ? seed.join(',') : String(seed));
  };

  private reset(key: string) {
    const h = crypto.createHash('sha256').update(key).digest();
    this.a = h.readUInt32LE(0);
    this.b = h.readUInt32LE(4);
    this.c = h.readUInt32LE(8);
    this.d = h.readUInt32LE(12);
    // sfc32's first outputs correlate with the seed words; discard them.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** [0, 1) */
  next = (): number => this.uint32() / 4294967296;

  chance(p: number): boolean {
    return this.next() < p;
  }

  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let r = this.next() * total;
    for (const [v, w] of choices) {
      r -= w;
      if (r < 0) return v;
    }
    return choices[choices.length - 1]![0];
  }
}

const streamKeys = new Map<string, Uint32Array>();

/** murmur3's finalizer: a bijection on 32-bit integers that scrambles every bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
// Table lookups: Number#toString(16) is several times slower and this runs for every row.
const hex8 = (n: number) =>
  HEX[n >>> 24]! + HEX[(n >>> 16) & 255]! + HEX[(n >>> 8) & 255]! + HEX[n & 255]!;

/**
 * The id of row `i` of a generator: a function of (seed, stream, i) rather than a draw from a
 * stream, so any generator can reference another's rows (a user's partner) without keeping them
 * in memory. Each 32-bit lane is a bijection of i, so ids never repeat within a stream; the
 * per-stream key (sha256, computed once) separates streams. Far cheaper than a hash per row.
 */
export function uuidFor(seed: number, stream: string, i: number): string {
  const id = `${seed}/${stream}`;
  let k = streamKeys.get(id);
  if (!k) {
    const h = crypto.createHash('sha256').update(id).digest();
    k = Uint32Array.of(h.readUInt32LE(0), h.readUInt32LE(4), h.readUInt32LE(8), h.readUInt32LE(12));
    streamKeys.set(id, k);
  }
  const lo = i >>> 0;
  const hi = Math.floor(i / 0x1_0000_0000);
  const a = fmix32(lo ^ k[0]!);
  const b = fmix32(((lo ^ k[1]!) + Math.imul(hi + 1, 0x9e3779b9)) >>> 0);
  const c = fmix32(((lo ^ k[2]!) + Math.imul(hi + 2, 0x9e3779b9)) >>> 0);
  const d = fmix32(((lo ^ k[3]!) + Math.imul(hi + 3, 0x9e3779b9)) >>> 0);
  // Version 4 / RFC 4122 variant bits, so the ids look like any other uuid.
  const b2 = ((b & 0xffff0fff) | 0x00004000) >>> 0;
  const c2 = ((c & 0x3fffffff) | 0x80000000) >>> 0;
  const x = hex8(a) + hex8(b2) + hex8(c2) + hex8(d);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * A number in [0, 1) that is a pure function of (seed, stream, i), like uuidFor: lets one
 * generator know a property of another's row i (an opportunity's partner) without replaying it.
 */
export function unitFor(seed: number, stream: string, i: number): number {
  const id = `${seed}/${stream}`;
  let k = streamKeys.get(id);
  if (!k) {
    const h = crypto.createHash('sha256').update(id).digest();
    k = Uint32Array.of(h.readUInt32LE(0), h.readUInt32LE(4), h.readUInt32LE(8), h.readUInt32LE(12));
    streamKeys.set(id, k);
  }
  const lo = i >>> 0;
  const hi = Math.floor(i / 0x1_0000_0000);
  return fmix32((fmix32(lo ^ k[0]!) + Math.imul(hi + 1, 0x9e3779b9) + k[1]!) >>> 0) / 4294967296;
}

// ---------------------------------------------------------------------------------------------
// The generators

/** Size flags in insert order: a table comes after the tables it references. */
export const SIZE_FLAGS = [
  'internal-users',
  'partners',
  'users-per-partner',
  'consultants-per-partner',
  'accounts',
  'cases',
  'activities-per-partner',
  'leads',
  'opportunities',
  'opportunity-partners',
] as const;
export type SizeFlag = (typeof SIZE_FLAGS)[number];
export type Sizes = Record<SizeFlag, number>;

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export type RowContext = {
  rng: Rng;
  faker: Faker;
  sizes: Sizes;
  seed: number;
  anchorMs: number;
  passwordHash: string;
  id: (flag: SizeFlag, i: number) => string;
  /** Ids the migrations created (levels and stages, lowest first); empty when not loading. */
  levelIds: readonly string[];
  stageIds: readonly string[];
  /** Lead status and opportunity stage ids by key (the migrations' defaults). */
  leadStatusIds: Readonly<Record<string, string>>;
  opportunityStageIds: Readonly<Record<string, string>>;
  /** Generated internal users who are channel managers (a pure function of sizes and seed). */
  channelManagerIds: () => readonly string[];
  /** Name pools for the million-row tables (see NamePool). */
  names: () => NamePool;
};

/**
 * Faker's company names and cities cost 15–35 µs each, minutes over a million leads. The big
 * tables draw from pools faker filled once instead, and combine them the way faker does
 * ("Hahn - Kuhic", "Rowe, Kemmer and Jacobs", "Lang Group"), so names stay varied and searchable.
 */
export type NamePool = {
  first: readonly string[];
  last: readonly string[];
  city: readonly string[];
  company: (rng: Rng) => string;
};

const COMPANY_SUFFIXES = ['Inc', 'LLC', 'Group', 'and Sons', 'GmbH', 'Ltd', 'AG', 'SAS', 'BV'];

function namePool(seed: number, flag: string): NamePool {
  const rng = new Rng(`${seed}/${flag}/names`);
  const faker = new Faker({ locale: [en, base], randomizer: rng });
  const draw = (n: number, f: () => string) => [...new Set(Array.from({ length: n }, f))];
  const first = draw(2000, () => faker.person.firstName());
  const last = draw(3000, () => faker.person.lastName());
  const city = draw(1500, () => faker.location.city());
  const one = (r: Rng) => last[Math.floor(r.next() * last.length)]!;
  return {
    first,
    last,
    city,
    company: (r) => {
      const k = r.next();
      if (k < 0.45)
        return `${one(r)} ${COMPANY_SUFFIXES[Math.floor(r.next() * COMPANY_SUFFIXES.length)]!}`;
      if (k < 0.8) return `${one(r)} - ${one(r)}`;
      return `${one(r)}, ${one(r)} and ${one(r)}`;
    },
  };
}

const pickFrom = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;

export type TableGenerator = {
  table: string;
  help: string;
  default: number;
  /**
   * Column names and the PostgreSQL array element types used to unnest a batch; `cast` converts
   * the unnested value (e.g. an array literal sent as text → text[], since arrays of arrays
   * cannot be unnested row by row).
   */
  columns: readonly { name: string; type: string; cast?: string }[];
  /** How many rows this generator inserts for the given sizes. */
  count: (sizes: Sizes) => number;
  /** Row i; called for i = 0, 1, 2… in order, drawing from this generator's own stream. */
  row: (g: RowContext, i: number) => Row;
};

const DAY_MS = 86_400_000;
const iso = (t: number) => new Date(Math.floor(t)).toISOString();

/** Lower-case ASCII for email local parts ("O'Hara" → "ohara"). */
function slug(s: string): string {
  return (
    s
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '') || 'x'
  );
}

/** Created within `spanDays` before the anchor, updated some time after that. */
function lifetime(g: RowContext, spanDays: number) {
  const created = g.anchorMs - g.rng.next() * spanDays * DAY_MS;
  const updated = created + g.rng.next() * (g.anchorMs - created);
  return { created, updated };
}

const USER_COLUMNS = [
  { name: 'id', type: 'uuid' },
  { name: 'email', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'role', type: 'text' },
  { name: 'partner_id', type: 'uuid' },
  { name: 'password_hash', type: 'text' },
  { name: 'active', type: 'boolean' },
  { name: 'deactivated_at', type: 'timestamptz' },
  { name: 'last_login_at', type: 'timestamptz' },
  { name: 'created_at', type: 'timestamptz' },
  { name: 'updated_at', type: 'timestamptz' },
] as const;

function userRow(
  g: RowContext,
  u: {
    id: string;
    domain: string;
    n: number;
    role: string;
    partnerId: string | null;
    active: boolean;
  },
): Row {
  const first = g.faker.person.firstName();
  const last = g.faker.person.lastName();
  const { created, updated } = lifetime(g, 2 * 365);
  const loggedIn = g.rng.chance(0.7) ? created + g.rng.next() * (g.anchorMs - created) : null;
  return {
    id: u.id,
    // The row number keeps emails unique however often faker repeats a name.
    email: `${slug(first)}.${slug(last)}.${u.n}@${u.domain}`,
    name: `${first} ${last}`,
    role: u.role,
    partner_id: u.partnerId,
    password_hash: g.passwordHash,
    active: u.active,
    deactivated_at: u.active ? null : iso(updated),
    last_login_at: loggedIn === null ? null : iso(loggedIn),
    created_at: iso(created),
    updated_at: iso(updated),
  };
}

const PARTNER_STATUS_MIX = [
  ['active', 80],
  ['applicant', 8],
  ['suspended', 7],
  ['archived', 5],
] as const;

const PARTNER_TYPE_MIX = [
  ['reseller', 40],
  ['var', 20],
  ['distributor', 10],
  ['system_integrator', 15],
  ['referral', 12],
  ['oem', 3],
] as const;
const COUNTRY_MIX = [
  ['US', 30],
  ['DE', 15],
  ['GB', 12],
  ['FR', 10],
  ['NL', 6],
  ['AT', 4],
  ['CH', 4],
  ['ES', 5],
  ['IT', 5],
  ['CA', 5],
  ['AU', 4],
] as const;
const LEVEL_MIX = [
  [0, 60],
  [1, 28],
  [2, 12],
] as const;
const SLA_MIX = [
  ['basic', 30],
  ['standard', 55],
  ['premium', 15],
] as const;
const TAGS = ['cloud', 'security', 'smb', 'enterprise', 'public-sector', 'healthcare'] as const;
const JOB_TITLES = [
  'Sales Manager',
  'Account Executive',
  'Pre-sales Engineer',
  'Managing Director',
  'Solutions Architect',
  'Partner Manager',
  'Technical Consultant',
] as const;
const INDUSTRIES = [
  'Manufacturing',
  'Retail',
  'Healthcare',
  'Finance',
  'Public sector',
  'Education',
  'Logistics',
  'Software',
] as const;
const SIZES = ['1-10', '11-50', '51-200', '201-1000', '1001-5000', '5000+'] as const;
const CASE_STATUS_MIX = [
  ['new', 10],
  ['open', 25],
  ['pending', 10],
  ['resolved', 25],
  ['closed', 30],
] as const;
const ACTIVITY_TYPES = ['call', 'meeting', 'email', 'task', 'demo', 'note'] as const;

const INTERNAL_ROLE_MIX: readonly (readonly [InternalRole, number])[] = [
  ['channel_manager', 35],
  ['sales_rep', 35],
  ['finance', 10],
  ['marketing', 10],
  ['admin', 10],
];

// Leads and opportunities: the migrations' default status path, stages and pick-list keys.
const LEAD_STATUS_KEYS = ['new', 'qualification', 'not_in_target', 'converted'] as const;
const LEAD_STATUS_MIX = [
  ['new', 40],
  ['qualification', 27],
  ['not_in_target', 21],
  ['converted', 12],
] as const;
const STAGE_KEYS = [
  'prospecting',
  'qualification',
  'needs_analysis',
  'proposal',
  'negotiation',
  'closed_won',
  'closed_lost',
] as const;
const LEAD_SOURCE_MIX = [
  ['partner_referral', 30],
  ['web', 22],
  ['email_campaign', 14],
  ['event', 12],
  ['external_campaign', 8],
  ['cold_call', 8],
  ['other', 6],
] as const;
const POWER_MIX = [
  ['decision_maker', 20],
  ['influencer', 32],
  ['evaluator', 26],
  ['user', 22],
] as const;
const LEAD_JOB_TITLE_MIX = [
  ['it_manager', 28],
  ['cto', 12],
  ['operations', 14],
  ['procurement', 10],
  ['sales', 10],
  ['ceo', 8],
  ['cfo', 6],
  ['other', 12],
] as const;
const LEAD_INDUSTRIES = [
  'manufacturing',
  'retail',
  'healthcare',
  'finance',
  'public_sector',
  'education',
  'hospitality',
  'technology',
  'logistics',
  'other',
] as const;
const RATING_MIX = [
  ['cold', 52],
  ['warm', 34],
  ['hot', 14],
] as const;
const CURRENCY_MIX = [
  ['EUR', 45],
  ['USD', 35],
  ['GBP', 12],
  ['CHF', 5],
  ['SEK', 3],
] as const;
const LOSS_REASONS = ['price', 'competitor', 'no_budget', 'no_decision', 'product_fit', 'timing'];
const PRODUCTS = [
  'Platform licences',
  'Analytics add-on',
  'Security suite',
  'Cloud migration',
  'Enterprise upgrade',
  'Managed services',
  'Seat expansion',
  'Data integration',
] as const;

/**
 * A partner index skewed towards the first partners (density ∝ 1/√index), like a real channel
 * where a few partners bring most of the business: with 10,000 partners the first has ~1% of
 * all leads, the median one a few dozen.
 */
const skewedIndex = (u: number, n: number) => Math.min(n - 1, Math.floor(n * u * u));

/** The working partner of opportunity i (80% have one), or null: pure, see unitFor. */
function opportunityPartner(seed: number, sizes: Sizes, i: number): number | null {
  if (sizes.partners === 0 || unitFor(seed, 'opportunity-has-partner', i) >= 0.8) return null;
  return skewedIndex(unitFor(seed, 'opportunity-partner', i), sizes.partners);
}

function opportunitySource(seed: number, sizes: Sizes, i: number) {
  if (opportunityPartner(seed, sizes, i) === null) return 'direct';
  return unitFor(seed, 'opportunity-source', i) < 0.55 ? 'partner_registered' : 'vendor_routed';
}

/** Credited partners: at most this many per opportunity (the flag is capped to it). */
const MAX_CREDITS_PER_OPPORTUNITY = 3;

/** A user of partner p: a rep when it has any (70%), else its admin. */
function partnerUserOf(g: RowContext, p: number): string {
  const n = g.sizes['users-per-partner'];
  const k = n > 1 && g.rng.chance(0.7) ? 1 + Math.floor(g.rng.next() * (n - 1)) : 0;
  return g.id('users-per-partner', p * n + k);
}

const CLOSE_QUARTER_MIX = [
  [-8, 5],
  [-7, 5],
  [-6, 6],
  [-5, 7],
  [-4, 8],
  [-3, 9],
  [-2, 10],
  [-1, 11],
  [0, 14],
  [1, 12],
  [2, 8],
  [3, 5],
] as const;

/** The first day of the calendar quarter `offset` quarters from the one containing `ms`. */
function quarterStartMs(ms: number, offset: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), (Math.floor(d.getUTCMonth() / 3) + offset) * 3, 1);
}

export const GENERATORS: { readonly [F in SizeFlag]: TableGenerator } = {
  partners: {
    table: 'partners',
    help: 'partner companies',
    default: 10_000,
    columns: [
      { name: 'id', type: 'uuid' },
      { name: 'company_name', type: 'text' },
      { name: 'status', type: 'text' },
      { name: 'website', type: 'text' },
      { name: 'domain', type: 'text' },
      { name: 'email', type: 'text' },
      { name: 'phone', type: 'text' },
      { name: 'city', type: 'text' },
      { name: 'country_code', type: 'text' },
      { name: 'partner_type', type: 'text' },
      { name: 'level_id', type: 'uuid' },
      { name: 'activation_stage_id', type: 'uuid' },
      { name: 'channel_manager_id', type: 'uuid' },
      { name: 'tags', type: 'text', cast: 'text[]' },
      { name: 'partnership_date', type: 'date' },
      { name: 'next_review_date', type: 'date' },
      { name: 'sla_tier', type: 'text' },
      { name: 'archived_at', type: 'timestamptz' },
      { name: 'created_at', type: 'timestamptz' },
      { name: 'updated_at', type: 'timestamptz' },
    ],
    count: (s) => s.partners,
    row: (g, i) => {
      const { created, updated } = lifetime(g, 3 * 365);
      const name = g.faker.company.name();
      const status = g.rng.weighted(PARTNER_STATUS_MIX);
      const domain = `${slug(name).slice(0, 40)}${i}.example.test`;
      const managers = g.channelManagerIds();
      const pick = <T>(xs: readonly T[]) =>
        xs.length ? xs[Math.floor(g.rng.next() * xs.length)]! : null;
      const tags = TAGS.filter(() => g.rng.chance(0.15));
      return {
        id: g.id('partners', i),
        company_name: name,
        status,
        website: `https://www.${domain}`,
        domain,
        email: `partners@${domain}`,
        phone: g.faker.phone.number({ style: 'international' }),
        city: g.faker.location.city(),
        country_code: g.rng.weighted(COUNTRY_MIX),
        partner_type: g.rng.weighted(PARTNER_TYPE_MIX),
        level_id: g.levelIds.length ? g.levelIds[g.rng.weighted(LEVEL_MIX)]! : null,
        activation_stage_id: pick(g.stageIds),
        channel_manager_id: g.rng.chance(0.9) ? pick(managers) : null,
        // a PostgreSQL array literal, cast to text[] by the insert (see `cast` above)
        tags: `{${tags.join(',')}}`,
        partnership_date: iso(created).slice(0, 10),
        next_review_date: iso(g.anchorMs + (g.rng.next() * 365 - 60) * DAY_MS).slice(0, 10),
        sla_tier: g.rng.weighted(SLA_MIX),
        archived_at: status === 'archived' ? iso(updated) : null,
        created_at: iso(created),
        updated_at: iso(updated),
      };
    },
  },
  'internal-users': {
    table: 'users',
    help: 'vendor staff users (the first is an active admin)',
    default: 50,
    columns: USER_COLUMNS,
    count: (s) => s['internal-users'],
    row: (g, i) =>
      userRow(g, {
        id: g.id('internal-users', i),
        domain: 'vendor.example.test',
        n: i,
        role: i === 0 ? 'admin' : g.rng.weighted(INTERNAL_ROLE_MIX),
        partnerId: null,
        active: i === 0 || g.rng.chance(0.97),
      }),
  },
  'users-per-partner': {
    table: 'users',
    help: 'users per partner (the first is its partner admin, the rest reps)',
    default: 3,
    columns: USER_COLUMNS,
    count: (s) => s.partners * s['users-per-partner'],
    row: (g, i) => {
      const p = Math.floor(i / g.sizes['users-per-partner']);
      const first = i % g.sizes['users-per-partner'] === 0;
      return userRow(g, {
        id: g.id('users-per-partner', i),
        domain: `partner${p}.example.test`,
        n: i,
        role: first ? 'partner_admin' : 'partner_rep',
        partnerId: g.id('partners', p),
        active: first || g.rng.chance(0.95),
      });
    },
  },
  'consultants-per-partner': {
    table: 'consultants',
    help: 'consultants (partner contacts) per partner',
    default: 20,
    columns: [
      { name: 'id', type: 'uuid' },
      { name: 'partner_id', type: 'uuid' },
      { name: 'first_name', type: 'text' },
      { name: 'last_name', type: 'text' },
      { name: 'email', type: 'text' },
      { name: 'phone', type: 'text' },
      { name: 'job_title', type: 'text' },
      { name: 'visible', type: 'boolean' },
      { name: 'archived_at', type: 'timestamptz' },
      { name: 'created_at', type: 'timestamptz' },
      { name: 'updated_at', type: 'timestamptz' },
    ],
    count: (s) => s.partners * s['consultants-per-partner'],
    row: (g, i) => {
      const p = Math.floor(i / g.sizes['consultants-per-partner']);
      const first = g.faker.person.firstName();
      const last = g.faker.person.lastName();
      const { created, updated } = lifetime(g, 2 * 365);
      return {
        id: g.id('consultants-per-partner', i),
        partner_id: g.id('partners', p),
        first_name: first,
        last_name: last,
        email: `${slug(first)}.${slug(last)}.${i}@partner${p}.example.test`,
        phone: g.faker.phone.number({ style: 'international' }),
        job_title: JOB_TITLES[Math.floor(g.rng.next() * JOB_TITLES.length)]!,
        visible: g.rng.chance(0.95),
        archived_at: g.rng.chance(0.03) ? iso(updated) : null,
        created_at: iso(created),
        updated_at: iso(updated),
      };
    },
  },
  accounts: {
    table: 'accounts',
    help: 'customer accounts (60% managed by a partner)',
    default: 20_000,
    columns: [
      { name: 'id', type: 'uuid' },
      { name: 'name', type: 'text' },
      { name: 'domain', type: 'text' },
      { name: 'industry', type: 'text' },
      { name: 'company_size', type: 'text' },
      { name: 'country_code', type: 'text' },
      { name: 'managed_by_partner_id', type: 'uuid' },
      { name: 'created_at', type: 'timestamptz' },
      { name: 'updated_at', type: 'timestamptz' },
    ],
    count: (s) => s.accounts,
    row: (g, i) => {
      const name = g.faker.company.name();
      const { created, updated } = lifetime(g, 3 * 365);
      const managed = g.sizes.partners > 0 && g.rng.chance(0.6);
      return {
        id: g.id('accounts', i),
        name,
        domain: `${slug(name).slice(0, 40)}-c${i}.example.test`,
        industry: INDUSTRIES[Math.floor(g.rng.next() * INDUSTRIES.length)]!,
        company_size: SIZES[Math.floor(g.rng.next() * SIZES.length)]!,
        country_code: g.rng.weighted(COUNTRY_MIX),
        managed_by_partner_id: managed
          ? g.id('partners', Math.floor(g.rng.next() * g.sizes.partners))
          : null,
        created_at: iso(created),
        updated_at: iso(updated),
      };
    },
  },
  cases: {
    table: 'cases',
    help: 'support cases on generated accounts (managed by the account’s partner)',
    default: 20_000,
    columns: [
      { name: 'id', type: 'uuid' },
      { name: 'subject', type: 'text' },
      { name: 'status', type: 'text' },
      { name: 'priority', type: 'text' },
      { name: 'managed_by_partner_id', type: 'uuid' },
      { name: 'created_at', type: 'timestamptz' },
      { name: 'updated_at', type: 'timestamptz' },
    ],
    count: (s) => (s.accounts > 0 ? s.cases : 0),
    row: (g, i) => {
      const { created, updated } = lifetime(g, 365);
      const managed = g.sizes.partners > 0 && g.rng.chance(0.6);
      return {
        id: g.id('cases', i),
        subject: g.faker.hacker.phrase().slice(0, 200),
        status: g.rng.weighted(CASE_STATUS_MIX),
        priority: g.rng.weighted([
          ['low', 20],
          ['normal', 60],
          ['high', 15],
          ['urgent', 5],
        ] as const),
        managed_by_partner_id: managed
          ? g.id('partners', Math.floor(g.rng.next() * g.sizes.partners))
          : null,
        created_at: iso(created),
        updated_at: iso(updated),
      };
    },
  },
  'activities-per-partner': {
    table: 'activities',
    help: 'sales activities logged on each partner',
    default: 5,
    columns: [
      { name: 'id', type: 'uuid' },
      { name: 'record_type', type: 'text' },
      { name: 'record_id', type: 'uuid' },
      { name: 'partner_id', type: 'uuid' },
      { name: 'type', type: 'text' },
      { name: 'subject', type: 'text' },
      { name: 'occurred_at', type: 'timestamptz' },
      { name: 'duration_minutes', type: 'int' },
      { name: 'created_at', type: 'timestamptz' },
      { name: 'updated_at', type: 'timestamptz' },
    ],
    count: (s) => s.partners * s['activities-per-partner'],
    row: (g, i) => {
      const p = g.id('partners', Math.floor(i / g.sizes['activities-per-partner']));
      const { created, updated } = lifetime(g, 365);
      const type = ACTIVITY_TYPES[Math.floor(g.rng.next() * ACTIVITY_TYPES.length)]!;
      return {
        id: g.id('activities-per-partner', i),
        record_type: 'partner',
        record_id: p,
        partner_id: p,
        type,
        subject: `${type[0]!.toUpperCase()}${type.slice(1)}: ${g.faker.company.buzzPhrase()}`.slice(
          0,
          200,
        ),
        occurred_at: iso(created),
        duration_minutes: type === 'note' ? null : 15 * (1 + Math.floor(g.rng.next() * 8)),
        created_at: iso(created),
        updated_at: iso(updated),
      };
    },
  },
  leads: {
    table: 'leads',
    help: 'leads (85% assigned to a partner, skewed towards the biggest partners)',
    default: 1_000_000,
    columns: [
      { name: 'id', type: 'uuid' },
      { name: 'company', type: 'text' },
      { name: 'first_name', type: 'text' },
      { name: 'last_name', type: 'text' },
      { name: 'job_title', type: 'text' },
      { name: 'email', type: 'text' },
      { name: 'phone', type: 'text' },
      { name: 'power', type: 'text' },
      { name: 'status_id', type: 'uuid' },
      { name: 'source', type: 'text' },
      { name: 'rating', type: 'text' },
      { name: 'score', type: 'int' },
      { name: 'scored_at', type: 'timestamptz' },
      { name: 'estimated_value', type: 'numeric' },
      { name: 'currency', type: 'text' },
      { name: 'industry', type: 'text' },
      { name: 'company_size', type: 'text' },
      { name: 'country_code', type: 'text' },
      { name: 'city', type: 'text' },
      { name: 'owner_id', type: 'uuid' },
      { name: 'partner_id', type: 'uuid' },
      { name: 'partner_user_id', type: 'uuid' },
      { name: 'referrer_id', type: 'uuid' },
      { name: 'created_by', type: 'uuid' },
      { name: 'created_by_partner', type: 'boolean' },
      { name: 'converted_at', type: 'timestamptz' },
      { name: 'last_activity_at', type: 'timestamptz' },
      { name: 'created_at', type: 'timestamptz' },
      { name: 'updated_at', type: 'timestamptz' },
    ],
    count: (s) => s.leads,
    row: (g, i) => {
      // Three years, more of them recent: the programme grew.
      const age = 3 * 365 * g.rng.next() ** 1.3;
      const created = g.anchorMs - age * DAY_MS;
      const updated = created + g.rng.next() * (g.anchorMs - created) * 0.5;
      const p =
        g.sizes.partners > 0 && g.rng.chance(0.85)
          ? skewedIndex(g.rng.next(), g.sizes.partners)
          : null;
      const hasUsers = p !== null && g.sizes['users-per-partner'] > 0;
      const partnerUser = hasUsers && g.rng.chance(0.75) ? partnerUserOf(g, p) : null;
      // Fresh leads are still new; older ones have mostly been worked.
      const status =
        age < 14 ? (g.rng.chance(0.85) ? 'new' : 'qualification') : g.rng.weighted(LEAD_STATUS_MIX);
      let source: string = g.rng.weighted(LEAD_SOURCE_MIX);
      if (p === null && source === 'partner_referral') source = 'web';
      const referrer = hasUsers && source === 'partner_referral' ? partnerUserOf(g, p) : null;
      const names = g.names();
      const first = pickFrom(g.rng, names.first);
      const last = pickFrom(g.rng, names.last);
      const company = names.company(g.rng);
      const domain = `${slug(company).slice(0, 30)}.example`;
      const rating = g.rng.weighted(RATING_MIX);
      const score =
        rating === 'hot'
          ? 60 + Math.floor(g.rng.next() * 36)
          : rating === 'warm'
            ? 30 + Math.floor(g.rng.next() * 30)
            : Math.floor(g.rng.next() * 30);
      const managers = g.channelManagerIds();
      const owner = managers.length ? managers[Math.floor(g.rng.next() * managers.length)]! : null;
      const byPartner = partnerUser !== null && g.rng.chance(0.4);
      const value = 2000 * Math.exp(g.rng.next() * 4.5);
      return {
        id: g.id('leads', i),
        company,
        first_name: first,
        last_name: last,
        job_title: g.rng.weighted(LEAD_JOB_TITLE_MIX),
        email: `${slug(first)}.${slug(last)}.${i}@${domain}`,
        phone: g.rng.chance(0.6)
          ? `+1 ${200 + Math.floor(g.rng.next() * 800)} 555 ${String(Math.floor(g.rng.next() * 10000)).padStart(4, '0')}`
          : null,
        power: g.rng.weighted(POWER_MIX),
        status_id: g.leadStatusIds[status] ?? null,
        source,
        rating,
        score,
        scored_at: iso(updated),
        estimated_value: g.rng.chance(0.85) ? `${Math.round(value / 100) * 100}.00` : null,
        currency: g.rng.weighted(CURRENCY_MIX),
        industry: g.rng.chance(0.9)
          ? LEAD_INDUSTRIES[Math.floor(g.rng.next() * LEAD_INDUSTRIES.length)]!
          : null,
        company_size: g.rng.chance(0.9) ? SIZES[Math.floor(g.rng.next() * SIZES.length)]! : null,
        country_code: g.rng.weighted(COUNTRY_MIX),
        city: pickFrom(g.rng, names.city),
        owner_id: owner,
        partner_id: p === null ? null : g.id('partners', p),
        partner_user_id: partnerUser,
        referrer_id: referrer,
        created_by: byPartner ? partnerUser : owner,
        created_by_partner: byPartner,
        converted_at: status === 'converted' ? iso(updated) : null,
        last_activity_at: g.rng.chance(0.6)
          ? iso(created + g.rng.next() * (g.anchorMs - created))
          : null,
        created_at: iso(created),
        updated_at: iso(updated),
      };
    },
  },
  opportunities: {
    table: 'opportunities',
    help: 'opportunities, closing over the 8 quarters before the anchor and the 3 after',
    default: 300_000,
    columns: [
      { name: 'id', type: 'uuid' },
      { name: 'name', type: 'text' },
      { name: 'account_id', type: 'uuid' },
      { name: 'stage_id', type: 'uuid' },
      { name: 'amount', type: 'numeric' },
      { name: 'currency', type: 'text' },
      { name: 'close_date', type: 'date' },
      { name: 'owner_id', type: 'uuid' },
      { name: 'loss_reason', type: 'text' },
      { name: 'source', type: 'text' },
      { name: 'partner_id', type: 'uuid' },
      { name: 'partner_user_id', type: 'uuid' },
      { name: 'created_by_partner', type: 'boolean' },
      { name: 'closed_at', type: 'timestamptz' },
      { name: 'created_at', type: 'timestamptz' },
      { name: 'updated_at', type: 'timestamptz' },
    ],
    count: (s) => s.opportunities,
    row: (g, i) => {
      const p = opportunityPartner(g.seed, g.sizes, i);
      const source = opportunitySource(g.seed, g.sizes, i);
      const quarter = g.rng.weighted(CLOSE_QUARTER_MIX);
      const qStart = quarterStartMs(g.anchorMs, quarter);
      const close = qStart + g.rng.next() * (quarterStartMs(g.anchorMs, quarter + 1) - qStart);
      const cycle = (20 + g.rng.next() * 160) * DAY_MS;
      const created = Math.min(g.anchorMs - DAY_MS, close - cycle);
      // Partners differ in how often they win, so medians across the network mean something.
      const winRate = 0.3 + 0.4 * (p === null ? 0.4 : unitFor(g.seed, 'partner-win-rate', p));
      let stage: string;
      if (close < g.anchorMs && g.rng.chance(0.9)) {
        stage = g.rng.chance(winRate) ? 'closed_won' : 'closed_lost';
      } else {
        const weeksOut = (close - g.anchorMs) / (7 * DAY_MS);
        const late = Math.max(0, Math.min(1, 1 - weeksOut / 26));
        stage = STAGE_KEYS[Math.min(4, Math.floor(g.rng.next() ** (1 - late * 0.7) * 5))]!;
      }
      const closed = stage === 'closed_won' || stage === 'closed_lost';
      const managers = g.channelManagerIds();
      const partnerUser =
        p !== null && g.sizes['users-per-partner'] > 0 && g.rng.chance(0.6)
          ? partnerUserOf(g, p)
          : null;
      const amount = 3000 * Math.exp(g.rng.next() * 4.2);
      const closedAt = closed ? Math.min(g.anchorMs, close) : null;
      return {
        id: g.id('opportunities', i),
        name: `${g.names().company(g.rng)} – ${pickFrom(g.rng, PRODUCTS)}`,
        account_id:
          g.sizes.accounts > 0 && g.rng.chance(0.9)
            ? g.id('accounts', Math.floor(g.rng.next() * g.sizes.accounts))
            : null,
        stage_id: g.opportunityStageIds[stage] ?? null,
        amount: `${Math.round(amount / 100) * 100}.00`,
        currency: g.rng.weighted(CURRENCY_MIX),
        close_date: iso(close).slice(0, 10),
        owner_id: managers.length ? managers[Math.floor(g.rng.next() * managers.length)]! : null,
        loss_reason:
          stage === 'closed_lost'
            ? LOSS_REASONS[Math.floor(g.rng.next() * LOSS_REASONS.length)]!
            : null,
        source,
        partner_id: p === null ? null : g.id('partners', p),
        partner_user_id: partnerUser,
        created_by_partner: source === 'partner_registered' && partnerUser !== null,
        closed_at: closedAt === null ? null : iso(closedAt),
        created_at: iso(created),
        updated_at: iso(closedAt ?? created + g.rng.next() * (g.anchorMs - created)),
      };
    },
  },
  'opportunity-partners': {
    table: 'opportunity_partners',
    help: `partners credited on opportunities: the working partner first, then others (at most ${MAX_CREDITS_PER_OPPORTUNITY} per opportunity)`,
    default: 360_000,
    columns: [
      { name: 'opportunity_id', type: 'uuid' },
      { name: 'partner_id', type: 'uuid' },
      { name: 'role', type: 'text' },
      { name: 'created_at', type: 'timestamptz' },
    ],
    count: (s) =>
      Math.min(
        s['opportunity-partners'],
        s.opportunities * Math.min(s.partners, MAX_CREDITS_PER_OPPORTUNITY),
      ),
    row: (g, i) => {
      // Row i credits opportunity i mod n; the first pass credits each working partner (or, on a
      // direct deal, an influencing one), later passes add other partners.
      const n = g.sizes.opportunities;
      const j = i % n;
      const pass = Math.floor(i / n);
      const working = opportunityPartner(g.seed, g.sizes, j);
      const base =
        working ?? skewedIndex(unitFor(g.seed, 'opportunity-influencer', j), g.sizes.partners);
      const role =
        pass > 0
          ? g.rng.chance(0.6)
            ? 'influencing'
            : 'implementing'
          : working === null
            ? 'influencing'
            : opportunitySource(g.seed, g.sizes, j) === 'partner_registered'
              ? 'sourcing'
              : 'implementing';
      return {
        opportunity_id: g.id('opportunities', j),
        // distinct per opportunity since pass < min(partners, MAX_CREDITS_PER_OPPORTUNITY)
        partner_id: g.id('partners', (base + pass) % g.sizes.partners),
        role,
        created_at: iso(g.anchorMs - g.rng.next() * 2 * 365 * DAY_MS),
      };
    },
  },
};

export const DEFAULT_SIZES = Object.fromEntries(
  SIZE_FLAGS.map((f) => [f, GENERATORS[f].default]),
) as Sizes;

/** One CLI flag per generator, shared by generate.ts and run.ts. */
export function sizeFlagSpecs(): Record<SizeFlag, IntFlag> {
  return Object.fromEntries(
    SIZE_FLAGS.map((f) => [
      f,
      { kind: 'int', default: GENERATORS[f].default, help: GENERATORS[f].help },
    ]),
  ) as Record<SizeFlag, IntFlag>;
}

export function sizesFrom(flags: Record<SizeFlag, number>): Sizes {
  return Object.fromEntries(SIZE_FLAGS.map((f) => [f, flags[f]])) as Sizes;
}

export type RowOptions = {
  anchorMs?: number;
  passwordHash?: string;
  levelIds?: readonly string[];
  stageIds?: readonly string[];
  leadStatusIds?: Readonly<Record<string, string>>;
  opportunityStageIds?: Readonly<Record<string, string>>;
};

/** Stand-in ids when rows are built without a database (tests): well-formed, stable. */
const placeholderIds = (seed: number, stream: string, keys: readonly string[]) =>
  Object.fromEntries(keys.map((k, i) => [k, uuidFor(seed, stream, i)]));

function context(flag: SizeFlag, sizes: Sizes, seed: number, opts: RowOptions): RowContext {
  const rng = new Rng(`${seed}/${flag}`);
  let managers: readonly string[] | undefined;
  let names: NamePool | undefined;
  return {
    rng,
    faker: new Faker({ locale: [en, base], randomizer: rng }),
    sizes,
    seed,
    anchorMs: opts.anchorMs ?? Date.parse(DEFAULT_ANCHOR),
    // Argon2 salts are random by design, so the hash is the one value that differs between runs;
    // row builders take it as an input and stay pure.
    passwordHash: opts.passwordHash ?? 'not-a-hash',
    id: (f, i) => uuidFor(seed, f, i),
    levelIds: opts.levelIds ?? [],
    stageIds: opts.stageIds ?? [],
    leadStatusIds: opts.leadStatusIds ?? placeholderIds(seed, 'lead_statuses', LEAD_STATUS_KEYS),
    opportunityStageIds:
      opts.opportunityStageIds ?? placeholderIds(seed, 'opportunity_stages', STAGE_KEYS),
    channelManagerIds: () => (managers ??= channelManagersOf(sizes, seed, opts)),
    names: () => (names ??= namePool(seed, flag)),
  };
}

function channelManagersOf(sizes: Sizes, seed: number, opts: RowOptions): readonly string[] {
  const ids: string[] = [];
  for (const u of rowsOf('internal-users', sizes, seed, opts))
    if (u.role === 'channel_manager' || u.role === 'admin') ids.push(String(u.id));
  return ids;
}

/** The rows of one generator, in insert order. Pure: no database, no clock. */
export function* rowsOf(
  flag: SizeFlag,
  sizes: Sizes,
  seed: number,
  opts: RowOptions = {},
): Generator<Row, void, undefined> {
  const gen = GENERATORS[flag];
  const g = context(flag, sizes, seed, opts);
  const n = gen.count(sizes);
  for (let i = 0; i < n; i++) yield gen.row(g, i);
}

// ---------------------------------------------------------------------------------------------
// Loading

export type TableStats = { flag: SizeFlag; table: string; rows: number; ms: number };

export type GenerateOptions = RowOptions & {
  /** Rows per INSERT statement. */
  batchSize?: number;
  /** Empty the generated tables first instead of refusing to add to existing rows. */
  truncate?: boolean;
  onTable?: (stats: TableStats) => void;
};

/**
 * One statement per batch: `insert … select * from unnest($1::uuid[], $2::text[], …)`. It has one
 * parameter per column whatever the batch size (PostgreSQL caps a statement at 65535 parameters),
 * and it is an unnamed statement, which PGlite requires.
 */
export function insertSql(gen: TableGenerator): string {
  const cols = gen.columns.map((c) => c.name).join(', ');
  const arrays = gen.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  if (!gen.columns.some((c) => c.cast))
    return `insert into ${gen.table} (${cols}) select * from unnest(${arrays})`;
  const picks = gen.columns.map((c) => (c.cast ? `${c.name}::${c.cast}` : c.name)).join(', ');
  return `insert into ${gen.table} (${cols}) select ${picks} from unnest(${arrays}) as u(${cols})`;
}

/** Tables loaded with at least this many rows get their secondary indexes rebuilt after. */
const REBUILD_INDEXES_FROM = 100_000;

/**
 * Drops the indexes of `table` that back no constraint (primary keys and unique constraints
 * stay: they are referenced and checked) and returns the statements that recreate them.
 */
async function dropSecondaryIndexes(client: pg.PoolClient, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
       from pg_index i
      where i.indrelid = $1::regclass
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    [table],
  );
  for (const r of rows) await client.query(`drop index ${r.name}`);
  return rows.map((r) => r.def);
}

function validateSizes(sizes: Sizes) {
  for (const f of SIZE_FLAGS) {
    if (!Number.isSafeInteger(sizes[f]) || sizes[f] < 0)
      throw new Error(`--${f} must be an integer ≥ 0`);
  }
}

/**
 * Inserts the generated rows of every generator into a migrated database. Refuses (unless
 * `truncate`) when a target table already has rows: generated ids and emails would collide.
 */
export async function generate(
  db: pg.Pool,
  sizes: Sizes,
  seed: number,
  opts: GenerateOptions = {},
): Promise<TableStats[]> {
  validateSizes(sizes);
  const batchSize = opts.batchSize ?? 5000;
  // Hashed once: argon2 is deliberately slow (~20 ms), far too slow to run per user.
  const passwordHash = opts.passwordHash ?? (await hashPassword(BENCH_PASSWORD));
  const active = SIZE_FLAGS.filter((f) => GENERATORS[f].count(sizes) > 0);
  const tables = [...new Set(active.map((f) => GENERATORS[f].table))];

  const client = await db.connect();
  try {
    // The migrations create the default levels and stages; partners reference them.
    const levelIds = (
      await client.query<{ id: string }>('select id from partner_levels order by rank')
    ).rows.map((r) => r.id);
    const stageIds = (
      await client.query<{ id: string }>('select id from activation_stages order by position')
    ).rows.map((r) => r.id);
    const byKey = async (table: 'lead_statuses' | 'opportunity_stages') =>
      Object.fromEntries(
        (await client.query<{ id: string; key: string }>(`select id, key from ${table}`)).rows.map(
          (r) => [r.key, r.id],
        ),
      );
    const leadStatusIds = await byKey('lead_statuses');
    const opportunityStageIds = await byKey('opportunity_stages');
    const nonEmpty: string[] = [];
    for (const t of tables) {
      const { rows } = await client.query<{ any: boolean }>(
        `select exists (select 1 from ${t}) as any`,
      );
      if (rows[0]?.any) nonEmpty.push(t);
    }
    if (nonEmpty.length) {
      if (!opts.truncate) {
        throw new UsageError(
          `Table(s) ${nonEmpty.join(', ')} already have rows; use an empty database or pass --truncate.`,
        );
      }
      await client.query(`truncate ${tables.join(', ')} cascade`);
    }

    // Referential checks lock every referenced row and, on PGlite, more than double the time a
    // million leads take to load. The generated references are consistent by construction
    // (generate.test.ts checks them), so a superuser load skips them — unless a table has a
    // trigger of its own, which replica mode would silently skip too.
    const triggers = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where not t.tgisinternal and c.relname = any($1)`,
      [tables],
    );
    const superuser = await client.query<{ on: string }>(
      "select current_setting('is_superuser') as on",
    );
    const skipChecks = triggers.rows[0]?.n === 0 && superuser.rows[0]?.on === 'on';
    if (skipChecks) await client.query('set session_replication_role = replica');

    const stats: TableStats[] = [];
    for (const flag of active) {
      const gen = GENERATORS[flag];
      const total = gen.count(sizes);
      const text = insertSql(gen);
      const rows = rowsOf(flag, sizes, seed, {
        ...opts,
        passwordHash,
        levelIds,
        stageIds,
        leadStatusIds,
        opportunityStageIds,
      });
      const started = performance.now();
      await client.query('begin');
      try {
        // Building an index once over a million rows is several times faster than maintaining it
        // row by row, so big loads drop the secondary indexes and recreate them — in the same
        // transaction, so an interrupted load leaves the indexes in place.
        const rebuild =
          total >= REBUILD_INDEXES_FROM ? await dropSecondaryIndexes(client, gen.table) : [];
        let pending: Promise<unknown> | undefined;
        for (let start = 0; start < total; start += batchSize) {
          const n = Math.min(batchSize, total - start);
          const arrays = gen.columns.map(() => new Array<Cell>(n));
          for (let r = 0; r < n; r++) {
            const next = rows.next();
            if (next.done) throw new Error(`${flag} produced fewer rows than its count`);
            const row = next.value;
            for (let c = 0; c < gen.columns.length; c++)
              arrays[c]![r] = row[gen.columns[c]!.name] ?? null;
          }
          // Build the next batch while the database works on the previous one.
          if (pending) await pending;
          pending = client.query(text, arrays);
          pending.catch(() => undefined); // observed by the await below; avoids an unhandled rejection
        }
        await pending;
        for (const def of rebuild) await client.query(def);
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      }
      const s = { flag, table: gen.table, rows: total, ms: performance.now() - started };
      stats.push(s);
      opts.onTable?.(s);
    }
    if (skipChecks) await client.query('reset session_replication_role');
    // Fresh statistics, so the planner sees the real table sizes right away.
    for (const t of tables) await client.query(`analyze ${t}`);
    return stats;
  } finally {
    client.release();
  }
}

export function formatStats(s: TableStats): string {
  const label = `${s.table} (--${s.flag})`;
  const rate = s.ms > 0 ? (s.rows / s.ms) * 1000 : Number.NaN;
  return `  ${label.padEnd(32)} ${int(s.rows).padStart(11)} rows ${(s.ms / 1000).toFixed(2).padStart(8)} s ${int(rate).padStart(11)} rows/s`;
}

// ---------------------------------------------------------------------------------------------
// CLI

const CLI_FLAGS = {
  ...sizeFlagSpecs(),
  seed: {
    kind: 'int',
    default: 1,
    help: 'random seed; the same flags and seed give the same data',
  },
  target: {
    kind: 'string',
    default: 'pglite',
    choices: ['pglite', 'postgres'],
    help: 'where to write',
  },
  'data-dir': { kind: 'string', help: 'PGlite data directory (default: a new temp dir, kept)' },
  url: { kind: 'string', help: 'PostgreSQL URL for --target postgres; created if missing' },
  batch: { kind: 'int', default: 5000, min: 1, help: 'rows per INSERT statement' },
  anchor: { kind: 'string', default: DEFAULT_ANCHOR, help: 'latest timestamp in the data' },
  truncate: {
    kind: 'bool',
    help: 'empty the generated tables first (cascades to referencing rows)',
  },
  help: { kind: 'bool', help: 'show this help' },
} satisfies Record<string, FlagSpec>;

async function main() {
  const flags = parseFlags(process.argv.slice(2), CLI_FLAGS);
  if (flags.help) {
    console.log(`Usage: npm run bench:generate -- [flags]\n\n${usage(CLI_FLAGS)}`);
    return;
  }
  const anchorMs = Date.parse(flags.anchor);
  if (Number.isNaN(anchorMs))
    throw new UsageError(`--anchor must be a date, got "${flags.anchor}"`);
  const sizes = sizesFrom(flags);

  let database: Database;
  let where: string;
  if (flags.target === 'postgres') {
    if (!flags.url) throw new UsageError('--target postgres needs --url postgres://…');
    const created = await ensureDatabase(flags.url);
    where = `${redact(flags.url)}${created ? ' (created)' : ''}`;
    database = await openDatabase({ kind: 'postgres', url: flags.url, poolSize: 2 });
  } else {
    const dir = path.resolve(
      flags['data-dir'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'conduit-data-')),
    );
    where = dir;
    database = await openDatabase({ kind: 'pglite', dataDir: dir, poolSize: 2 });
  }
  try {
    await migrate(database.pool);
    console.log(`Generating into ${where} (seed ${flags.seed}, ${flags.batch} rows per statement)`);
    const started = performance.now();
    const stats = await generate(database.pool, sizes, flags.seed, {
      anchorMs,
      batchSize: flags.batch,
      truncate: flags.truncate,
      onTable: (s) => console.log(formatStats(s)),
    });
    const rows = stats.reduce((n, s) => n + s.rows, 0);
    console.log(
      `  ${'total (incl. analyze)'.padEnd(32)} ${int(rows).padStart(11)} rows ${((performance.now() - started) / 1000).toFixed(2).padStart(8)} s`,
    );
    const admin = rowsOf('internal-users', sizes, flags.seed, { anchorMs }).next();
    if (!admin.done)
      console.log(`Sign in as ${String(admin.value.email)} with password ${BENCH_PASSWORD}`);
    if (database.mode === 'pglite')
      console.log(`Serve it with: CONDUIT_DATA_DIR=${where} npm start`);
  } finally {
    await database.close();
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) runCli(main);
