import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { actor, makePartner, world, type World } from '../support/factories';

/**
 * A small network with every figure worked out by hand. Currencies: 1 EUR = 1.08 USD = 0.85 GBP,
 * so 108 USD and 85 GBP are both 100 EUR. Stage probabilities: qualification 20, needs analysis
 * 40, proposal 60 (best case), negotiation 80 (commit), prospecting 10.
 */
let env: TestEnv;
let w: World;
let partnerC: { id: string };
let partnerD: { id: string }; // active, no data
let partnerS: { id: string }; // suspended: has figures, but is not part of the network
const stage: Record<string, string> = {};
const MISSING = '00000000-0000-4000-8000-000000000000';

const iso = (d: Date) => d.toISOString().slice(0, 10);
const today = new Date();
const q0 = new Date(Date.UTC(today.getUTCFullYear(), Math.floor(today.getUTCMonth() / 3) * 3, 1));
/** The first day of quarter i (0: the current one), and a day in its middle month. */
const quarterStart = (i: number) =>
  new Date(Date.UTC(q0.getUTCFullYear(), q0.getUTCMonth() + 3 * i, 1));
const inQuarter = (i: number) =>
  iso(new Date(Date.UTC(q0.getUTCFullYear(), q0.getUTCMonth() + 3 * i + 1, 15)));

async function deal(
  partnerId: string,
  stageKey: string,
  amount: string | null,
  opts: { currency?: string; closeDate?: string; closedDaysAgo?: number; cycleDays?: number } = {},
) {
  const { id } = await env.deps.db
    .insertInto('opportunities')
    .values({
      name: `Deal ${stageKey}`,
      stage_id: stage[stageKey]!,
      amount,
      currency: opts.currency ?? 'EUR',
      close_date: opts.closeDate ?? inQuarter(0),
      partner_id: partnerId,
      loss_reason: stageKey === 'closed_lost' ? 'price' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (opts.closedDaysAgo !== undefined) {
    const closed = sql`now() - make_interval(days => ${opts.closedDaysAgo})`;
    await sql`update opportunities set closed_at = ${closed},
      created_at = ${closed} - make_interval(days => ${opts.cycleDays ?? 1}) where id = ${id}`.execute(
      env.deps.db,
    );
  }
}

async function leads(
  partnerId: string,
  counts: Record<'new' | 'not_in_target' | 'converted', number>,
) {
  for (const [key, n] of Object.entries(counts)) {
    const status = await env.deps.db
      .selectFrom('lead_statuses')
      .select('id')
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    for (let i = 0; i < n; i++) {
      await env.deps.db
        .insertInto('leads')
        .values({
          company: 'Lead Co',
          first_name: 'Lee',
          last_name: `Lead ${i}`,
          job_title: 'ceo',
          email: `lee${i}@lead.test`,
          power: 'decision_maker',
          status_id: status.id,
          source: 'web',
          partner_id: partnerId,
        })
        .execute();
    }
  }
}

beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
  partnerC = await makePartner(env.deps, { companyName: 'Gamma' });
  partnerD = await makePartner(env.deps, { companyName: 'Delta' });
  partnerS = await makePartner(env.deps, { companyName: 'Sigma', status: 'suspended' });
  // A stage left out of forecasts.
  await env.deps.db
    .insertInto('opportunity_stages')
    .values({
      key: 'on_hold',
      label: 'On hold',
      position: 8,
      probability: 50,
      kind: 'open',
      forecast_category: 'omitted',
    })
    .execute();
  for (const s of await env.deps.db
    .selectFrom('opportunity_stages')
    .select(['id', 'key'])
    .execute())
    stage[s.key] = s.id;

  const A = w.partnerA.id;
  // Quarter 0: 1000 × 60 % + 500 (540 USD) × 80 % = 1000 weighted; commit 500; best case 1500.
  await deal(A, 'proposal', '1000.00');
  await deal(A, 'negotiation', '540.00', { currency: 'USD' });
  await deal(A, 'proposal', null);
  await deal(A, 'on_hold', '7000.00');
  // Quarter 1: 100 (85 GBP) × 10 % = 10.
  await deal(A, 'prospecting', '85.00', { currency: 'GBP', closeDate: inQuarter(1) });
  // Outside the three quarters: overdue and too far out.
  await deal(A, 'negotiation', '5000.00', { closeDate: iso(quarterStart(3)) });
  await deal(A, 'negotiation', '5000.00', { closeDate: iso(new Date(q0.getTime() - 86_400_000)) });
  // Closed in the last 12 months: 2 won (2000 in 30 days, 100 in 60 days), 2 lost.
  await deal(A, 'closed_won', '2000.00', { closedDaysAgo: 10, cycleDays: 30 });
  await deal(A, 'closed_won', '108.00', { currency: 'USD', closedDaysAgo: 20, cycleDays: 60 });
  await deal(A, 'closed_lost', '50.00', { closedDaysAgo: 5 });
  await deal(A, 'closed_lost', null, { closedDaysAgo: 300 });
  // Won more than a year ago: not counted.
  await deal(A, 'closed_won', '9999.00', { closedDaysAgo: 400, cycleDays: 1 });
  await leads(A, { new: 2, not_in_target: 1, converted: 3 });

  const B = w.partnerB.id;
  await deal(B, 'qualification', '500.00'); // q0: 100 weighted
  await deal(B, 'negotiation', '1000.00', { closeDate: inQuarter(1) }); // q1: 800
  await deal(B, 'proposal', '200.00', { closeDate: inQuarter(2) }); // q2: 120
  await deal(B, 'closed_won', '300.00', { closedDaysAgo: 3, cycleDays: 10 });
  for (let i = 0; i < 3; i++) await deal(B, 'closed_lost', '10.00', { closedDaysAgo: 30 });
  await leads(B, { new: 0, not_in_target: 4, converted: 1 });

  const C = partnerC.id;
  await deal(C, 'needs_analysis', '1000.00', { closeDate: inQuarter(2) }); // q2: 400
  await deal(C, 'closed_won', '500.00', { closedDaysAgo: 1, cycleDays: 20 });
  await deal(C, 'closed_won', null, { closedDaysAgo: 2, cycleDays: 40 });

  const S = partnerS.id;
  await deal(S, 'negotiation', '10000.00');
  await deal(S, 'closed_won', '100.00', { closedDaysAgo: 1, cycleDays: 5 });
  await leads(S, { new: 0, not_in_target: 0, converted: 2 });
});
afterAll(() => env.close());

const quarterLabel = (i: number) => {
  const d = quarterStart(i);
  return `${d.getUTCFullYear()}-Q${d.getUTCMonth() / 3 + 1}`;
};
const quarterBounds = (i: number) => ({
  quarter: quarterLabel(i),
  from: iso(quarterStart(i)),
  to: iso(new Date(quarterStart(i + 1).getTime() - 86_400_000)),
});

/** Medians over the active partners with data: A, B, C (D has none, S is suspended). */
const network = {
  // q0: A 1000, B 100 · q1: A 10, B 800 · q2: B 120, C 400
  medians: ['550.00', '405.00', '260.00'],
  samples: [2, 2, 2],
  // win rate A 0.5, B 0.25, C 1 · deal size A 1050, B 300, C 500 · cycle A 45, B 10, C 30
  winRate: { networkMedian: 0.5, networkSample: 3 },
  averageDealSize: { networkMedian: 500, networkSample: 3 },
  averageSalesCycleDays: { networkMedian: 30, networkSample: 3 },
  // conversion A 3/4, B 1/5
  leadConversionRate: { networkMedian: 0.475, networkSample: 2 },
};

describe('GET /api/partners/:id/forecast', () => {
  it('401 → 403 (partner reps) → 404 for another partner, exactly like a missing one', async () => {
    expect((await w.anon.get(`/api/partners/${w.partnerA.id}/forecast`)).status).toBe(401);
    expect((await w.repA.http.get(`/api/partners/${w.partnerA.id}/forecast`)).status).toBe(403);
    const missing = await w.adminA.http.get(`/api/partners/${MISSING}/forecast`);
    expect(missing.status).toBe(404);
    const other = await w.adminA.http.get(`/api/partners/${w.partnerB.id}/forecast`);
    expect(other.status).toBe(404);
    expect({ ...other.body.error, requestId: 0 }).toEqual({ ...missing.body.error, requestId: 0 });
    expect((await w.adminB.http.get(`/api/partners/${w.partnerA.id}/forecast`)).status).toBe(404);
    for (const who of [w.adminA, w.marketing, w.finance, w.salesRep]) {
      expect((await who.http.get(`/api/partners/${w.partnerA.id}/forecast`)).status).toBe(200);
    }
  });

  it("gives a partner's pipeline, closing and conversion beside the network medians", async () => {
    const res = await w.channelManager.http.get(`/api/partners/${w.partnerA.id}/forecast`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      partnerId: w.partnerA.id,
      baseCurrency: 'EUR',
      networkSize: 4,
      quarters: [
        {
          ...quarterBounds(0),
          weighted: '1000.00',
          committed: '500.00',
          bestCase: '1500.00',
          pipeline: '1500.00',
          networkMedianWeighted: '550.00',
          networkSample: 2,
        },
        {
          ...quarterBounds(1),
          weighted: '10.00',
          committed: '0.00',
          bestCase: '0.00',
          pipeline: '100.00',
          networkMedianWeighted: '405.00',
          networkSample: 2,
        },
        {
          ...quarterBounds(2),
          weighted: '0.00',
          committed: '0.00',
          bestCase: '0.00',
          pipeline: '0.00',
          networkMedianWeighted: '260.00',
          networkSample: 2,
        },
      ],
      winRate: { value: 0.5, sample: 4, ...network.winRate },
      // (2000 + 100) / 2
      averageDealSize: { value: 1050, sample: 2, ...network.averageDealSize },
      // (30 + 60) / 2
      averageSalesCycleDays: { value: 45, sample: 2, ...network.averageSalesCycleDays },
      // 3 converted / (3 converted + 1 closed); open leads do not count
      leadConversionRate: { value: 0.75, sample: 4, ...network.leadConversionRate },
    });
  });

  it('the other partners, each against the same network', async () => {
    const b = (await w.adminB.http.get(`/api/partners/${w.partnerB.id}/forecast`)).body;
    expect(b.quarters.map((q: any) => [q.weighted, q.committed, q.bestCase, q.pipeline])).toEqual([
      ['100.00', '0.00', '0.00', '500.00'],
      ['800.00', '1000.00', '1000.00', '1000.00'],
      ['120.00', '0.00', '200.00', '200.00'],
    ]);
    expect(b.quarters.map((q: any) => q.networkMedianWeighted)).toEqual(network.medians);
    expect(b).toMatchObject({
      winRate: { value: 0.25, sample: 4, ...network.winRate },
      averageDealSize: { value: 300, sample: 1 },
      averageSalesCycleDays: { value: 10, sample: 1 },
      leadConversionRate: { value: 0.2, sample: 5, ...network.leadConversionRate },
    });
    const c = (await w.admin.http.get(`/api/partners/${partnerC.id}/forecast`)).body;
    expect(c).toMatchObject({
      winRate: { value: 1, sample: 2 },
      // the won deal without an amount counts for the cycle, not for the size
      averageDealSize: { value: 500, sample: 1 },
      averageSalesCycleDays: { value: 30, sample: 2 },
      leadConversionRate: { value: null, sample: 0, ...network.leadConversionRate },
    });
    expect(c.quarters[2].weighted).toBe('400.00');
  });

  it('a suspended partner has its own figures but stays out of the network', async () => {
    const s = (await w.admin.http.get(`/api/partners/${partnerS.id}/forecast`)).body;
    expect(s.quarters[0]).toMatchObject({
      weighted: '8000.00',
      committed: '10000.00',
      networkMedianWeighted: '550.00',
      networkSample: 2,
    });
    expect(s).toMatchObject({
      networkSize: 4,
      winRate: { value: 1, sample: 1, networkMedian: 0.5 },
      averageSalesCycleDays: { value: 5, networkMedian: 30 },
      leadConversionRate: { value: 1, sample: 2, ...network.leadConversionRate },
    });
  });

  it('a partner with no data gets nulls and zeros, never NaN', async () => {
    const res = await w.admin.http.get(`/api/partners/${partnerD.id}/forecast`);
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d.quarters.map((q: any) => [q.weighted, q.committed, q.bestCase, q.pipeline])).toEqual([
      ['0.00', '0.00', '0.00', '0.00'],
      ['0.00', '0.00', '0.00', '0.00'],
      ['0.00', '0.00', '0.00', '0.00'],
    ]);
    expect(d.quarters.map((q: any) => q.networkMedianWeighted)).toEqual(network.medians);
    expect(d.winRate).toEqual({ value: null, sample: 0, ...network.winRate });
    expect(d.averageDealSize).toEqual({ value: null, sample: 0, ...network.averageDealSize });
    expect(d.averageSalesCycleDays).toEqual({
      value: null,
      sample: 0,
      ...network.averageSalesCycleDays,
    });
    expect(d.leadConversionRate).toEqual({
      value: null,
      sample: 0,
      ...network.leadConversionRate,
    });
    expect(JSON.stringify(d)).not.toContain('NaN');
  });

  it('an empty network has no medians', async () => {
    const empty = await createTestEnv();
    try {
      const p = await makePartner(empty.deps, { companyName: 'Lonely' });
      const admin = await actor(empty, { role: 'admin' });
      const res = await admin.http.get(`/api/partners/${p.id}/forecast`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        networkSize: 1,
        winRate: { value: null, networkMedian: null, sample: 0, networkSample: 0 },
        leadConversionRate: { value: null, networkMedian: null },
      });
      expect(res.body.quarters[0]).toMatchObject({
        weighted: '0.00',
        networkMedianWeighted: '0.00',
        networkSample: 0,
      });
    } finally {
      await empty.close();
    }
  });
});
