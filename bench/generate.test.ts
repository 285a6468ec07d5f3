import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZES,
  GENERATORS,
  insertSql,
  Rng,
  rowsOf,
  SIZE_FLAGS,
  uuidFor,
  type Sizes,
} from './generate';
import { parseFlags, UsageError } from './args';

const sizes: Sizes = {
  ...DEFAULT_SIZES,
  partners: 40,
  'users-per-partner': 3,
  'internal-users': 10,
  'consultants-per-partner': 4,
  accounts: 30,
  cases: 30,
  'activities-per-partner': 2,
  leads: 200,
  opportunities: 120,
  'opportunity-partners': 150,
};
const all = (flag: (typeof SIZE_FLAGS)[number], seed: number, s: Sizes = sizes) => [
  ...rowsOf(flag, s, seed, { passwordHash: 'hash' }),
];

describe('generator row builders', () => {
  it('give the same rows for the same seed', () => {
    for (const flag of SIZE_FLAGS) expect(all(flag, 7)).toEqual(all(flag, 7));
  });

  it('give different rows for a different seed', () => {
    for (const flag of SIZE_FLAGS) {
      const a = all(flag, 7);
      const b = all(flag, 8);
      const key = (r: Record<string, unknown>) => r.id ?? r.opportunity_id;
      expect(a.map(key)).not.toEqual(b.map(key));
      const label = (r: Record<string, unknown>) =>
        r.name ?? r.company_name ?? r.last_name ?? r.subject ?? r.partner_id;
      expect(a.map(label)).not.toEqual(b.map(label));
    }
  });

  it('produce count() rows with exactly the generator columns', () => {
    for (const flag of SIZE_FLAGS) {
      const gen = GENERATORS[flag];
      const rows = all(flag, 1);
      expect(rows).toHaveLength(gen.count(sizes));
      for (const row of rows)
        expect(Object.keys(row).sort()).toEqual(gen.columns.map((c) => c.name).sort());
    }
  });

  it('keep one table unchanged when another size changes', () => {
    // Partners draw their channel managers from the internal users, so vary something else.
    const bigger = { ...sizes, 'users-per-partner': 7, accounts: 500 };
    expect(all('partners', 3, bigger)).toEqual(all('partners', 3));
    expect(all('consultants-per-partner', 3, bigger)).toEqual(all('consultants-per-partner', 3));
  });

  it('reference generated partners and keep emails and ids unique', () => {
    const partnerIds = new Set(all('partners', 5).map((r) => r.id));
    const users = [...all('internal-users', 5), ...all('users-per-partner', 5)];
    for (const u of users) {
      if (u.role === 'partner_admin' || u.role === 'partner_rep')
        expect(partnerIds.has(u.partner_id)).toBe(true);
      else expect(u.partner_id).toBeNull();
    }
    expect(new Set(users.map((u) => String(u.email).toLowerCase())).size).toBe(users.length);
    expect(new Set(users.map((u) => u.id)).size).toBe(users.length);
    // every partner's first user is its admin
    expect(all('users-per-partner', 5).filter((u) => u.role === 'partner_admin')).toHaveLength(
      sizes.partners,
    );
  });

  it('reference generated partners and channel managers from the other tables', () => {
    const partnerIds = new Set(all('partners', 5).map((r) => r.id));
    const internal = all('internal-users', 5);
    const managers = new Set(
      internal
        .filter((u) => ['channel_manager', 'admin'].includes(String(u.role)))
        .map((u) => u.id),
    );
    for (const p of all('partners', 5))
      if (p.channel_manager_id !== null) expect(managers.has(p.channel_manager_id)).toBe(true);
    for (const c of all('consultants-per-partner', 5))
      expect(partnerIds.has(c.partner_id)).toBe(true);
    for (const a of [...all('accounts', 5), ...all('cases', 5)])
      if (a.managed_by_partner_id !== null)
        expect(partnerIds.has(a.managed_by_partner_id)).toBe(true);
    for (const a of all('activities-per-partner', 5))
      expect(partnerIds.has(a.record_id)).toBe(true);
    const emails = all('consultants-per-partner', 5).map((c) => c.email);
    expect(new Set(emails).size).toBe(emails.length);
  });

  it('spread leads and opportunities over generated partners, their users and the path', () => {
    const partnerIds = new Set(all('partners', 5).map((r) => r.id));
    const partnerUsers = new Map(
      all('users-per-partner', 5).map((u) => [u.id, u.partner_id] as const),
    );
    const leads = all('leads', 5);
    expect(new Set(leads.map((l) => l.id)).size).toBe(leads.length);
    expect(new Set(leads.map((l) => l.email)).size).toBe(leads.length);
    for (const l of leads) {
      if (l.partner_id !== null) expect(partnerIds.has(l.partner_id)).toBe(true);
      // a partner rep or referrer is a user of the lead's partner
      for (const u of [l.partner_user_id, l.referrer_id])
        if (u !== null) expect(partnerUsers.get(u as string)).toBe(l.partner_id);
      expect(l.status_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(['hot', 'warm', 'cold']).toContain(l.rating);
    }
    // skewed, not uniform: the biggest partner has several times the median's leads
    const perPartner = new Map<unknown, number>();
    for (const l of leads) perPartner.set(l.partner_id, (perPartner.get(l.partner_id) ?? 0) + 1);
    perPartner.delete(null);
    const counts = [...perPartner.values()].sort((x, y) => x - y);
    expect(counts[counts.length - 1]!).toBeGreaterThanOrEqual(3 * counts[counts.length >> 1]!);
    expect(new Set(leads.map((l) => l.status_id)).size).toBe(4);
    expect(leads.some((l) => l.partner_id === null)).toBe(true);

    const opps = all('opportunities', 5);
    const oppIds = new Set(opps.map((o) => o.id));
    const stages = new Set(opps.map((o) => o.stage_id));
    expect(stages.size).toBeGreaterThanOrEqual(6);
    for (const o of opps) {
      if (o.partner_id !== null) expect(partnerIds.has(o.partner_id)).toBe(true);
      if (o.partner_user_id !== null)
        expect(partnerUsers.get(o.partner_user_id as string)).toBe(o.partner_id);
      if (o.loss_reason !== null) expect(o.closed_at).not.toBeNull();
      expect(String(o.amount)).toMatch(/^\d+\.00$/);
    }
    // close dates on both sides of the anchor: history to learn from and pipeline ahead
    expect(opps.some((o) => String(o.close_date) < '2026-11-01')).toBe(true);
    expect(opps.some((o) => String(o.close_date) > '2026-11-01')).toBe(true);

    const credits = all('opportunity-partners', 5);
    expect(credits).toHaveLength(150);
    const byOpp = new Map<unknown, typeof credits>();
    for (const c of credits) {
      expect(oppIds.has(c.opportunity_id)).toBe(true);
      expect(partnerIds.has(c.partner_id)).toBe(true);
      byOpp.set(c.opportunity_id, [...(byOpp.get(c.opportunity_id) ?? []), c]);
    }
    for (const [id, cs] of byOpp) {
      // the primary key and the one-sourcing-partner index hold
      expect(new Set(cs.map((c) => c.partner_id)).size).toBe(cs.length);
      expect(cs.filter((c) => c.role === 'sourcing').length).toBeLessThanOrEqual(1);
      const opp = opps.find((o) => o.id === id)!;
      if (opp.partner_id !== null) expect(cs[0]!.partner_id).toBe(opp.partner_id);
      if (cs[0]!.role === 'sourcing') expect(opp.source).toBe('partner_registered');
    }
  });

  it('cap credited partners at three per opportunity', () => {
    const gen = GENERATORS['opportunity-partners'];
    expect(gen.count({ ...sizes, 'opportunity-partners': 10_000 })).toBe(3 * sizes.opportunities);
    expect(gen.count({ ...sizes, partners: 2, 'opportunity-partners': 10_000 })).toBe(
      2 * sizes.opportunities,
    );
  });

  it('do not depend on the clock', () => {
    const rows = all('internal-users', 1);
    for (const r of rows)
      expect(Date.parse(String(r.created_at))).toBeLessThanOrEqual(
        Date.parse('2026-11-01T00:00:00Z'),
      );
  });
});

describe('building blocks', () => {
  it('Rng is a repeatable stream in [0, 1)', () => {
    const a = new Rng('k');
    const b = new Rng('k');
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b.next()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Rng('other').next()).not.toBe(xs[0]);
  });

  it('uuidFor gives well-formed, distinct, repeatable ids', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => uuidFor(1, 'partners', i));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50))
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidFor(1, 'partners', 3)).toBe(ids[3]);
    expect(uuidFor(2, 'partners', 3)).not.toBe(ids[3]);
    expect(uuidFor(1, 'users', 3)).not.toBe(ids[3]);
  });

  it('insertSql unnests one typed array per column', () => {
    expect(insertSql(GENERATORS.cases)).toBe(
      'insert into cases (id, subject, status, priority, managed_by_partner_id, created_at, updated_at) ' +
        'select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::timestamptz[], $7::timestamptz[])',
    );
  });

  it('insertSql casts the columns that need it', () => {
    const text = insertSql(GENERATORS.partners);
    expect(text).toMatch(
      /^insert into partners \(id, company_name, .*tags.*\) select id, company_name, .*tags::text\[\].* from unnest\(\$1::uuid\[\], .*\) as u\(id, company_name, /,
    );
  });

  it('flags: unknown ones are an error that lists the known ones', () => {
    const spec = { partners: { kind: 'int', default: 1, help: '' } } as const;
    expect(parseFlags(['--partners', '5_000'], spec)).toEqual({ partners: 5000 });
    expect(parseFlags(['--partners=7'], spec)).toEqual({ partners: 7 });
    expect(() => parseFlags(['--leads', '3'], spec)).toThrow(UsageError);
    expect(() => parseFlags(['--leads', '3'], spec)).toThrow(/Known flags: --partners/);
    expect(() => parseFlags(['--partners', '-1'], spec)).toThrow(/integer/);
  });
});
