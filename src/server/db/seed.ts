import type { Deps } from '../deps';
import type { Role } from '../../shared/roles';
import { hashPassword } from '../features/auth/secrets';
import { audit } from '../features/history/audit';
import { countUsers, insertUser } from '../features/users/users.repo';
import { domainOf } from '../../shared/partners';
import {
  DEMO_ACCOUNTS,
  DEMO_ACTIVITY_TEMPLATES,
  DEMO_APPLICATIONS,
  DEMO_CASES,
  DEMO_COMMENTS,
  DEMO_PARTNER_PROFILES,
  demoPerson,
} from './demo-data';
import { loadDemoSales } from './demo-sales';

const SYSTEM = { actor: null, requestId: 'seed', ip: 'local' };

/** On a database with no users, CONDUIT_ADMIN_EMAIL/PASSWORD create the first administrator. */
export async function bootstrapAdmin(deps: Deps): Promise<boolean> {
  const admin = deps.config.admin;
  if (!admin) return false;
  // Every start lands here; hash (deliberately slow) only when there is someone to create.
  if ((await countUsers(deps.db)) > 0) return false;
  const passwordHash = await hashPassword(admin.password);
  return deps.db.transaction().execute(async (trx) => {
    if ((await countUsers(trx)) > 0) return false;
    const email = admin.email.trim().toLowerCase();
    const { id } = await insertUser(trx, {
      email,
      name: 'Administrator',
      role: 'admin',
      partner_id: null,
      password_hash: passwordHash,
    });
    await audit(trx, SYSTEM, {
      action: 'create',
      subjectType: 'user',
      subjectId: id,
      partnerId: null,
      after: { email, role: 'admin' },
    });
    deps.log.info({ email }, 'created the first administrator');
    return true;
  });
}

export const DEMO_PASSWORD = 'conduit-demo-2026';

/** The demo set: internal users of every role and partners with their own users. Documented in README. */
export const DEMO_USERS: { email: string; name: string; role: Role; partner?: string }[] = [
  { email: 'admin@demo.conduit.test', name: 'Ada Admin', role: 'admin' },
  { email: 'cm@demo.conduit.test', name: 'Chris Channel', role: 'channel_manager' },
  { email: 'sales@demo.conduit.test', name: 'Sam Sales', role: 'sales_rep' },
  { email: 'finance@demo.conduit.test', name: 'Fiona Finance', role: 'finance' },
  { email: 'marketing@demo.conduit.test', name: 'Mark Marketing', role: 'marketing' },
  {
    email: 'admin@northwind.demo.conduit.test',
    name: 'Nora Northwind',
    role: 'partner_admin',
    partner: 'Northwind Systems',
  },
  {
    email: 'rep@northwind.demo.conduit.test',
    name: 'Ned Northwind',
    role: 'partner_rep',
    partner: 'Northwind Systems',
  },
  {
    email: 'admin@contoso.demo.conduit.test',
    name: 'Cora Contoso',
    role: 'partner_admin',
    partner: 'Contoso Integration',
  },
  {
    email: 'rep@contoso.demo.conduit.test',
    name: 'Carl Contoso',
    role: 'partner_rep',
    partner: 'Contoso Integration',
  },
];

/** The partners the demo users belong to (all demo partners are in DEMO_PARTNER_PROFILES). */
export const DEMO_PARTNERS = DEMO_PARTNER_PROFILES;

const DAY_MS = 86_400_000;
const daysAgo = (now: number, d: number) => new Date(now - d * DAY_MS);
const dateOnly = (d: Date) => d.toISOString().slice(0, 10);
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/**
 * On an empty database (no users), loads the demo set in one transaction: users of every role,
 * ~30 partners across levels, stages and types, their consultants, managed accounts with
 * contacts and cases, sales activities, comments and partner applications.
 */
export async function loadDemo(deps: Deps): Promise<boolean> {
  if ((await countUsers(deps.db)) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = Date.now();
  return deps.db.transaction().execute(async (trx) => {
    if ((await countUsers(trx)) > 0) return false;
    const levels = await trx.selectFrom('partner_levels').select('id').orderBy('rank').execute();
    const stages = await trx
      .selectFrom('activation_stages')
      .select('id')
      .orderBy('position')
      .execute();

    const userIds = new Map<string, string>();
    const addUser = async (u: (typeof DEMO_USERS)[number], partnerId: string | null) => {
      const { id } = await insertUser(trx, {
        email: u.email,
        name: u.name,
        role: u.role,
        partner_id: partnerId,
        password_hash: passwordHash,
      });
      userIds.set(u.email, id);
      await audit(trx, SYSTEM, {
        action: 'create',
        subjectType: 'user',
        subjectId: id,
        partnerId,
        after: { email: u.email, name: u.name, role: u.role },
      });
    };
    // Internal users first: partners name their channel manager.
    for (const u of DEMO_USERS.filter((x) => !x.partner)) await addUser(u, null);
    const managerOf = {
      cm: userIds.get('cm@demo.conduit.test')!,
      admin: userIds.get('admin@demo.conduit.test')!,
    };

    const partnerIds = new Map<string, string>();
    for (const [i, dp] of DEMO_PARTNER_PROFILES.entries()) {
      const domain = `${slug(dp.companyName)}.example`;
      const since = daysAgo(now, dp.since * 30);
      const row = await trx
        .insertInto('partners')
        .values({
          company_name: dp.companyName,
          legal_name: dp.type === 'system_integrator' ? `${dp.companyName} Ltd.` : null,
          status: dp.status,
          website: `https://www.${domain}`,
          domain,
          email: `partners@${domain}`,
          phone: `+1 555 01${String(i).padStart(2, '0')}`,
          street: `${10 + i * 3} Market Street`,
          city: dp.city,
          postal_code: String(10000 + i * 137),
          country_code: dp.country,
          partner_type: dp.type,
          level_id: levels[dp.level]?.id ?? null,
          activation_stage_id: stages[dp.stage]?.id ?? null,
          channel_manager_id: dp.manager ? managerOf[dp.manager] : null,
          tags: dp.tags,
          partnership_date: dp.since > 0 ? dateOnly(since) : null,
          last_review_date: dp.since > 3 ? dateOnly(daysAgo(now, 40 + i * 3)) : null,
          next_review_date: dp.since > 0 ? dateOnly(daysAgo(now, -((i * 11) % 120) + 10)) : null,
          sla_tier: dp.sla,
          notes:
            dp.level === 2 ? 'Strategic partner: include in the quarterly executive briefing.' : '',
          archived_at: dp.status === 'archived' ? daysAgo(now, 20) : null,
          status_before_archive: dp.status === 'archived' ? 'active' : null,
          created_at: since,
          updated_at: since,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      partnerIds.set(dp.companyName, row.id);
      await audit(trx, SYSTEM, {
        action: 'create',
        subjectType: 'partner',
        subjectId: row.id,
        partnerId: row.id,
        after: { companyName: dp.companyName, status: dp.status, type: dp.type },
      });
    }
    for (const u of DEMO_USERS.filter((x) => x.partner))
      await addUser(u, partnerIds.get(u.partner!)!);

    // Consultants: 2–6 per partner; the demo partner users are consultants too.
    let person = 0;
    for (const [i, dp] of DEMO_PARTNER_PROFILES.entries()) {
      const partnerId = partnerIds.get(dp.companyName)!;
      const domain = `${slug(dp.companyName)}.example`;
      const n = 2 + ((i * 3) % 5);
      for (let k = 0; k < n; k++) {
        const who = demoPerson(person++);
        await trx
          .insertInto('consultants')
          .values({
            partner_id: partnerId,
            first_name: who.first,
            last_name: who.last,
            email: `${slug(who.first)}.${slug(who.last)}@${domain}`,
            phone: `+1 555 02${String(person).padStart(2, '0')}`,
            mobile: k % 2 ? `+1 555 03${String(person).padStart(2, '0')}` : null,
            job_title: who.title,
            // Seed 000's corner case, visible in the demo: one hidden and one archived person.
            visible: !(i === 0 && k === n - 1),
            archived_at: i === 1 && k === n - 1 ? daysAgo(now, 15) : null,
          })
          .execute();
      }
      for (const u of DEMO_USERS.filter((x) => x.partner === dp.companyName)) {
        const [first, ...rest] = u.name.split(' ');
        await trx
          .insertInto('consultants')
          .values({
            partner_id: partnerId,
            first_name: first!,
            last_name: rest.join(' ') || first!,
            email: u.email,
            job_title: u.role === 'partner_admin' ? 'Partner Manager' : 'Account Executive',
            user_id: userIds.get(u.email)!,
          })
          .execute();
      }
    }

    // Accounts with a contact or two, and their cases.
    const repOf = (partner: string) =>
      DEMO_USERS.find((u) => u.partner === partner && u.role === 'partner_rep')?.email;
    const accountIds = new Map<
      string,
      { id: string; partnerId: string | null; contactId: string }
    >();
    for (const [i, a] of DEMO_ACCOUNTS.entries()) {
      const partnerId = a.partner ? partnerIds.get(a.partner)! : null;
      const rep = a.partnerUser && a.partner ? repOf(a.partner) : undefined;
      const { id } = await trx
        .insertInto('accounts')
        .values({
          name: a.name,
          domain: `${slug(a.name)}.example`,
          industry: a.industry,
          company_size: a.size,
          country_code: a.country,
          managed_by_partner_id: partnerId,
          partner_user_id: rep ? userIds.get(rep)! : null,
          owner_id: userIds.get('sales@demo.conduit.test')!,
          created_at: daysAgo(now, 300 - i * 9),
          updated_at: daysAgo(now, 30 - (i % 30)),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      let contactId = '';
      for (let k = 0; k < 1 + (i % 2); k++) {
        const who = demoPerson(100 + i * 2 + k);
        const c = await trx
          .insertInto('contacts')
          .values({
            account_id: id,
            first_name: who.first,
            last_name: who.last,
            email: `${slug(who.first)}.${slug(who.last)}@${slug(a.name)}.example`,
            phone: `+1 555 04${String(i).padStart(2, '0')}`,
            job_title: k === 0 ? 'IT Director' : 'Procurement Lead',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        contactId ||= c.id;
      }
      accountIds.set(a.name, { id, partnerId, contactId });
    }
    for (const [i, c] of DEMO_CASES.entries()) {
      const account = accountIds.get(c.account)!;
      const accountDef = DEMO_ACCOUNTS.find((a) => a.name === c.account)!;
      const rep =
        accountDef.partnerUser && accountDef.partner ? repOf(accountDef.partner) : undefined;
      const created = daysAgo(now, 60 - i * 2);
      await trx
        .insertInto('cases')
        .values({
          subject: c.subject,
          description: `Reported by the customer's IT team. ${c.subject}.`,
          status: c.status,
          priority: c.priority,
          account_id: account.id,
          contact_id: account.contactId,
          managed_by_partner_id: account.partnerId,
          partner_user_id: rep ? userIds.get(rep)! : null,
          owner_id: userIds.get('sales@demo.conduit.test')!,
          closed_at: c.status === 'closed' || c.status === 'resolved' ? daysAgo(now, 5) : null,
          created_at: created,
          updated_at: created,
        })
        .execute();
    }

    // The channel team's log with each active partner, and a few comments.
    const cm = managerOf.cm;
    for (const [i, dp] of DEMO_PARTNER_PROFILES.entries()) {
      if (dp.status !== 'active') continue;
      const partnerId = partnerIds.get(dp.companyName)!;
      const n = 1 + (i % 3);
      for (let k = 0; k < n; k++) {
        const t = DEMO_ACTIVITY_TEMPLATES[(i + k) % DEMO_ACTIVITY_TEMPLATES.length]!;
        const at = daysAgo(now, 3 + k * 17 + (i % 9));
        await trx
          .insertInto('activities')
          .values({
            record_type: 'partner',
            record_id: partnerId,
            partner_id: partnerId,
            type: t.type,
            subject: t.subject,
            occurred_at: at,
            duration_minutes: t.minutes,
            outcome: t.outcome,
            owner_id: dp.manager ? managerOf[dp.manager] : cm,
            author_id: dp.manager ? managerOf[dp.manager] : cm,
            created_at: at,
            updated_at: at,
          })
          .execute();
      }
      if (i % 4 === 0) {
        const at = daysAgo(now, 2 + i);
        await trx
          .insertInto('comments')
          .values({
            record_type: 'partner',
            record_id: partnerId,
            partner_id: partnerId,
            author_id: cm,
            body: DEMO_COMMENTS[(i / 4) % DEMO_COMMENTS.length]!,
            created_at: at,
            updated_at: at,
          })
          .execute();
      }
    }

    for (const [i, a] of DEMO_APPLICATIONS.entries()) {
      const at = daysAgo(now, 1 + i * 2);
      await trx
        .insertInto('partner_applications')
        .values({
          business_name: a.businessName,
          website: a.website,
          domain: domainOf(a.website),
          country_code: a.country,
          city: a.city,
          contact_name: a.contactName,
          contact_email: a.contactEmail,
          partner_type: a.type,
          requested_sla_tier: a.sla,
          products_of_interest: a.products,
          message: a.message,
          status: a.status,
          decline_reason: a.declineReason ?? null,
          reviewed_by: a.status === 'declined' ? cm : null,
          reviewed_at: a.status === 'declined' ? at : null,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }

    const sales = await loadDemoSales(trx, now);

    deps.log.info(
      { users: DEMO_USERS.length, partners: DEMO_PARTNER_PROFILES.length, ...sales },
      'loaded the demo data',
    );
    return true;
  });
}
