import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, TEST_ORIGIN, type TestEnv } from '../support/app';
import { world, type World } from '../support/factories';
import { createScoringJobs, RESCORE_BATCH } from '../../src/server/features/scoring/scoring.jobs';
import { RESCORE_JOB } from '../../src/server/features/scoring/scoring.repo';
import { enqueue } from '../../src/server/jobs/queue';
import type { JobContext } from '../../src/server/jobs/registry';
import { memoryLogger } from '../../src/server/jobs/test-logger';
import { startWorker } from '../../src/server/jobs/worker';
import type { ScoreDistribution, ScoringModel } from '../../src/shared/scoring';

let env: TestEnv;
let w: World;
beforeAll(async () => {
  env = await createTestEnv();
  w = await world(env);
});
afterAll(() => env.close());

const MISSING = '00000000-0000-4000-8000-000000000000';

/** The test client has no PUT. */
async function put(cookie: string | null, url: string, body: unknown) {
  const raw = await env.app.inject({
    method: 'PUT',
    url,
    headers: cookie ? { cookie, origin: TEST_ORIGIN } : {},
    payload: body as object,
  });
  return { status: raw.statusCode, body: raw.body ? JSON.parse(raw.body) : null };
}

/** Runs the queued rescoring jobs the way the worker does. */
async function runJobs() {
  const worker = startWorker({
    db: env.deps.db,
    jobs: createScoringJobs({ db: env.deps.db }),
    pollMs: 1000,
    logger: memoryLogger(),
    loop: false,
  });
  const ran = await worker.runOnce();
  await worker.stop();
  return ran;
}

const model = async () => (await w.admin.http.get('/api/scoring')).body as ScoringModel;
const distribution = async () =>
  (await w.admin.http.get('/api/scoring/distribution')).body as ScoreDistribution;

type LeadOver = {
  power?: string;
  source?: string;
  jobTitle?: string;
  companySize?: string | null;
  countryCode?: string | null;
  partnerId?: string | null;
  partnerUserId?: string | null;
  score?: number;
  rating?: 'hot' | 'warm' | 'cold';
  ratingManual?: 'hot' | 'warm' | 'cold' | null;
};
async function insertLead(over: LeadOver = {}) {
  const { id } = await env.deps.db
    .insertInto('leads')
    .values({
      company: 'Acme',
      first_name: 'Ada',
      last_name: 'Lovelace',
      job_title: over.jobTitle ?? 'other',
      email: 'ada@example.test',
      power: over.power ?? 'user',
      source: over.source ?? 'other',
      company_size: over.companySize ?? null,
      country_code: over.countryCode ?? null,
      partner_id: over.partnerId ?? null,
      partner_user_id: over.partnerUserId ?? null,
      score: over.score ?? 0,
      rating: over.rating ?? 'cold',
      rating_manual: over.ratingManual ?? null,
      status_id: sql<string>`(select id from lead_statuses where is_default)`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
const leadRow = (id: string) =>
  env.deps.db
    .selectFrom('leads')
    .select(['score', 'rating', 'rating_manual'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

const seededRules = (m: ScoringModel) =>
  m.rules.map(({ field, value, points }) => ({ field, value, points }));

describe('access', () => {
  it('401 → 403: the model is for admins, marketing and channel managers (read); partners never', async () => {
    expect((await w.anon.get('/api/scoring')).status).toBe(401);
    expect((await w.anon.get('/api/scoring/distribution')).status).toBe(401);
    expect((await w.anon.post('/api/scoring/rescore')).status).toBe(401);
    expect((await put(null, '/api/scoring', {})).status).toBe(401);
    for (const a of [w.salesRep, w.finance, w.adminA, w.repA, w.adminB]) {
      expect((await a.http.get('/api/scoring')).status).toBe(403);
      expect((await a.http.get('/api/scoring/distribution')).status).toBe(403);
      expect((await a.http.post('/api/scoring/rescore')).status).toBe(403);
      expect((await put(a.cookie, '/api/scoring', {})).status).toBe(403);
    }
    // Channel managers read but do not change the model.
    expect((await w.channelManager.http.get('/api/scoring')).status).toBe(200);
    expect((await w.channelManager.http.get('/api/scoring/distribution')).status).toBe(200);
    expect((await w.channelManager.http.post('/api/scoring/rescore')).status).toBe(403);
    expect((await put(w.channelManager.cookie, '/api/scoring', {})).status).toBe(403);
    expect((await w.marketing.http.get('/api/scoring')).status).toBe(200);
  });

  it("GET /api/leads/:id/score: 401 → 404 for another partner's lead (and a fellow rep's) → 404 missing", async () => {
    const ofB = await insertLead({ partnerId: w.partnerB.id, partnerUserId: w.repB.id });
    const ofRepA2 = await insertLead({ partnerId: w.partnerA.id, partnerUserId: w.repA2.id });
    expect((await w.anon.get(`/api/leads/${ofB}/score`)).status).toBe(401);
    for (const a of [w.adminA, w.repA]) {
      const r = await a.http.get(`/api/leads/${ofB}/score`);
      expect(r.status).toBe(404);
      const missing = await a.http.get(`/api/leads/${MISSING}/score`);
      expect(missing.status).toBe(404);
      expect(r.body.error.message).toBe(missing.body.error.message);
    }
    expect((await w.repA.http.get(`/api/leads/${ofRepA2}/score`)).status).toBe(404);
    expect((await w.adminA.http.get(`/api/leads/${ofRepA2}/score`)).status).toBe(200);
    expect((await w.adminB.http.get(`/api/leads/${ofB}/score`)).status).toBe(200);
    expect((await w.salesRep.http.get(`/api/leads/${ofB}/score`)).status).toBe(200);
    expect((await w.admin.http.get('/api/leads/not-a-uuid/score')).status).toBe(400);
  });
});

describe('the model', () => {
  it('GET returns the seeded rules and thresholds', async () => {
    const m = await model();
    expect(m.settings).toEqual({ hotMin: 60, warmMin: 30, version: 1 });
    expect(seededRules(m)).toContainEqual({ field: 'power', value: 'decision_maker', points: 30 });
    expect(m.rules.every((r) => typeof r.id === 'string')).toBe(true);
  });

  it('PUT validates every rule against what a lead can hold, and the thresholds', async () => {
    const { settings } = await model();
    const r = await put(w.admin.cookie, '/api/scoring', {
      version: settings.version,
      hotMin: 50,
      warmMin: 25,
      rules: [
        { field: 'source', value: 'carrier_pigeon', points: 5 },
        { field: 'company_size', value: 'huge', points: 5 },
        { field: 'country_code', value: 'XX', points: 5 },
        { field: 'activities', value: 'lots', points: 5 },
        { field: 'power', value: 'influencer', points: 5 },
        { field: 'power', value: 'influencer', points: 7 },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toEqual({
      'rules.0.value': 'is not a value of lead_source',
      'rules.1.value': expect.stringMatching(/^must be one of/),
      'rules.2.value': 'must be a two-letter ISO country code',
      'rules.3.value': 'must be a whole number of activities, 1 or more',
      'rules.5.value': 'this value already has a rule',
    });
    const t = await put(w.admin.cookie, '/api/scoring', {
      version: settings.version,
      hotMin: 10,
      warmMin: 10,
      rules: [],
    });
    expect(t.status).toBe(400);
    expect(t.body.error.fields.hotMin).toMatch(/above the warm/);
    const big = await put(w.admin.cookie, '/api/scoring', {
      version: settings.version,
      hotMin: 10,
      warmMin: 5,
      rules: [{ field: 'power', value: 'user', points: 5000 }],
    });
    expect(big.status).toBe(400);
    expect(Object.keys(big.body.error.fields)).toEqual(['rules.0.points']);
    // Nothing was written.
    expect((await model()).settings.version).toBe(settings.version);
  });

  it('PUT replaces the model atomically, enqueues one rescore, and the job moves the distribution', async () => {
    const hot = await insertLead({
      power: 'decision_maker',
      source: 'partner_referral',
      jobTitle: 'ceo',
    }); // 30 + 20 + 15
    const warm = await insertLead({ power: 'influencer', source: 'event' }); // 15 + 15
    const manual = await insertLead({ power: 'decision_maker', ratingManual: 'cold' }); // 30
    await runJobs(); // nothing queued yet
    const m = await model();
    // Scored rows were inserted raw: a rescore gives them their seeded-model score first.
    const first = await w.marketing.http.post('/api/scoring/rescore');
    expect(first.status).toBe(202);
    expect(await runJobs()).toBe(1);
    expect(await leadRow(hot)).toEqual({ score: 65, rating: 'hot', rating_manual: null });
    expect(await leadRow(warm)).toEqual({ score: 30, rating: 'warm', rating_manual: null });
    expect(await leadRow(manual)).toEqual({ score: 30, rating: 'cold', rating_manual: 'cold' });
    const before = await distribution();

    const r = await put(w.marketing.cookie, '/api/scoring', {
      version: m.settings.version,
      hotMin: 30,
      warmMin: 10,
      rules: [
        { field: 'power', value: 'decision_maker', points: 40 },
        { field: 'source', value: 'event', points: 10 },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.settings).toEqual({ hotMin: 30, warmMin: 10, version: m.settings.version + 1 });
    expect(seededRules(r.body)).toEqual([
      { field: 'power', value: 'decision_maker', points: 40 },
      { field: 'source', value: 'event', points: 10 },
    ]);
    expect(typeof r.body.jobId).toBe('string');
    // A second request before the job starts reuses the waiting job.
    const again = await w.admin.http.post('/api/scoring/rescore');
    expect(again.body.jobId).toBe(r.body.jobId);
    const queued = await distribution();
    expect(queued.rescore).toMatchObject({ jobId: r.body.jobId, status: 'queued', done: 0 });

    // A stale save changes nothing.
    const stale = await put(w.admin.cookie, '/api/scoring', {
      version: m.settings.version,
      hotMin: 99,
      warmMin: 1,
      rules: [],
    });
    expect(stale.status).toBe(409);
    expect((await model()).settings.hotMin).toBe(30);

    expect(await runJobs()).toBe(1);
    expect(await leadRow(hot)).toEqual({ score: 40, rating: 'hot', rating_manual: null });
    expect(await leadRow(warm)).toEqual({ score: 10, rating: 'warm', rating_manual: null });
    // The hand-picked rating stays; the score moves.
    expect(await leadRow(manual)).toEqual({ score: 40, rating: 'cold', rating_manual: 'cold' });

    const after = await distribution();
    expect(after.total).toBe(before.total);
    expect(after.byRating.hot).toBe(before.byRating.hot);
    expect(after.rescore).toMatchObject({ jobId: r.body.jobId, status: 'succeeded' });
    expect(after.rescore!.done).toBe(after.total);
    expect(after.rescore!.total).toBe(after.total);
    expect(after.rescore!.finishedAt).not.toBeNull();
    expect(after.buckets).toContainEqual({ from: 40, count: expect.any(Number) });
    expect(after.buckets.reduce((s, b) => s + b.count, 0)).toBe(after.total);
    expect(after.buckets.map((b) => b.from)).toEqual(
      [...after.buckets.map((b) => b.from)].sort((a, b) => a - b),
    );

    const h = await env.deps.db
      .selectFrom('events')
      .select(['action', 'changes'])
      .where('subject_type', '=', 'lead_scoring')
      .where('action', '=', 'update')
      .executeTakeFirstOrThrow();
    expect(h.changes).toMatchObject({
      hotMin: { from: 60, to: 30 },
      warmMin: { from: 30, to: 10 },
    });
  });

  it("GET /api/leads/:id/score explains a lead's score", async () => {
    const id = await insertLead({ power: 'decision_maker', source: 'event', ratingManual: 'warm' });
    await runJobs();
    await w.admin.http.post('/api/scoring/rescore');
    await runJobs();
    const r = await w.channelManager.http.get(`/api/leads/${id}/score`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      score: 50,
      rating: 'warm',
      ratingManual: 'warm',
      scoredRating: 'hot',
      matched: [
        { field: 'power', value: 'decision_maker', points: 40, label: 'Power: Decision maker' },
        { field: 'source', value: 'event', points: 10, label: 'Lead source: Event' },
      ],
      thresholds: { hotMin: 30, warmMin: 10 },
    });
  });
});

describe('engagement', () => {
  it('logging and deleting an activity on a lead rescores it in the same transaction', async () => {
    const m = await model();
    const r = await put(w.admin.cookie, '/api/scoring', {
      version: m.settings.version,
      hotMin: 30,
      warmMin: 10,
      rules: [
        { field: 'activities', value: '1', points: 10 },
        { field: 'activities', value: '2', points: 25 },
      ],
    });
    expect(r.status).toBe(200);
    await runJobs();
    const lead = await insertLead({ partnerId: w.partnerA.id, partnerUserId: w.repA.id });
    const log = (a: typeof w.repA) =>
      a.http.post('/api/activities', {
        subjectType: 'lead',
        subjectId: lead,
        type: 'call',
        subject: 'Intro call',
        occurredAt: new Date().toISOString(),
      });
    const a1 = await log(w.repA);
    expect(a1.status).toBe(201);
    expect(await leadRow(lead)).toMatchObject({ score: 10, rating: 'warm' });
    const a2 = await log(w.channelManager);
    expect(a2.status).toBe(201);
    expect(await leadRow(lead)).toMatchObject({ score: 35, rating: 'hot' });
    expect((await w.channelManager.http.delete(`/api/activities/${a2.body.id}`)).status).toBe(204);
    expect(await leadRow(lead)).toMatchObject({ score: 10, rating: 'warm' });
    // Another partner cannot log on it (and nothing is rescored).
    expect((await log(w.adminB)).status).toBe(404);
    expect(await leadRow(lead)).toMatchObject({ score: 10 });
  });
});

describe('the rescoring job', () => {
  async function bulkLeads(n: number) {
    await sql`insert into leads (company, first_name, last_name, job_title, email, power, source, status_id)
      select 'Bulk ' || i, 'F', 'L', 'other', 'bulk' || i || '@example.test',
        case when i % 2 = 0 then 'decision_maker' else 'user' end, 'web',
        (select id from lead_statuses where is_default)
      from generate_series(1, ${n}) i`.execute(env.deps.db);
  }
  function ctxFor(jobId: string, signal: AbortSignal): JobContext {
    return {
      jobId,
      name: RESCORE_JOB,
      attempt: 1,
      maxAttempts: 3,
      runAt: new Date(),
      signal,
      logger: memoryLogger(),
    };
  }
  const progressOf = async (jobId: string) =>
    (
      await env.deps.db
        .selectFrom('jobs')
        .select('progress')
        .where('id', '=', jobId)
        .executeTakeFirstOrThrow()
    ).progress as { done: number; total: number; after: string | null };

  it('walks every lead in batches, stops on the signal after a batch, and resumes where it stopped', async () => {
    const m = await model();
    await put(w.admin.cookie, '/api/scoring', {
      version: m.settings.version,
      hotMin: 30,
      warmMin: 10,
      rules: [{ field: 'power', value: 'decision_maker', points: 30 }],
    });
    await runJobs();
    await bulkLeads(2 * RESCORE_BATCH + 500);
    const total = Number(
      (
        await env.deps.db
          .selectFrom('leads')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    const def = createScoringJobs({ db: env.deps.db })[0]!;
    const jobId = await enqueue(env.deps.db, RESCORE_JOB, {});
    // A signal that fires once the first batch is done: the job stops between batches.
    let checks = 0;
    const stopAfterOne = {
      get aborted() {
        return ++checks > 1;
      },
      reason: new Error('shutting down'),
    } as AbortSignal;
    await expect(def.execute({}, ctxFor(jobId, stopAfterOne))).rejects.toThrow('shutting down');
    const mid = await progressOf(jobId);
    expect(mid).toMatchObject({ done: RESCORE_BATCH, total });
    expect(mid.after).toEqual(expect.any(String));
    // Leads past the cursor are still unscored.
    const unscored = await env.deps.db
      .selectFrom('leads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('company', 'like', 'Bulk %')
      .where('power', '=', 'decision_maker')
      .where('score', '=', 0)
      .executeTakeFirstOrThrow();
    expect(Number(unscored.n)).toBeGreaterThan(0);

    // The retry (after a crash or a shutdown) picks up after the last committed batch.
    await def.execute({}, ctxFor(jobId, new AbortController().signal));
    expect(await progressOf(jobId)).toEqual({ done: total, total, after: null });
    const wrong = await env.deps.db
      .selectFrom('leads')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('company', 'like', 'Bulk %')
      .where((eb) =>
        eb.or([
          eb.and([eb('power', '=', 'decision_maker'), eb('score', '<>', 30)]),
          eb.and([eb('power', '=', 'user'), eb('score', '<>', 0)]),
        ]),
      )
      .executeTakeFirstOrThrow();
    expect(Number(wrong.n)).toBe(0);
    // Running it again changes nothing and finishes the same way.
    await def.execute({}, ctxFor(jobId, new AbortController().signal));
    expect(await progressOf(jobId)).toEqual({ done: total, total, after: null });
    const d = await distribution();
    expect(d.byRating.hot).toBeGreaterThanOrEqual(RESCORE_BATCH + 250);
  });
});
