import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../support/app';
import { makeUser, world, type World } from '../support/factories';
import { signFormToken } from '../../src/server/features/applications/applications.service';

let env: TestEnv;
let w: World;
beforeAll(async () => {
  // The default configuration: a form must be open for 3 s and 5 attempts per address per hour.
  env = await createTestEnv();
  w = await world(env);
});
afterAll(() => env.close());

let ipSeq = 0;
/** Each test sends from its own address so the hourly limit of one does not bleed into another. */
const freshIp = () => `198.51.100.${++ipSeq}`;

async function formSecret(): Promise<string> {
  // Fetching a form creates the secret on first use.
  expect((await w.anon.get('/api/applications/form')).status).toBe(200);
  const row = await env.deps.db
    .selectFrom('app_secrets')
    .select('value')
    .where('name', '=', 'application_form_hmac')
    .executeTakeFirstOrThrow();
  return row.value;
}

/** A token as if the form had been opened `ageMs` ago. */
async function tokenAged(ageMs = 10_000) {
  return signFormToken(await formSecret(), Date.now() - ageMs);
}

let nameSeq = 0;
async function validBody(over: Record<string, unknown> = {}) {
  const n = ++nameSeq;
  return {
    businessName: `Acme Resellers ${n}`,
    website: `https://www.acme-${n}.example`,
    partnerType: 'var',
    productsOfInterest: 'Network security, managed backup',
    street: '1 Main Street',
    city: 'Lyon',
    postalCode: '69001',
    region: 'Auvergne-Rhône-Alpes',
    countryCode: 'fr',
    phone: '+33 4 00 00 00 00',
    contactName: `Camille Martin ${n}`,
    contactEmail: `Camille.${n}.${Date.now()}@Acme.example`,
    requestedSlaTier: 'premium',
    message: 'We serve 200 SMB customers in the region.',
    formToken: await tokenAged(),
    ...over,
  };
}

function submit(body: unknown, ip = freshIp(), headers: Record<string, string> = {}) {
  return env.app
    .inject({
      method: 'POST',
      url: '/api/applications',
      payload: body as object,
      remoteAddress: ip,
      headers,
    })
    .then((r) => ({
      status: r.statusCode,
      headers: r.headers,
      body: r.body ? JSON.parse(r.body) : undefined,
    }));
}

async function submitted(over: Record<string, unknown> = {}) {
  const body = await validBody(over);
  const res = await submit(body);
  expect(res.status).toBe(201);
  return { id: res.body.id as string, body };
}

const outboxTo = (email: string) =>
  env.deps.db
    .selectFrom('email_outbox')
    .selectAll()
    .where('to_address', '=', email.toLowerCase())
    .orderBy('created_at')
    .execute();

const countPartnersNamed = async (name: string) =>
  (await env.deps.db.selectFrom('partners').select('id').where('company_name', '=', name).execute())
    .length;

describe('GET /api/applications/form', () => {
  it('is public and hands out a signed, time-stamped token that is never cached', async () => {
    const before = Date.now();
    const res = await w.anon.get('/api/applications/form');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.formToken).toMatch(/^v1\.\d+\.[\w-]+\.[\w-]{43}$/);
    expect(Date.parse(res.body.notBefore) - before).toBeGreaterThanOrEqual(2_900);
    expect(Date.parse(res.body.expiresAt) - before).toBeGreaterThan(23 * 3_600_000);
  });
});

describe('POST /api/applications (public)', () => {
  it('stores the application, answers with a minimal receipt and thanks the applicant', async () => {
    const body = await validBody();
    const res = await submit(body, freshIp(), { 'user-agent': 'Mozilla/5.0 test' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['id', 'status']);
    expect(res.body.status).toBe('pending');

    const row = await env.deps.db
      .selectFrom('partner_applications')
      .selectAll()
      .where('id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      business_name: body.businessName,
      domain: `acme-${nameSeq}.example`,
      country_code: 'FR',
      contact_email: body.contactEmail.toLowerCase(),
      partner_type: 'var',
      requested_sla_tier: 'premium',
      status: 'pending',
      user_agent: 'Mozilla/5.0 test',
    });
    const mails = await outboxTo(body.contactEmail);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      template: 'application_received',
      subject: 'We received your partner application',
    });
    expect(mails[0]!.text_body).toContain(body.businessName);

    const h = await w.admin.http.get(
      `/api/history?subjectType=partner_application&subjectId=${res.body.id}`,
    );
    expect(h.status).toBe(200);
    expect(h.body.data).toMatchObject([{ action: 'create', actor: null }]);
  });

  it('needs only the essentials', async () => {
    const res = await submit({
      businessName: 'Minimal Co',
      countryCode: 'DE',
      contactName: 'Max',
      contactEmail: `max.${Date.now()}@minimal.example`,
      formToken: await tokenAged(),
    });
    expect(res.status).toBe(201);
  });

  it('reports every invalid field by name', async () => {
    const res = await submit({ formToken: await tokenAged(), contactEmail: 'not-an-email' });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.error.fields).sort()).toEqual([
      'businessName',
      'contactEmail',
      'contactName',
      'countryCode',
    ]);
    const bad = await submit(
      await validBody({
        contactEmail: 'camille@',
        countryCode: 'ZZ',
        website: 'not a website',
        partnerType: 'pirate',
        requestedSlaTier: 'platinum',
      }),
    );
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual([
      'contactEmail',
      'countryCode',
      'partnerType',
      'requestedSlaTier',
      'website',
    ]);
    expect(bad.body.error.fields.contactEmail).toBe('must be a valid email address');
  });

  it('refuses oversized, odd and unknown input without storing anything', async () => {
    const before = await env.deps.db
      .selectFrom('partner_applications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const cases: [Record<string, unknown>, string][] = [
      [{ businessName: 'x'.repeat(201) }, 'businessName'],
      [{ message: 'x'.repeat(5001) }, 'message'],
      [{ productsOfInterest: 'x'.repeat(2001) }, 'productsOfInterest'],
      [{ contactName: 'Nul\u0000Byte' }, 'contactName'],
      [{ postalCode: '1'.repeat(21) }, 'postalCode'],
      [{ status: 'approved' }, '(body)'],
      [{ partnerId: w.partnerA.id }, '(body)'],
      [{ formToken: 'x'.repeat(501) }, 'formToken'],
    ];
    for (const [over, field] of cases) {
      const res = await submit(await validBody(over));
      expect(res.status, JSON.stringify(over).slice(0, 60)).toBe(400);
      expect(Object.keys(res.body.error.fields)).toContain(field);
    }
    const huge = await submit(await validBody({ message: 'x'.repeat(1_100_000) }));
    expect(huge.status).toBe(413);
    const after = await env.deps.db
      .selectFrom('partner_applications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('keeps markup as plain data', async () => {
    const { id } = await submitted({ businessName: '<img src=x onerror=alert(1)>' });
    const res = await w.admin.http.get(`/api/applications/${id}`);
    expect(res.body.businessName).toBe('<img src=x onerror=alert(1)>');
    const mail = (await outboxTo(res.body.contactEmail))[0]!;
    expect(mail.html_body).not.toContain('<img');
    expect(mail.html_body).toContain('&lt;img');
  });
});

describe('spam defences', () => {
  it('honeypot: a filled hidden field gets a success-looking answer and nothing is stored', async () => {
    const body = await validBody({ companyUrl: 'http://spam.example' });
    const res = await submit(body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), status: 'pending' });
    expect((await w.admin.http.get(`/api/applications/${res.body.id}`)).status).toBe(404);
    const stored = await env.deps.db
      .selectFrom('partner_applications')
      .select('id')
      .where('contact_email', '=', body.contactEmail.toLowerCase())
      .execute();
    expect(stored).toEqual([]);
    expect(await outboxTo(body.contactEmail)).toEqual([]);
  });

  it('form token: missing, forged, too fast or expired is refused with a clear message', async () => {
    const secret = await formSecret();
    const fresh = (await w.anon.get('/api/applications/form')).body.formToken as string;
    const good = signFormToken(secret, Date.now() - 10_000);
    const [head, sig] = [good.slice(0, good.lastIndexOf('.')), good.slice(good.lastIndexOf('.'))];
    const cases: [string, string, RegExp][] = [
      ['', 'invalid', /could not be verified/],
      ['garbage', 'invalid', /could not be verified/],
      [
        signFormToken('another-secret-another-secret-xx', Date.now() - 10_000),
        'invalid',
        /verified/,
      ],
      // a signature moved onto another issue time
      [head.replace(/^v1\.\d+/, `v1.${Date.now() - 20_000}`) + sig, 'invalid', /verified/],
      [signFormToken(secret, Date.now() + 3_600_000), 'invalid', /verified/],
      [fresh, 'too_fast', /too quickly/],
      [signFormToken(secret, Date.now() - 25 * 3_600_000), 'expired', /expired/],
    ];
    for (const [formToken, problem, message] of cases) {
      const body = await validBody({ formToken });
      const res = await submit(body);
      expect(res.status, problem).toBe(400);
      expect(res.body.error.fields).toEqual({ formToken: problem });
      expect(res.body.error.message).toMatch(message);
      expect(await outboxTo(body.contactEmail)).toEqual([]);
    }
  });

  it('rate limit: the sixth attempt from one address within the hour gets 429 with Retry-After', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expect((await submit(await validBody(), ip)).status).toBe(201);
    const res = await submit(await validBody(), ip);
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('RATE_LIMITED');
    expect(res.body.error.message).toMatch(/try again in \d+ minute/);
    const retry = Number(res.headers['retry-after']);
    expect(retry).toBeGreaterThan(3500);
    expect(retry).toBeLessThanOrEqual(3600);
    // Another address is unaffected.
    expect((await submit(await validBody(), freshIp())).status).toBe(201);
  });

  it('rate limit: refused spam attempts count too', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      expect((await submit(await validBody({ companyUrl: 'x' }), ip)).status).toBe(201);
    }
    expect((await submit(await validBody({ formToken: 'bad' }), ip)).status).toBe(400);
    expect((await submit(await validBody(), ip)).status).toBe(201);
    const res = await submit(await validBody(), ip);
    expect(res.status).toBe(429);
    // Once limited, even a honeypot hit is told so.
    expect((await submit(await validBody({ companyUrl: 'x' }), ip)).status).toBe(429);
  });

  it('rate limit holds under a burst of parallel submissions', async () => {
    const ip = freshIp();
    const bodies = await Promise.all(Array.from({ length: 8 }, () => validBody()));
    const results = await Promise.all(bodies.map((b) => submit(b, ip)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
  });
});

describe('minimum fill time from configuration', () => {
  it('with 0 seconds, a token fetched a moment ago is accepted', async () => {
    const quick = await createTestEnv({ CONDUIT_APPLICATION_MIN_FILL_SECONDS: '0' });
    try {
      const form = await quick.app.inject({ method: 'GET', url: '/api/applications/form' });
      const body = { ...(await validBody()), formToken: form.json().formToken };
      const res = await quick.app.inject({
        method: 'POST',
        url: '/api/applications',
        payload: body,
      });
      expect(res.statusCode).toBe(201);
    } finally {
      await quick.close();
    }
  });
});

describe('review access', () => {
  it('401 for anonymous callers, 403 for everyone but channel managers and admins', async () => {
    const { id } = await submitted();
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/applications'],
      ['GET', '/api/applications/counts'],
      ['GET', '/api/applications/approval-options'],
      ['GET', `/api/applications/${id}`],
      ['POST', `/api/applications/${id}/approve`, {}],
      ['POST', `/api/applications/${id}/decline`, { reason: 'No' }],
    ];
    for (const [method, url, body] of calls) {
      const anon = method === 'GET' ? await w.anon.get(url) : await w.anon.post(url, body);
      expect(anon.status, `${method} ${url}`).toBe(401);
      for (const a of [w.salesRep, w.finance, w.marketing, w.adminA, w.repA, w.adminB]) {
        const res = method === 'GET' ? await a.http.get(url) : await a.http.post(url, body);
        expect(res.status, `${a.role} ${method} ${url}`).toBe(403);
      }
    }
    // Nothing was decided by the refused calls.
    expect((await w.admin.http.get(`/api/applications/${id}`)).body.status).toBe('pending');
  });

  it('404 for an unknown id; 400 for a malformed one', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await w.channelManager.http.get(`/api/applications/${missing}`)).status).toBe(404);
    expect(
      (await w.channelManager.http.post(`/api/applications/${missing}/approve`, {})).status,
    ).toBe(404);
    expect(
      (await w.channelManager.http.post(`/api/applications/${missing}/decline`, { reason: 'x' }))
        .status,
    ).toBe(404);
    expect((await w.channelManager.http.get('/api/applications/nope')).status).toBe(400);
  });

  it('history of an application is for internal users only', async () => {
    const { id } = await submitted();
    const url = `/api/history?subjectType=partner_application&subjectId=${id}`;
    expect((await w.salesRep.http.get(url)).status).toBe(200);
    for (const a of [w.adminA, w.repA]) expect((await a.http.get(url)).status).toBe(404);
  });
});

describe('GET /api/applications', () => {
  it('lists newest first, filters by status and search, and pages by cursor', async () => {
    const first = await submitted({ businessName: 'Paging Alpha Ltd' });
    const second = await submitted({ businessName: 'Paging Beta Ltd' });
    const list = await w.channelManager.http.get('/api/applications?status=pending&limit=200');
    expect(list.status).toBe(200);
    const ids = list.body.data.map((a: { id: string }) => a.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(list.body.data.every((a: { status: string }) => a.status === 'pending')).toBe(true);
    expect(list.body.data[0].abilities).toEqual({ approve: true, decline: true });

    const q = await w.admin.http.get('/api/applications?q=paging');
    expect(q.body.data.map((a: { id: string }) => a.id)).toEqual([second.id, first.id]);
    const p1 = await w.admin.http.get('/api/applications?q=paging&limit=1');
    expect(p1.body.data.map((a: { id: string }) => a.id)).toEqual([second.id]);
    const p2 = await w.admin.http.get(
      `/api/applications?q=paging&limit=1&cursor=${encodeURIComponent(p1.body.nextCursor)}`,
    );
    expect(p2.body.data.map((a: { id: string }) => a.id)).toEqual([first.id]);
    expect(p2.body.nextCursor).toBeNull();
    expect((await w.admin.http.get('/api/applications?q=%25')).body.data).toEqual([]);
    expect((await w.admin.http.get('/api/applications?status=bogus')).status).toBe(400);
    expect((await w.admin.http.get('/api/applications?cursor=zzz')).status).toBe(400);
  });

  it('flags existing partners with the same domain or name, and pending applications with the same domain', async () => {
    const partner = await env.deps.db
      .insertInto('partners')
      .values({ company_name: 'Dupe Check Partners', domain: 'dupe-check.example' })
      .returningAll()
      .executeTakeFirstOrThrow();
    const byDomain = await submitted({
      businessName: 'Totally Different Name',
      website: 'http://WWW.Dupe-Check.example/about',
    });
    const byName = await submitted({ businessName: 'dupe check partners', website: '' });
    const res = await w.channelManager.http.get(`/api/applications/${byDomain.id}`);
    expect(res.body.domain).toBe('dupe-check.example');
    expect(res.body.duplicates.partners).toEqual([
      {
        id: partner.id,
        companyName: 'Dupe Check Partners',
        domain: 'dupe-check.example',
        status: 'active',
        matchedOn: ['domain'],
      },
    ]);
    const named = await w.channelManager.http.get(`/api/applications/${byName.id}`);
    expect(named.body.duplicates.partners).toMatchObject([{ id: partner.id, matchedOn: ['name'] }]);
    expect(named.body.duplicates.applications).toEqual([]);

    const again = await submitted({
      businessName: 'Second Try',
      website: 'dupe-check.example',
    });
    const twin = await w.channelManager.http.get(`/api/applications/${again.id}`);
    expect(twin.body.duplicates.applications).toMatchObject([
      { id: byDomain.id, businessName: 'Totally Different Name' },
    ]);
    const listed = await w.channelManager.http.get('/api/applications?q=second%20try');
    expect(listed.body.data[0].duplicates).toEqual(twin.body.duplicates);
  });

  it('counts by status', async () => {
    const res = await w.channelManager.http.get('/api/applications/counts');
    expect(res.status).toBe(200);
    expect(res.body.pending).toBeGreaterThan(0);
    expect(Object.keys(res.body).sort()).toEqual(['approved', 'declined', 'pending']);
  });

  it('offers levels, stages and channel managers with the defaults preselected', async () => {
    const res = await w.channelManager.http.get('/api/applications/approval-options');
    expect(res.body.levels.map((l: { name: string }) => l.name)).toEqual([
      'Bronze',
      'Silver',
      'Gold',
    ]);
    expect(res.body.defaults).toEqual({
      levelId: res.body.levels[0].id,
      activationStageId: res.body.activationStages[0].id,
      channelManagerId: w.channelManager.id,
    });
    expect(res.body.channelManagers.map((u: { id: string }) => u.id)).toContain(
      w.channelManager.id,
    );
    const asAdmin = await w.admin.http.get('/api/applications/approval-options');
    expect(asAdmin.body.defaults.channelManagerId).toBeNull();
  });
});

describe('POST /api/applications/:id/approve', () => {
  it('creates the active partner, invites the applicant as partner admin and records it all', async () => {
    const { id, body } = await submitted();
    const res = await w.channelManager.http.post(`/api/applications/${id}/approve`, {
      version: 1,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'approved',
      reviewedBy: { id: w.channelManager.id },
      partner: { companyName: body.businessName },
      abilities: { approve: false, decline: false },
      version: 2,
    });
    const partnerId = res.body.partner.id as string;

    const partner = await env.deps.db
      .selectFrom('partners')
      .leftJoin('partner_levels', 'partner_levels.id', 'partners.level_id')
      .leftJoin('activation_stages', 'activation_stages.id', 'partners.activation_stage_id')
      .selectAll('partners')
      .select(['partner_levels.name as level', 'activation_stages.name as stage'])
      .where('partners.id', '=', partnerId)
      .executeTakeFirstOrThrow();
    expect(partner).toMatchObject({
      company_name: body.businessName,
      status: 'active',
      website: body.website,
      domain: `acme-${nameSeq}.example`,
      phone: body.phone,
      street: body.street,
      city: body.city,
      postal_code: body.postalCode,
      region: body.region,
      country_code: 'FR',
      partner_type: 'var',
      sla_tier: 'premium',
      level: 'Bronze',
      stage: 'First contact',
      channel_manager_id: w.channelManager.id,
      partnership_date: new Date().toISOString().slice(0, 10),
    });

    const user = await env.deps.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', body.contactEmail.toLowerCase())
      .executeTakeFirstOrThrow();
    expect(user).toMatchObject({
      role: 'partner_admin',
      partner_id: partnerId,
      name: body.contactName,
      password_hash: null,
    });
    const mails = (await outboxTo(body.contactEmail)).map((m) => m.template);
    expect(mails).toEqual(['application_received', 'invitation']);

    const appHistory = await w.channelManager.http.get(
      `/api/history?subjectType=partner_application&subjectId=${id}`,
    );
    expect(appHistory.body.data.map((e: { action: string }) => e.action)).toEqual([
      'approve',
      'create',
    ]);
    expect(appHistory.body.data[0].changes.status).toEqual({ from: 'pending', to: 'approved' });
    const partnerHistory = await w.channelManager.http.get(
      `/api/history?subjectType=partner&subjectId=${partnerId}`,
    );
    expect(partnerHistory.body.data).toMatchObject([
      { action: 'create', actor: { id: w.channelManager.id } },
    ]);

    // The partner it became is not reported as its own duplicate.
    expect(res.body.duplicates.partners).toEqual([]);

    const again = await w.channelManager.http.post(`/api/applications/${id}/approve`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already been approved/);
    expect(
      (await w.admin.http.post(`/api/applications/${id}/decline`, { reason: 'Late' })).status,
    ).toBe(409);
    expect(await countPartnersNamed(body.businessName)).toBe(1);
  });

  it('takes the chosen level, stage and channel manager; validates them', async () => {
    const opts = (await w.admin.http.get('/api/applications/approval-options')).body;
    const gold = opts.levels.find((l: { name: string }) => l.name === 'Gold').id;
    const rampUp = opts.activationStages.find((s: { name: string }) => s.name === 'Ramp-up').id;
    const { id, body } = await submitted();
    for (const [input, field] of [
      [{ levelId: '00000000-0000-4000-8000-000000000000' }, 'levelId'],
      [{ activationStageId: '00000000-0000-4000-8000-000000000000' }, 'activationStageId'],
      [{ channelManagerId: w.salesRep.id }, 'channelManagerId'],
      [{ levelId: 'gold' }, 'levelId'],
    ] as const) {
      const res = await w.admin.http.post(`/api/applications/${id}/approve`, input);
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error.fields)).toEqual([field]);
    }
    expect(await countPartnersNamed(body.businessName)).toBe(0);

    const res = await w.admin.http.post(`/api/applications/${id}/approve`, {
      levelId: gold,
      activationStageId: rampUp,
      channelManagerId: w.channelManager.id,
    });
    expect(res.status).toBe(200);
    const partner = await env.deps.db
      .selectFrom('partners')
      .selectAll()
      .where('id', '=', res.body.partner.id)
      .executeTakeFirstOrThrow();
    expect(partner).toMatchObject({
      level_id: gold,
      activation_stage_id: rampUp,
      channel_manager_id: w.channelManager.id,
    });
  });

  it('an admin approving leaves the channel manager empty unless one is chosen', async () => {
    const { id } = await submitted();
    const res = await w.admin.http.post(`/api/applications/${id}/approve`, {});
    expect(res.status).toBe(200);
    const partner = await env.deps.db
      .selectFrom('partners')
      .select('channel_manager_id')
      .where('id', '=', res.body.partner.id)
      .executeTakeFirstOrThrow();
    expect(partner.channel_manager_id).toBeNull();
  });

  it('409 with a clear message when the contact email already belongs to a user; nothing is created', async () => {
    const existing = await makeUser(env.deps, { role: 'partner_rep', partnerId: w.partnerA.id });
    const { id, body } = await submitted({ contactEmail: existing.email.toUpperCase() });
    const res = await w.channelManager.http.post(`/api/applications/${id}/approve`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain(existing.email);
    expect(res.body.error.message).toMatch(/already belongs to a Conduit user/);
    expect(await countPartnersNamed(body.businessName)).toBe(0);
    const after = await w.channelManager.http.get(`/api/applications/${id}`);
    expect(after.body).toMatchObject({ status: 'pending', version: 1, partner: null });
  });

  it('409 on a stale version', async () => {
    const { id } = await submitted();
    const res = await w.channelManager.http.post(`/api/applications/${id}/approve`, {
      version: 7,
    });
    expect(res.status).toBe(409);
    expect(res.body.error.fields).toEqual({ version: 'is stale' });
  });

  it('two approvals at once create exactly one partner: one 200, one 409', async () => {
    const { id, body } = await submitted();
    const results = await Promise.all([
      w.channelManager.http.post(`/api/applications/${id}/approve`, {}),
      w.admin.http.post(`/api/applications/${id}/approve`, {}),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await countPartnersNamed(body.businessName)).toBe(1);
    const users = await env.deps.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', body.contactEmail.toLowerCase())
      .execute();
    expect(users).toHaveLength(1);
  });

  it('an approval racing a decline: exactly one decision wins', async () => {
    const { id, body } = await submitted();
    const results = await Promise.all([
      w.channelManager.http.post(`/api/applications/${id}/approve`, {}),
      w.admin.http.post(`/api/applications/${id}/decline`, { reason: 'Not a fit' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const final = (await w.admin.http.get(`/api/applications/${id}`)).body.status;
    expect(await countPartnersNamed(body.businessName)).toBe(final === 'approved' ? 1 : 0);
  });
});

describe('POST /api/applications/:id/decline', () => {
  it('requires a reason of at most 2000 characters', async () => {
    const { id } = await submitted();
    for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(2001) }]) {
      const res = await w.channelManager.http.post(`/api/applications/${id}/decline`, body);
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error.fields)).toEqual(['reason']);
    }
  });

  it('declines, records the reason, and tells the applicant politely', async () => {
    const { id, body } = await submitted();
    const reason = 'We already have three partners in Lyon.\nPlease apply again next year.';
    const res = await w.channelManager.http.post(`/api/applications/${id}/decline`, {
      reason,
      version: 1,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'declined',
      declineReason: reason,
      reviewedBy: { id: w.channelManager.id },
      partner: null,
    });
    const mails = await outboxTo(body.contactEmail);
    expect(mails.map((m) => m.template)).toEqual(['application_received', 'application_declined']);
    expect(mails[1]!.text_body).toContain('> We already have three partners in Lyon.');
    expect(mails[1]!.html_body).toContain('Lyon.<br>Please apply again');
    const h = await w.admin.http.get(
      `/api/history?subjectType=partner_application&subjectId=${id}`,
    );
    expect(h.body.data[0]).toMatchObject({
      action: 'decline',
      actor: { id: w.channelManager.id },
      changes: { status: { from: 'pending', to: 'declined' } },
    });
    expect(await countPartnersNamed(body.businessName)).toBe(0);

    const again = await w.admin.http.post(`/api/applications/${id}/decline`, { reason: 'Again' });
    expect(again.status).toBe(409);
    expect((await w.admin.http.post(`/api/applications/${id}/approve`, {})).status).toBe(409);
    const declined = await w.admin.http.get('/api/applications?status=declined&limit=200');
    expect(declined.body.data.map((a: { id: string }) => a.id)).toContain(id);
  });

  it('409 on a stale version', async () => {
    const { id } = await submitted();
    const res = await w.channelManager.http.post(`/api/applications/${id}/decline`, {
      reason: 'No',
      version: 3,
    });
    expect(res.status).toBe(409);
  });
});
