import type { Deps } from '../deps';
import type { Role } from '../../shared/roles';
import { hashPassword } from '../features/auth/secrets';
import { audit } from '../features/history/audit';
import { countUsers, insertUser } from '../features/users/users.repo';
import { insertPartner } from '../features/partners/partners.repo';

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

export const DEMO_PARTNERS = [
  { companyName: 'Northwind Systems', status: 'active' },
  { companyName: 'Contoso Integration', status: 'active' },
  { companyName: 'Fabrikam Referrals', status: 'applicant' },
  { companyName: 'Litware Distribution', status: 'suspended' },
] as const;

export async function loadDemo(deps: Deps): Promise<boolean> {
  if ((await countUsers(deps.db)) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return deps.db.transaction().execute(async (trx) => {
    if ((await countUsers(trx)) > 0) return false;
    const partnerIds = new Map<string, string>();
    for (const p of DEMO_PARTNERS) {
      const row = await insertPartner(trx, p);
      partnerIds.set(p.companyName, row.id);
      await audit(trx, SYSTEM, {
        action: 'create',
        subjectType: 'partner',
        subjectId: row.id,
        partnerId: row.id,
        after: { companyName: p.companyName, status: p.status },
      });
    }
    for (const u of DEMO_USERS) {
      const partnerId = u.partner ? partnerIds.get(u.partner)! : null;
      const { id } = await insertUser(trx, {
        email: u.email,
        name: u.name,
        role: u.role,
        partner_id: partnerId,
        password_hash: passwordHash,
      });
      await audit(trx, SYSTEM, {
        action: 'create',
        subjectType: 'user',
        subjectId: id,
        partnerId,
        after: { email: u.email, name: u.name, role: u.role },
      });
    }
    deps.log.info(
      { users: DEMO_USERS.length, partners: DEMO_PARTNERS.length },
      'loaded the demo data',
    );
    return true;
  });
}
