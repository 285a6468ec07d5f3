/**
 * Demo sales data: campaigns, a few thousand leads and a few hundred opportunities spread over the
 * demo partners, with the notes, tasks, activities, follows and history a detail page shows.
 *
 * Loaded by `loadDemo` after the partners, users and accounts exist, in the same transaction. A
 * seeded PRNG makes the content the same on every load; dates are relative to the load time so
 * the open pipeline, the overdue tasks and the forecast quarters always look current. Rows go in
 * as multi-row inserts in chunks: the whole set loads in about a second on PGlite.
 */
import crypto from 'node:crypto';
import { sql, type Insertable, type Transaction } from 'kysely';
import type { DB } from './types';
import { loadScoringModel } from '../features/scoring/scoring.repo';
import { OPPORTUNITY_SOURCE_LABELS } from '../../shared/opportunities';
import { RATING_LABELS, ratingFor, scoreLead } from '../../shared/scoring';

const DAY_MS = 86_400_000;
const LEADS = 3000;
/** Opportunities on existing accounts, besides the ones created by converting leads. */
const EXTRA_OPPORTUNITIES = 110;

// ---------------------------------------------------------------------------------------------
// Randomness: mulberry32, seeded once, so the same demo comes out on every load.

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const chance = (p: number) => next() < p;
  function weighted<T>(choices: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let r = next() * total;
    for (const [v, w] of choices) {
      r -= w;
      if (r < 0) return v;
    }
    return choices[choices.length - 1]![0];
  }
  return { next, int, pick, chance, weighted };
}
type Rand = ReturnType<typeof prng>;

// ---------------------------------------------------------------------------------------------
// Vocabulary

// prettier-ignore
const FIRST = [
  'Anna', 'Ben', 'Clara', 'David', 'Elena', 'Finn', 'Greta', 'Henrik', 'Ines', 'Jakob',
  'Katja', 'Lars', 'Marta', 'Nils', 'Olga', 'Pablo', 'Quentin', 'Rosa', 'Stefan', 'Tara',
  'Ulrich', 'Vera', 'William', 'Xenia', 'Yusuf', 'Zara', 'Aidan', 'Beatrice', 'Carlos',
  'Dominika', 'Emil', 'Fatima', 'Georg', 'Hanna', 'Isabel', 'James', 'Laura', 'Matteo',
  'Nadia', 'Oliver', 'Paula', 'Rafael', 'Sophie', 'Thomas', 'Valentina', 'Jennifer',
  'Michael', 'Sarah', 'Robert', 'Emily',
] as const;
// prettier-ignore
const LAST = [
  'Andersson', 'Bauer', 'Castillo', 'Dubois', 'Eriksen', 'Ferrari', 'Garcia', 'Hoffmann',
  'Ivanova', 'Jansen', 'Keller', 'Lambert', 'Meier', 'Nowak', "O'Brien", 'Peeters', 'Quinn',
  'Richter', 'Schneider', 'Thompson', 'Urban', 'Vogel', 'Walsh', 'Young', 'Zimmermann',
  'Baker', 'Clarke', 'De Vries', 'Esposito', 'Fontaine', 'Gruber', 'Hughes', 'Jensen',
  'Kowalczyk', 'Lindqvist', 'Martin', 'Novak', 'Olsen', 'Petit', 'Rossi', 'Santos',
  'Tanaka', 'Weber', 'Müller', 'Smith', 'Johnson', 'Brown', 'Miller', 'Davis', 'Wilson',
] as const;
// prettier-ignore
const NAME_HEAD = [
  'Alder', 'Beacon', 'Brightline', 'Cedar', 'Cobalt', 'Crescent', 'Delta', 'Ember', 'Falcon',
  'Fenwick', 'Granite', 'Harbor', 'Helix', 'Ironwood', 'Juniper', 'Keystone', 'Lakeside',
  'Meridian', 'Nimbus', 'Northstar', 'Oakmont', 'Orbit', 'Pioneer', 'Quantum', 'Redstone',
  'Riverbend', 'Sapphire', 'Silverline', 'Summit', 'Tandem', 'Trident', 'Unity', 'Vanguard',
  'Westfield', 'Zenit', 'Aurora', 'Bergmann', 'Castell', 'Donau', 'Elbtal', 'Fjell', 'Gallo',
  'Hanse', 'Iberia', 'Lumière', 'Moselle', 'Nordic', 'Alpen', 'Rhein', 'Solaris',
] as const;
// prettier-ignore
const NAME_CORE = [
  'Logistics', 'Foods', 'Health', 'Insurance', 'Manufacturing', 'Retail', 'Energy', 'Systems',
  'Pharma', 'Engineering', 'Media', 'Bank', 'Hotels', 'Automotive', 'Textiles', 'Chemicals',
  'Software', 'Consulting', 'Clinics', 'Freight', 'Electronics', 'Construction', 'Telecom',
  'Labs', 'Education', 'Packaging', 'Foods & Beverages', 'Metalworks', 'Financial', 'Robotics',
] as const;
const SUFFIX: Record<string, readonly string[]> = {
  US: ['Inc.', 'LLC', 'Corp.', 'Group'],
  CA: ['Inc.', 'Ltd.'],
  GB: ['Ltd', 'plc', 'Group'],
  IE: ['Ltd', 'DAC'],
  DE: ['GmbH', 'AG', 'GmbH & Co. KG'],
  AT: ['GmbH', 'AG'],
  CH: ['AG', 'SA', 'GmbH'],
  FR: ['SAS', 'SA'],
  NL: ['B.V.', 'N.V.'],
  BE: ['NV', 'SA'],
  ES: ['S.L.', 'S.A.'],
  IT: ['S.p.A.', 'S.r.l.'],
  SE: ['AB'],
  DK: ['A/S', 'ApS'],
  NO: ['AS'],
  PL: ['Sp. z o.o.', 'S.A.'],
};
const CITIES: Record<string, readonly string[]> = {
  US: ['New York', 'Chicago', 'Austin', 'Seattle', 'Boston', 'Denver', 'Atlanta', 'San Diego'],
  CA: ['Toronto', 'Vancouver', 'Montreal', 'Calgary'],
  GB: ['London', 'Manchester', 'Bristol', 'Leeds', 'Edinburgh', 'Birmingham'],
  IE: ['Dublin', 'Cork', 'Galway'],
  DE: ['Berlin', 'Munich', 'Hamburg', 'Cologne', 'Frankfurt', 'Stuttgart', 'Leipzig'],
  AT: ['Vienna', 'Graz', 'Linz', 'Salzburg'],
  CH: ['Zurich', 'Basel', 'Geneva', 'Bern', 'Lausanne'],
  FR: ['Paris', 'Lyon', 'Toulouse', 'Lille', 'Nantes', 'Bordeaux'],
  NL: ['Amsterdam', 'Rotterdam', 'Utrecht', 'Eindhoven'],
  BE: ['Brussels', 'Antwerp', 'Ghent'],
  ES: ['Madrid', 'Barcelona', 'Valencia', 'Seville'],
  IT: ['Milan', 'Rome', 'Turin', 'Bologna'],
  SE: ['Stockholm', 'Gothenburg', 'Malmö'],
  DK: ['Copenhagen', 'Aarhus'],
  NO: ['Oslo', 'Bergen'],
  PL: ['Warsaw', 'Kraków', 'Wrocław', 'Gdańsk'],
};
const PHONE_PREFIX: Record<string, string> = {
  US: '+1',
  CA: '+1',
  GB: '+44',
  IE: '+353',
  DE: '+49',
  AT: '+43',
  CH: '+41',
  FR: '+33',
  NL: '+31',
  BE: '+32',
  ES: '+34',
  IT: '+39',
  SE: '+46',
  DK: '+45',
  NO: '+47',
  PL: '+48',
};
/** Where leads come from when not from the partner's own country: Europe and North America. */
const COUNTRY_MIX = [
  ['US', 24],
  ['DE', 16],
  ['GB', 13],
  ['FR', 8],
  ['NL', 6],
  ['CH', 5],
  ['AT', 4],
  ['ES', 5],
  ['IT', 5],
  ['SE', 3],
  ['BE', 3],
  ['IE', 3],
  ['PL', 3],
  ['DK', 2],
  ['CA', 3],
] as const;
const currencyOf = (country: string) =>
  country === 'US' || country === 'CA'
    ? 'USD'
    : country === 'GB'
      ? 'GBP'
      : country === 'CH'
        ? 'CHF'
        : 'EUR';

// Weights by pick-list key; a key configured later gets weight 1.
const JOB_TITLE_W: Record<string, number> = {
  ceo: 8,
  cfo: 6,
  cto: 12,
  it_manager: 28,
  procurement: 10,
  operations: 14,
  sales: 10,
  other: 12,
};
const POWER_W: Record<string, number> = {
  decision_maker: 22,
  influencer: 30,
  evaluator: 26,
  user: 22,
};
const SOURCE_W: Record<string, number> = {
  partner_referral: 30,
  web: 20,
  email_campaign: 14,
  event: 13,
  external_campaign: 8,
  cold_call: 8,
  other: 7,
};
const INDUSTRY_W: Record<string, number> = {
  manufacturing: 18,
  retail: 10,
  healthcare: 12,
  finance: 12,
  public_sector: 8,
  education: 6,
  hospitality: 5,
  technology: 15,
  logistics: 9,
  other: 5,
};
const SIZE_MIX = [
  ['1-10', 6],
  ['11-50', 16],
  ['51-200', 26],
  ['201-1000', 26],
  ['1001-5000', 16],
  ['5000+', 10],
] as const;
const LOSS_W: Record<string, number> = {
  price: 25,
  competitor: 30,
  no_budget: 15,
  no_decision: 15,
  product_fit: 8,
  timing: 7,
};
const PRODUCTS = [
  'Platform licences',
  'Analytics add-on',
  'Security suite',
  'Cloud migration',
  'Enterprise upgrade',
  'Managed services',
  'Seat expansion',
  'Data integration',
  'Support renewal',
] as const;
const NEXT_STEPS = [
  'Send revised quote',
  'Technical workshop with IT',
  'Security questionnaire',
  'Reference call',
  'Proposal review with procurement',
  'Pilot kick-off',
  'Contract redlines',
] as const;
const ACTIVITY_SUBJECTS = {
  call: ['Discovery call', 'Follow-up call', 'Budget check call', 'Call with IT lead'],
  email: ['Sent product overview', 'Sent pricing sheet', 'Sent case study', 'Meeting recap'],
  meeting: ['On-site meeting', 'Requirements workshop', 'Stakeholder meeting'],
  demo: ['Product demo', 'Analytics demo', 'Security demo'],
} as const;
const LEAD_NOTES = [
  ['Budget', 'Budget is approved for next fiscal year; decision expected after the board meeting.'],
  [
    'Current vendor',
    'Using a competitor today; contract ends in six months. Unhappy with support.',
  ],
  [
    'Met at the booth',
    'Stopped by the booth, interested in the analytics add-on for their plants.',
  ],
  ['Timeline', 'Wants a pilot before the summer; IT has capacity in Q2.'],
  ['Referral context', 'Introduced by our partner after a workshop with their operations team.'],
  ['Not now', 'No project this year; asked us to check in again in six months.'],
] as const;
const OPPORTUNITY_NOTES = [
  ['Decision process', 'CFO signs above 50k; procurement runs a three-vendor comparison.'],
  ['Competition', 'Shortlisted against two competitors; we lead on integration depth.'],
  ['Pricing', 'Asked for a multi-year discount; partner proposed 3-year term at 8% off.'],
  ['Technical fit', 'Pilot succeeded; SSO and the ERP connector were the deciding points.'],
  ['Risk', 'Champion is leaving the company next month; need a second sponsor.'],
] as const;
const TASK_SUBJECTS = [
  'Call back about pricing',
  'Send proposal',
  'Schedule a demo',
  'Qualify budget and timeline',
  'Introduce the partner SE',
  'Follow up on the security questionnaire',
  'Confirm decision date',
  'Prepare the pilot plan',
] as const;

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '') || 'x';

const fromWeights = (keys: readonly string[], w: Record<string, number>) =>
  keys.map((k) => [k, w[k] ?? 1] as const);

/** A decimal string rounded to `step`, for numeric(16,2) columns. */
const money = (v: number, step: number) => `${Math.max(step, Math.round(v / step) * step)}.00`;

/** Roughly log-normal around `median`: deal sizes have a long tail. */
const logNormal = (r: Rand, median: number, spread: number) =>
  median * Math.exp(spread * ((r.next() + r.next() + r.next()) * 2 - 3));

const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function quarterStart(ms: number, offset: number): number {
  const d = new Date(ms);
  const q = Math.floor(d.getUTCMonth() / 3) + offset;
  return Date.UTC(d.getUTCFullYear(), q * 3, 1);
}

/**
 * Inserts in chunks, each sent as one JSON parameter and expanded by `jsonb_populate_recordset`
 * into the table's own column types: one parameter whatever the chunk size (a statement takes at
 * most 65,535) and no per-table column type lists to keep in step with the migrations.
 */
async function insertChunks<T extends keyof DB>(
  trx: Transaction<DB>,
  table: T,
  rows: Insertable<DB[T]>[],
  size = 1000,
) {
  if (rows.length === 0) return;
  // Every column any row sets; a row without one inserts null there.
  const names = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) names.add(k);
  const cols = sql.join([...names].map((c) => sql.ref(c)));
  for (let i = 0; i < rows.length; i += size) {
    const chunk = JSON.stringify(rows.slice(i, i + size));
    await sql`insert into ${sql.table(table)} (${cols})
      select ${cols} from jsonb_populate_recordset(null::${sql.table(table)}, ${chunk}::jsonb)`.execute(
      trx,
    );
  }
}

// ---------------------------------------------------------------------------------------------

type PartnerInfo = {
  id: string;
  name: string;
  country: string;
  type: string;
  status: string;
  /** 0 = lowest level */
  level: number;
  managerId: string | null;
  /** its partner users, admin first */
  users: { id: string; role: string }[];
  /** 0–1: how often its deals are won */
  winRate: number;
  /** typical days from opportunity to close */
  cycle: number;
};

type LeadRow = Insertable<DB['leads']> & { id: string };
type OppRow = Insertable<DB['opportunities']> & { id: string };

type EventRow = {
  at: number;
  actor: string | null;
  actorPartner: string | null;
  action: string;
  type: 'lead' | 'opportunity';
  id: string;
  partnerId: string | null;
  changes: Record<string, { from: unknown; to: unknown }>;
};

export type DemoSalesCounts = {
  campaigns: number;
  leads: number;
  opportunities: number;
  activities: number;
  notes: number;
  tasks: number;
  events: number;
};

export async function loadDemoSales(trx: Transaction<DB>, now: number): Promise<DemoSalesCounts> {
  const r = prng(0x5eed_0004);
  const uuid = () => crypto.randomUUID();

  // ---- what the rest of the demo created ------------------------------------------------------
  const users = await trx
    .selectFrom('users')
    .select(['id', 'email', 'role', 'partner_id', 'name'])
    .orderBy('email')
    .execute();
  const userByEmail = new Map(users.map((u) => [u.email, u]));
  const idOf = (email: string) => userByEmail.get(email)?.id ?? null;
  const cm = idOf('cm@demo.conduit.test');
  const sales = idOf('sales@demo.conduit.test');
  const marketing = idOf('marketing@demo.conduit.test');
  const nameOf = new Map(users.map((u) => [u.id, u.name]));

  const levels = await trx.selectFrom('partner_levels').select('id').orderBy('rank').execute();
  const levelIndex = new Map(levels.map((l, i) => [l.id, i]));
  const partners: PartnerInfo[] = (
    await trx
      .selectFrom('partners')
      .select([
        'id',
        'company_name',
        'country_code',
        'partner_type',
        'status',
        'level_id',
        'channel_manager_id',
      ])
      .orderBy('company_name')
      .execute()
  ).map((p, i) => ({
    id: p.id,
    name: p.company_name,
    country: p.country_code ?? 'US',
    type: p.partner_type ?? 'reseller',
    status: p.status,
    level: p.level_id ? (levelIndex.get(p.level_id) ?? 0) : 0,
    managerId: p.channel_manager_id,
    users: users
      .filter((u) => u.partner_id === p.id)
      .sort((a, b) => (a.role === b.role ? 0 : a.role === 'partner_admin' ? -1 : 1))
      .map((u) => ({ id: u.id, role: u.role })),
    // Partners differ, so the forecast's network medians have something to compare.
    winRate:
      0.3 + ((i * 37) % 35) / 100 + (p.level_id ? (levelIndex.get(p.level_id) ?? 0) : 0) * 0.04,
    cycle: 35 + ((i * 53) % 70),
  }));
  const partnerById = new Map(partners.map((p) => [p.id, p]));
  // Gold partners bring in more leads; applicants none; suspended and archived ones a few old ones.
  const partnerMix = partners
    .filter((p) => p.status !== 'applicant')
    .map(
      (p) =>
        [
          p,
          [1, 2.2, 4.5][p.level]! *
            (p.status === 'active' ? 1 : p.status === 'suspended' ? 0.35 : 0.2),
        ] as const,
    );

  const statuses = new Map(
    (await trx.selectFrom('lead_statuses').select(['id', 'key', 'label', 'kind']).execute()).map(
      (s) => [s.key, s],
    ),
  );
  const statusFor = (kind: 'new' | 'qualification' | 'not_in_target' | 'converted') => {
    const s =
      statuses.get(kind) ??
      [...statuses.values()].find((x) =>
        kind === 'converted'
          ? x.kind === 'converted'
          : kind === 'not_in_target'
            ? x.kind === 'closed'
            : x.kind === 'open',
      );
    if (!s) throw new Error(`no lead status for ${kind}`);
    return s;
  };
  const stages = await trx
    .selectFrom('opportunity_stages')
    .select(['id', 'key', 'label', 'kind', 'probability', 'position'])
    .orderBy('position')
    .execute();
  const openStages = stages.filter((s) => s.kind === 'open');
  const won = stages.find((s) => s.kind === 'won');
  const lost = stages.find((s) => s.kind === 'lost');
  if (!openStages.length || !won || !lost) throw new Error('demo needs open, won and lost stages');
  // Narrowed once, for the functions below.
  const wonStage = won;
  const lostStage = lost;

  const picklists = await trx
    .selectFrom('picklist_values')
    .select(['list', 'key', 'label'])
    .where('active', '=', true)
    .orderBy('position')
    .execute();
  const keysOf = (list: string) => picklists.filter((p) => p.list === list).map((p) => p.key);
  const labelOf = (list: string, key: string) =>
    picklists.find((p) => p.list === list && p.key === key)?.label ?? key;
  const jobTitleMix = fromWeights(keysOf('job_title'), JOB_TITLE_W);
  const powerMix = fromWeights(keysOf('power'), POWER_W);
  const sourceMix = fromWeights(keysOf('lead_source'), SOURCE_W);
  const industryMix = fromWeights(keysOf('industry'), INDUSTRY_W);
  const lossMix = fromWeights(keysOf('loss_reason'), LOSS_W);
  const model = await loadScoringModel(trx);

  const accounts = await trx
    .selectFrom('accounts')
    .select([
      'accounts.id',
      'accounts.name',
      'accounts.country_code',
      'accounts.managed_by_partner_id',
      'accounts.partner_user_id',
      (eb) =>
        eb
          .selectFrom('contacts')
          .select('contacts.id')
          .whereRef('contacts.account_id', '=', 'accounts.id')
          .orderBy('contacts.created_at')
          .limit(1)
          .as('contact_id'),
      (eb) =>
        eb
          .selectFrom('contacts')
          .select(sql<string>`first_name || ' ' || last_name`.as('n'))
          .whereRef('contacts.account_id', '=', 'accounts.id')
          .orderBy('contacts.created_at')
          .limit(1)
          .as('contact_name'),
    ])
    .orderBy('accounts.name')
    .execute();

  // ---- campaigns --------------------------------------------------------------------------------
  const northwind = partners.find((p) => p.name === 'Northwind Systems');
  const contoso = partners.find((p) => p.name === 'Contoso Integration');
  type Campaign = {
    id: string;
    name: string;
    type: string;
    start: number;
    end: number;
    budget: string;
    currency: string;
    partner: PartnerInfo | undefined;
    /** lead sources it brings in */
    sources: string[];
  };
  const day = (d: number) => now + d * DAY_MS;
  const campaigns: Campaign[] = (
    [
      ['Cloud Summit Berlin', 'event', -330, -328, '45000', 'EUR', undefined, ['event']],
      [
        'Spring webinar series',
        'webinar',
        -240,
        -180,
        '8000',
        'EUR',
        undefined,
        ['web', 'email_campaign'],
      ],
      [
        'Security awareness ads',
        'advertising',
        -200,
        -110,
        '30000',
        'EUR',
        undefined,
        ['external_campaign', 'web'],
      ],
      ['Summer email nurture', 'email', -150, -90, '5000', 'EUR', undefined, ['email_campaign']],
      ['Partner Day London', 'event', -75, -74, '20000', 'GBP', undefined, ['event']],
      [
        'Year-end upgrade offer',
        'email',
        -40,
        20,
        '6000',
        'EUR',
        undefined,
        ['email_campaign', 'web'],
      ],
      [
        'Northwind healthcare roadshow',
        'partner_mdf',
        -120,
        -30,
        '12000',
        'USD',
        northwind,
        ['event', 'partner_referral'],
      ],
      [
        'Contoso public sector breakfasts',
        'partner_mdf',
        -60,
        30,
        '9000',
        'GBP',
        contoso,
        ['event', 'partner_referral'],
      ],
      ['Industry fair Hannover', 'event', 45, 49, '60000', 'EUR', undefined, []],
    ] as const
  ).map(([name, type, s, e, budget, currency, partner, sources]) => ({
    id: uuid(),
    name,
    type,
    start: day(s),
    end: day(e),
    budget,
    currency,
    partner,
    sources: [...sources],
  }));
  await insertChunks(
    trx,
    'campaigns',
    campaigns.map((c) => ({
      id: c.id,
      name: c.name,
      type: c.type,
      status: c.end < now ? 'completed' : c.start > now ? 'planned' : 'active',
      start_date: dateOnly(c.start),
      end_date: dateOnly(c.end),
      budget: `${c.budget}.00`,
      currency: c.currency,
      description: c.partner
        ? `Co-marketing with ${c.partner.name}, funded from market development funds.`
        : '',
      owner_id: c.partner ? (c.partner.users[0]?.id ?? marketing) : marketing,
      partner_id: c.partner?.id ?? null,
      created_at: new Date(c.start - 30 * DAY_MS),
      updated_at: new Date(Math.min(now, c.end)),
    })),
  );
  const campaignName = new Map(campaigns.map((c) => [c.id, c.name]));
  const campaignFor = (source: string, at: number, partner: PartnerInfo | null) =>
    campaigns.find(
      (c) =>
        c.sources.includes(source) &&
        at >= c.start - 3 * DAY_MS &&
        at <= c.end + 40 * DAY_MS &&
        (!c.partner || c.partner === partner),
    );

  // ---- leads ------------------------------------------------------------------------------------
  const leads: LeadRow[] = [];
  const events: EventRow[] = [];
  const activities: Insertable<DB['activities']>[] = [];
  const notes: Insertable<DB['notes']>[] = [];
  const tasks: Insertable<DB['tasks']>[] = [];
  const follows: Insertable<DB['follows']>[] = [];
  const newAccounts: Insertable<DB['accounts']>[] = [];
  const newContacts: Insertable<DB['contacts']>[] = [];
  const opps: OppRow[] = [];
  const oppPartners: Insertable<DB['opportunity_partners']>[] = [];
  type Conversion = { lead: LeadRow; at: number };
  const conversions: Conversion[] = [];

  // Records worked by a partner user get some of their activities and tasks from that user.
  const workerOf = (
    partner: PartnerInfo | null,
    partnerUserId: string | null | undefined,
    owner: string | null,
  ) =>
    partnerUserId && r.chance(0.5)
      ? partnerUserId
      : partner?.managerId && r.chance(0.35)
        ? partner.managerId
        : (owner ?? sales);

  function logActivities(
    type: 'lead' | 'opportunity',
    id: string,
    partner: PartnerInfo | null,
    partnerUserId: string | null | undefined,
    owner: string | null,
    n: number,
    from: number,
    to: number,
  ): number | null {
    let last: number | null = null;
    for (let k = 0; k < n; k++) {
      const kind = r.weighted([
        ['call', 40],
        ['email', 30],
        ['meeting', 18],
        ['demo', 12],
      ] as const);
      const at = from + ((k + r.next()) / n) * Math.max(0, to - from);
      const who = workerOf(partner, partnerUserId, owner);
      activities.push({
        record_type: type,
        record_id: id,
        partner_id: partner?.id ?? null,
        type: kind,
        subject: r.pick(ACTIVITY_SUBJECTS[kind]),
        occurred_at: new Date(at),
        duration_minutes: kind === 'email' ? null : 15 * r.int(1, 6),
        outcome: r.chance(0.5) ? 'Positive; next step agreed.' : '',
        owner_id: who,
        author_id: who,
        created_at: new Date(at),
        updated_at: new Date(at),
      });
      last = Math.max(last ?? 0, at);
    }
    return last;
  }

  function addTask(
    type: 'lead' | 'opportunity',
    id: string,
    partner: PartnerInfo | null,
    partnerUserId: string | null | undefined,
    owner: string | null,
    createdAt: number,
  ) {
    // Due from three weeks ago to a month ahead: some are overdue, some done.
    const due = now + r.int(-21, 30) * DAY_MS;
    const done = due < now && r.chance(0.45);
    const assignee = workerOf(partner, partnerUserId, owner);
    const created = Math.min(createdAt + DAY_MS, now - DAY_MS);
    tasks.push({
      record_type: type,
      record_id: id,
      partner_id: partner?.id ?? null,
      subject: r.pick(TASK_SUBJECTS),
      description: '',
      due_date: dateOnly(due),
      assignee_id: assignee,
      done_at: done ? new Date(Math.min(now, due + r.int(0, 3) * DAY_MS)) : null,
      created_by: partner?.managerId ?? owner ?? sales,
      created_at: new Date(created),
      updated_at: new Date(created),
    });
  }

  const leadCreatedSnapshot = (l: LeadRow, statusLabel: string, partner: PartnerInfo | null) => {
    const after: Record<string, unknown> = {
      company: l.company,
      firstName: l.first_name,
      lastName: l.last_name,
      email: l.email,
      jobTitle: labelOf('job_title', l.job_title),
      power: labelOf('power', l.power),
      status: statusLabel,
      source: labelOf('lead_source', l.source),
      phone: l.phone ?? null,
      website: l.website ?? null,
      ratingManual: l.rating_manual ? RATING_LABELS[l.rating_manual] : null,
      estimatedValue: l.estimated_value ?? null,
      currency: l.currency,
      industry: l.industry ? labelOf('industry', l.industry) : null,
      companySize: l.company_size ?? null,
      countryCode: l.country_code,
      city: l.city ?? null,
      productInterest: l.product_interest ?? null,
      description: l.description || null,
      owner: l.owner_id ? (nameOf.get(l.owner_id) ?? null) : null,
      partner: partner?.name ?? null,
      partnerUser: l.partner_user_id ? (nameOf.get(l.partner_user_id) ?? null) : null,
      referrer: l.referrer_id ? (nameOf.get(l.referrer_id) ?? null) : null,
      campaign: l.campaign_id ? (campaignName.get(l.campaign_id) ?? null) : null,
    };
    return Object.fromEntries(
      Object.entries(after)
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([k, v]) => [k, { from: null, to: v }]),
    );
  };

  for (let i = 0; i < LEADS; i++) {
    // Newer leads are more frequent: a growing programme over the last 15 months.
    const age = 450 * r.next() ** 1.6;
    const created = now - age * DAY_MS - r.int(0, 10) * 3_600_000;
    const partner = r.chance(0.8) ? r.weighted(partnerMix) : null;
    const country =
      partner && CITIES[partner.country] && r.chance(0.65)
        ? partner.country
        : r.weighted(COUNTRY_MIX);
    const statusKey =
      age < 10
        ? r.weighted([
            ['new', 85],
            ['qualification', 15],
          ] as const)
        : age < 60
          ? r.weighted([
              ['new', 45],
              ['qualification', 35],
              ['not_in_target', 10],
              ['converted', 10],
            ] as const)
          : r.weighted([
              ['new', 35],
              ['qualification', 30],
              ['not_in_target', 22],
              ['converted', 13],
            ] as const);
    const status = statusFor(statusKey);
    const first = r.pick(FIRST);
    const last = r.pick(LAST);
    const company = `${r.pick(NAME_HEAD)} ${r.pick(NAME_CORE)} ${r.pick(SUFFIX[country] ?? ['Ltd'])}`;
    const domain = `${slug(company.split(' ').slice(0, 2).join(''))}.example`;
    let source = r.weighted(sourceMix);
    if (!partner && source === 'partner_referral')
      source = r.pick(['web', 'event', 'email_campaign']);
    const partnerUser =
      partner && partner.users.length && r.chance(0.8)
        ? r.chance(0.75)
          ? (partner.users.find((u) => u.role === 'partner_rep') ?? partner.users[0]!)
          : partner.users[0]!
        : null;
    const byPartner = partnerUser !== null && r.chance(0.5);
    const referrer =
      partner && source === 'partner_referral' && partner.users.length
        ? r.pick(partner.users).id
        : null;
    const owner = byPartner
      ? sales
      : partner?.managerId && r.chance(0.3)
        ? partner.managerId
        : partner
          ? sales
          : r.chance(0.6)
            ? sales
            : marketing;
    const creator = byPartner ? partnerUser.id : (owner ?? sales);
    const campaign = campaignFor(source, created, partner);
    const jobTitle = r.weighted(jobTitleMix);
    const power = r.weighted(powerMix);
    const industry = r.chance(0.9) ? r.weighted(industryMix) : null;
    const companySize = r.chance(0.92) ? r.weighted(SIZE_MIX) : null;
    const sizeFactor = {
      '1-10': 0.2,
      '11-50': 0.45,
      '51-200': 0.8,
      '201-1000': 1.3,
      '1001-5000': 2.2,
      '5000+': 3.5,
    }[companySize ?? '51-200'];
    const value = r.chance(0.85) ? money(logNormal(r, 18_000 * sizeFactor, 0.6), 500) : null;
    const id = uuid();

    // Its path so far: qualified after a few days, then closed or converted.
    const qualifiedAt = Math.min(now - DAY_MS / 2, created + r.int(1, 12) * DAY_MS);
    const endedAt = Math.min(now - DAY_MS / 4, qualifiedAt + r.int(3, 45) * DAY_MS);
    const lastChange =
      statusKey === 'new' ? created : statusKey === 'qualification' ? qualifiedAt : endedAt;

    const nActivities =
      statusKey === 'new'
        ? r.chance(0.1)
          ? 1
          : 0
        : statusKey === 'qualification'
          ? r.weighted([
              [0, 45],
              [1, 30],
              [2, 12],
              [3, 13],
            ] as const)
          : statusKey === 'not_in_target'
            ? r.chance(0.3)
              ? 1
              : 0
            : r.int(1, 3);
    const lastActivity = logActivities(
      'lead',
      id,
      partner,
      partnerUser?.id,
      owner,
      nActivities,
      created,
      statusKey === 'new' || statusKey === 'qualification' ? now - DAY_MS / 8 : endedAt,
    );
    const { score } = scoreLead(
      {
        source,
        power,
        jobTitle,
        companySize,
        countryCode: country,
        industry,
        activityCount: nActivities,
      },
      model.rules,
    );
    const ratingManual = r.chance(0.03) ? r.pick(['hot', 'warm', 'cold'] as const) : null;
    const updated = Math.max(lastChange, lastActivity ?? 0);
    const lead: LeadRow = {
      id,
      company,
      first_name: first,
      last_name: last,
      job_title: jobTitle,
      email: `${slug(first)}.${slug(last)}@${domain}`,
      phone: r.chance(0.7)
        ? `${PHONE_PREFIX[country] ?? '+1'} ${r.int(100, 999)} ${r.int(1000, 9999)}`
        : null,
      website: r.chance(0.5) ? `https://www.${domain}` : null,
      power,
      status_id: status.id,
      source,
      rating: ratingManual ?? ratingFor(score, model.settings),
      rating_manual: ratingManual,
      score,
      scored_at: new Date(updated),
      estimated_value: value,
      currency: currencyOf(country),
      industry,
      company_size: companySize,
      country_code: country,
      city: r.chance(0.8) ? r.pick(CITIES[country] ?? ['']) || null : null,
      product_interest: r.chance(0.4) ? r.pick(PRODUCTS) : null,
      description: r.chance(0.15) ? r.pick(LEAD_NOTES)[1] : '',
      owner_id: owner,
      partner_id: partner?.id ?? null,
      partner_user_id: partnerUser?.id ?? null,
      referrer_id: referrer,
      campaign_id: campaign?.id ?? null,
      created_by: creator,
      created_by_partner: byPartner,
      last_activity_at: lastActivity === null ? null : new Date(lastActivity),
      created_at: new Date(created),
      updated_at: new Date(updated),
    };
    leads.push(lead);

    const actorPartner = (u: string | null) =>
      u && partner && partner.users.some((x) => x.id === u) ? partner.id : null;
    events.push({
      at: created,
      actor: creator,
      actorPartner: actorPartner(creator),
      action: 'lead.created',
      type: 'lead',
      id,
      partnerId: partner?.id ?? null,
      changes: leadCreatedSnapshot(lead, statusFor('new').label, partner),
    });
    if (statusKey !== 'new') {
      const who = partnerUser && r.chance(0.5) ? partnerUser.id : (owner ?? sales);
      events.push({
        at: qualifiedAt,
        actor: who,
        actorPartner: actorPartner(who),
        action: 'lead.status_changed',
        type: 'lead',
        id,
        partnerId: partner?.id ?? null,
        changes: { status: { from: statusFor('new').label, to: statusFor('qualification').label } },
      });
    }
    if (statusKey === 'not_in_target') {
      events.push({
        at: endedAt,
        actor: owner ?? sales,
        actorPartner: null,
        action: 'lead.status_changed',
        type: 'lead',
        id,
        partnerId: partner?.id ?? null,
        changes: {
          status: { from: statusFor('qualification').label, to: status.label },
        },
      });
    }
    if (statusKey === 'converted') conversions.push({ lead, at: endedAt });

    // Notes on some worked leads; tasks on some open ones; follows by the people who care.
    if (statusKey !== 'new' && r.chance(0.12)) {
      const [title, body] = r.pick(LEAD_NOTES);
      const author = partnerUser && r.chance(0.4) ? partnerUser.id : (owner ?? sales);
      const at = qualifiedAt + r.next() * Math.max(0, lastChange - qualifiedAt);
      notes.push({
        record_type: 'lead',
        record_id: id,
        partner_id: partner?.id ?? null,
        title,
        body,
        internal: !partnerUser || author !== partnerUser.id ? r.chance(0.3) : false,
        author_id: author,
        created_at: new Date(at),
        updated_at: new Date(at),
      });
    }
    if ((statusKey === 'new' || statusKey === 'qualification') && r.chance(0.09))
      addTask('lead', id, partner, partnerUser?.id, owner, created);
    if (statusKey !== 'not_in_target') {
      const followers = new Set<string>();
      if (partner?.managerId === cm && cm && r.chance(0.02)) followers.add(cm);
      if (owner === sales && sales && r.chance(0.015)) followers.add(sales);
      if (partnerUser && r.chance(0.06)) followers.add(partnerUser.id);
      for (const u of followers)
        follows.push({
          record_type: 'lead',
          record_id: id,
          user_id: u,
          created_at: new Date(created + DAY_MS),
        });
    }
  }

  // ---- opportunities ----------------------------------------------------------------------------
  const accountPartner = new Map(accounts.map((a) => [a.id, a.managed_by_partner_id]));

  /** Stage, closed-at and loss reason for a deal closing on `close` at a partner with `winRate`. */
  function outcome(close: number, winRate: number, amountBig: boolean) {
    if (close < now - DAY_MS && r.chance(0.92)) {
      const isWon = r.chance(amountBig ? winRate * 0.85 : winRate);
      return {
        stage: isWon ? wonStage : lostStage,
        // in the afternoon of the close date, a day or two early at times
        closedAt: Math.min(
          now - DAY_MS / 2,
          Math.floor(close / DAY_MS) * DAY_MS + r.int(9, 17) * 3_600_000 - r.int(0, 2) * DAY_MS,
        ),
        lossReason: isWon ? null : r.weighted(lossMix),
      };
    }
    // Open: the nearer the close date, the later the stage.
    const daysOut = (close - now) / DAY_MS;
    const bias =
      daysOut < 45
        ? [4, 8, 18, 32, 38]
        : daysOut < 120
          ? [14, 24, 28, 22, 12]
          : [34, 30, 20, 12, 4];
    const stage = r.weighted(openStages.map((s, k) => [s, bias[k] ?? 10] as const));
    return { stage, closedAt: null, lossReason: null };
  }

  function addOpportunity(o: {
    name: string;
    accountId: string | null;
    accountName: string | null;
    contactId: string | null;
    contactName: string | null;
    partner: PartnerInfo | null;
    partnerUserId: string | null;
    referrerId: string | null;
    campaignId: string | null;
    leadId: string | null;
    source: 'partner_registered' | 'vendor_routed' | 'direct';
    owner: string | null;
    creator: string | null;
    byPartner: boolean;
    created: number;
    close: number;
    amount: number;
    currency: string;
  }) {
    const id = uuid();
    const res = outcome(o.close, o.partner?.winRate ?? 0.45, o.amount > 80_000);
    const opp: OppRow = {
      id,
      name: o.name,
      account_id: o.accountId,
      contact_id: o.contactId,
      stage_id: res.stage.id,
      amount: money(o.amount, 100),
      currency: o.currency,
      close_date: dateOnly(o.close),
      owner_id: o.owner,
      next_step: res.stage.kind === 'open' ? r.pick(NEXT_STEPS) : null,
      loss_reason: res.lossReason,
      description: '',
      source: o.source,
      partner_id: o.partner?.id ?? null,
      partner_user_id: o.partnerUserId,
      referrer_id: o.referrerId,
      campaign_id: o.campaignId,
      lead_id: o.leadId,
      created_by: o.creator,
      created_by_partner: o.byPartner,
      closed_at: res.closedAt === null ? null : new Date(res.closedAt),
      created_at: new Date(o.created),
      updated_at: new Date(o.created),
    };
    opps.push(opp);

    // Credited partners: the working partner (sourcing when it brought the deal), sometimes an
    // influencing reseller or an implementing integrator besides.
    if (o.partner) {
      const role = o.source === 'partner_registered' ? 'sourcing' : 'implementing';
      oppPartners.push({
        opportunity_id: id,
        partner_id: o.partner.id,
        role,
        created_at: new Date(o.created),
      });
      const others = partners.filter((p) => p.status === 'active' && p !== o.partner);
      if (r.chance(0.18) && others.length)
        oppPartners.push({
          opportunity_id: id,
          partner_id: r.pick(others).id,
          role: 'influencing',
          created_at: new Date(o.created + DAY_MS),
        });
      const integrators = others.filter(
        (p) =>
          p.type === 'system_integrator' &&
          !oppPartners.some((x) => x.opportunity_id === id && x.partner_id === p.id),
      );
      if (role === 'sourcing' && r.chance(0.15) && integrators.length)
        oppPartners.push({
          opportunity_id: id,
          partner_id: r.pick(integrators).id,
          role: 'implementing',
          created_at: new Date(o.created + 2 * DAY_MS),
        });
    }

    // History: created in the first stage, then moved along to where it is now.
    const credited = oppPartners
      .filter((x) => x.opportunity_id === id)
      .map((x) => {
        const name = partnerById.get(x.partner_id)?.name ?? 'Another partner';
        return `${name} (${x.role[0]!.toUpperCase()}${x.role.slice(1)})`;
      });
    const partnerOf = (u: string | null) =>
      u && o.partner && o.partner.users.some((x) => x.id === u) ? o.partner.id : null;
    const firstStage = openStages[0]!;
    events.push({
      at: o.created,
      actor: o.creator,
      actorPartner: partnerOf(o.creator),
      action: 'create',
      type: 'opportunity',
      id,
      partnerId: o.partner?.id ?? null,
      changes: Object.fromEntries(
        Object.entries({
          name: o.name,
          stage: firstStage.label,
          amount: `${opp.amount} ${o.currency}`,
          closeDate: opp.close_date,
          source: OPPORTUNITY_SOURCE_LABELS[o.source],
          account: o.accountName,
          contact: o.contactName,
          owner: o.owner ? (nameOf.get(o.owner) ?? null) : null,
          partner: o.partner?.name ?? null,
          partnerUser: o.partnerUserId ? (nameOf.get(o.partnerUserId) ?? null) : null,
          campaign: o.campaignId ? (campaignName.get(o.campaignId) ?? null) : null,
          partners: credited.length ? credited : null,
        })
          .filter(([, v]) => v !== null)
          .map(([k, v]) => [k, { from: null, to: v }]),
      ),
    });
    const path =
      res.stage.kind === 'open'
        ? openStages.slice(1, openStages.indexOf(res.stage) + 1)
        : [...openStages.slice(1, r.int(1, openStages.length)), res.stage];
    const end = res.closedAt ?? Math.min(now - DAY_MS / 4, o.created + (now - o.created) * 0.8);
    let prev = firstStage;
    path.forEach((s, k) => {
      const at = o.created + ((k + 1) / path.length) * Math.max(0, end - o.created);
      const who = o.partnerUserId && r.chance(0.4) ? o.partnerUserId : (o.owner ?? sales);
      const changes: EventRow['changes'] = { stage: { from: prev.label, to: s.label } };
      if (s.kind === 'lost' && opp.loss_reason)
        changes.lossReason = { from: null, to: opp.loss_reason };
      if (s.kind !== 'open') changes.closedAt = { from: null, to: new Date(at).toISOString() };
      events.push({
        at,
        actor: who,
        actorPartner: partnerOf(who),
        action: 'stage_change',
        type: 'opportunity',
        id,
        partnerId: o.partner?.id ?? null,
        changes,
      });
      prev = s;
    });
    opp.updated_at = new Date(path.length ? end : o.created);

    const lastActivity = logActivities(
      'opportunity',
      id,
      o.partner,
      o.partnerUserId,
      o.owner,
      r.int(1, 2),
      o.created,
      res.closedAt ?? now - DAY_MS / 8,
    );
    if (lastActivity !== null && lastActivity > opp.updated_at.getTime())
      opp.updated_at = new Date(lastActivity);
    if (r.chance(0.3)) {
      const [title, body] = r.pick(OPPORTUNITY_NOTES);
      const author = o.owner ?? sales;
      const at = o.created + r.next() * Math.max(0, end - o.created);
      notes.push({
        record_type: 'opportunity',
        record_id: id,
        partner_id: o.partner?.id ?? null,
        title,
        body,
        internal: r.chance(0.35),
        author_id: author,
        created_at: new Date(at),
        updated_at: new Date(at),
      });
    }
    if (res.stage.kind === 'open' && r.chance(0.35))
      addTask('opportunity', id, o.partner, o.partnerUserId, o.owner, o.created);
    const followers = new Set<string>();
    if (res.stage.kind === 'open') {
      if (o.owner === sales && sales && r.chance(0.12)) followers.add(sales);
      if (o.partner?.managerId && r.chance(0.1)) followers.add(o.partner.managerId);
      if (o.partnerUserId && r.chance(0.3)) followers.add(o.partnerUserId);
    }
    for (const u of followers)
      follows.push({
        record_type: 'opportunity',
        record_id: id,
        user_id: u,
        created_at: new Date(o.created + DAY_MS),
      });
    return opp;
  }

  // Converted leads: an account, a contact and (mostly) an opportunity created for each.
  for (const c of conversions) {
    const l = c.lead;
    const partner = l.partner_id ? partnerById.get(l.partner_id)! : null;
    const accountId = uuid();
    const contactId = uuid();
    const at = new Date(c.at);
    newAccounts.push({
      id: accountId,
      name: l.company,
      domain: l.email.split('@')[1] ?? null,
      industry: l.industry ? labelOf('industry', l.industry) : null,
      company_size: (l.company_size ?? null) as Insertable<DB['accounts']>['company_size'],
      country_code: l.country_code ?? null,
      managed_by_partner_id: partner?.id ?? null,
      partner_user_id: l.partner_user_id ?? null,
      owner_id: l.owner_id ?? sales,
      created_at: at,
      updated_at: at,
    });
    newContacts.push({
      id: contactId,
      account_id: accountId,
      first_name: l.first_name,
      last_name: l.last_name,
      email: l.email,
      phone: l.phone ?? null,
      job_title: labelOf('job_title', l.job_title),
      owner_id: l.owner_id ?? sales,
      created_at: at,
      updated_at: at,
    });
    let oppId: string | null = null;
    let oppName: string | null = null;
    if (r.chance(0.9)) {
      const value = Number(l.estimated_value ?? 0) || logNormal(r, 20_000, 0.6);
      const cycle = (partner?.cycle ?? 60) * (0.5 + r.next() * 1.6);
      const opp = addOpportunity({
        name: `${l.company} – ${l.product_interest ?? r.pick(PRODUCTS)}`.slice(0, 200),
        accountId,
        accountName: l.company,
        contactId,
        contactName: `${l.first_name} ${l.last_name}`,
        partner,
        partnerUserId: l.partner_user_id ?? null,
        referrerId: l.referrer_id ?? null,
        campaignId: l.campaign_id ?? null,
        leadId: l.id,
        source: !partner
          ? 'direct'
          : l.created_by_partner || l.source === 'partner_referral'
            ? 'partner_registered'
            : 'vendor_routed',
        owner: l.owner_id ?? sales,
        creator: l.owner_id ?? sales,
        byPartner: false,
        created: c.at,
        close: c.at + cycle * DAY_MS,
        amount: value * (0.8 + r.next() * 0.5),
        currency: l.currency ?? 'EUR',
      });
      oppId = opp.id;
      oppName = opp.name;
    }
    l.converted_at = at;
    l.converted_by = l.owner_id ?? sales;
    l.converted_account_id = accountId;
    l.converted_contact_id = contactId;
    l.converted_opportunity_id = oppId;
    events.push({
      at: c.at,
      actor: l.owner_id ?? sales,
      actorPartner: null,
      action: 'lead.converted',
      type: 'lead',
      id: l.id,
      partnerId: partner?.id ?? null,
      changes: {
        status: { from: statusFor('qualification').label, to: statusFor('converted').label },
        convertedAccount: { from: null, to: l.company },
        convertedContact: { from: null, to: `${l.first_name} ${l.last_name}` },
        ...(oppName ? { convertedOpportunity: { from: null, to: oppName } } : {}),
      },
    });
  }

  // Deals on the existing accounts, mostly in the current and next two quarters so the forecast
  // has open pipeline ahead.
  for (let k = 0; k < EXTRA_OPPORTUNITIES; k++) {
    const a = accounts[k % accounts.length];
    if (!a) break;
    const partnerId = a.managed_by_partner_id ?? (r.chance(0.3) ? r.weighted(partnerMix).id : null);
    const partner = partnerId ? (partnerById.get(partnerId) ?? null) : null;
    const quarter = r.weighted([
      [-4, 6],
      [-3, 7],
      [-2, 8],
      [-1, 10],
      [0, 26],
      [1, 24],
      [2, 19],
    ] as const);
    const qs = quarterStart(now, quarter);
    const close = qs + r.next() * (quarterStart(now, quarter + 1) - qs - DAY_MS);
    const cycle = (partner?.cycle ?? 60) * (0.6 + r.next() * 1.4);
    const created = Math.min(now - 2 * DAY_MS, close - cycle * DAY_MS);
    const fromPartner =
      partner !== null && accountPartner.get(a.id) === partner.id && r.chance(0.6);
    const partnerUserId = partner?.users.length && a.partner_user_id ? a.partner_user_id : null;
    const creator = fromPartner && partnerUserId ? partnerUserId : sales;
    addOpportunity({
      name: `${a.name} – ${r.pick(PRODUCTS)}`,
      accountId: a.id,
      accountName: a.name,
      contactId: a.contact_id ?? null,
      contactName: a.contact_name ?? null,
      partner,
      partnerUserId,
      referrerId: null,
      campaignId: null,
      leadId: null,
      source: !partner ? 'direct' : fromPartner ? 'partner_registered' : 'vendor_routed',
      owner: sales,
      creator,
      byPartner: creator !== sales,
      created,
      close: Math.max(close, created + 7 * DAY_MS),
      amount: logNormal(r, partner && partner.level === 2 ? 60_000 : 35_000, 0.7),
      currency: currencyOf(a.country_code ?? 'US'),
    });
  }

  // ---- write ------------------------------------------------------------------------------------
  // Leads in creation order, so lead numbers grow with age like they would have.
  leads.sort((a, b) => (a.created_at as Date).getTime() - (b.created_at as Date).getTime());
  await insertChunks(trx, 'accounts', newAccounts);
  await insertChunks(trx, 'contacts', newContacts);
  // The lead → opportunity link is circular: insert leads without it, then set it in one go.
  await insertChunks(
    trx,
    'leads',
    leads.map((l) => ({ ...l, converted_opportunity_id: null })),
    400,
  );
  opps.sort((a, b) => (a.created_at as Date).getTime() - (b.created_at as Date).getTime());
  await insertChunks(trx, 'opportunities', opps, 400);
  await insertChunks(trx, 'opportunity_partners', oppPartners);
  await sql`update leads set converted_opportunity_id = o.id
    from opportunities o where o.lead_id = leads.id and leads.converted_at is not null`.execute(
    trx,
  );
  await insertChunks(trx, 'activities', activities);
  await insertChunks(trx, 'notes', notes);
  await insertChunks(trx, 'tasks', tasks);
  await insertChunks(trx, 'follows', follows);

  events.sort((a, b) => a.at - b.at);
  await insertChunks(
    trx,
    'events',
    events.map((e) => ({
      occurred_at: new Date(e.at),
      actor_user_id: e.actor,
      actor_partner_id: e.actorPartner,
      action: e.action,
      subject_type: e.type,
      subject_id: e.id,
      partner_id: e.partnerId,
      // An object, not its JSON text: the whole chunk is serialised once by insertChunks.
      changes: e.changes as unknown as string,
      request_id: 'seed',
      ip: 'local',
    })),
    1000,
  );

  return {
    campaigns: campaigns.length,
    leads: leads.length,
    opportunities: opps.length,
    activities: activities.length,
    notes: notes.length,
    tasks: tasks.length,
    events: events.length,
  };
}
