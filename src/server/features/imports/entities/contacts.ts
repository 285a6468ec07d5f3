import { sql } from 'kysely';
import { scopeOf, type Actor } from '../../../http/actor';
import { staleVersion } from '../../../http/versioning';
import { CreateContactInput, UpdateContactInput } from '../../../../shared/accounts';
import { isPartnerRole } from '../../../../shared/roles';
import { audit } from '../../history/audit';
import { CUSTOMER_WRITERS } from '../../accounts/accounts.policy';
import { accountScopeSql } from '../../accounts/accounts.repo';
import * as contactsRepo from '../../accounts/contacts.repo';
import { resolveContactOwner } from '../../accounts/ownership';
import { parseEmail } from '../coerce';
import { RowError, type EntityImporter, type Trx } from './types';
import { cached, field, norm, userIdByText, zodRowError } from './values';

const FIELDS = [
  field(
    'account',
    'Account',
    'reference',
    ['account name', 'company', 'company name', 'organization', 'organisation', 'customer'],
    true,
  ),
  field('firstName', 'First name', 'text', ['first name', 'given name', 'forename', 'first'], true),
  field('lastName', 'Last name', 'text', ['last name', 'surname', 'family name', 'last'], true),
  field('email', 'Email', 'email', ['e-mail', 'email address', 'mail', 'e-mail address']),
  field('phone', 'Phone', 'text', ['telephone', 'phone number', 'tel', 'mobile']),
  field('jobTitle', 'Job title', 'text', ['title', 'position', 'job', 'role']),
  field('owner', 'Owner', 'reference', ['contact owner', 'owner email']),
];

const INPUT_FIELD: Record<string, string> = { accountId: 'account', ownerId: 'owner' };

type State = { users: Map<string, string | null>; accounts: Map<string, string | null> };

type ContactValues = {
  account_id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  job_title: string | null;
  owner_id: string | null;
};

/** As the contacts feature records it in history. */
const snapshot = (c: ContactValues) => ({
  accountId: c.account_id,
  firstName: c.first_name,
  lastName: c.last_name,
  email: c.email,
  phone: c.phone,
  jobTitle: c.job_title,
  ownerId: c.owner_id,
});

const COLUMNS = ['first_name', 'last_name', 'email', 'phone', 'job_title', 'owner_id'] as const;

function blame<T>(key: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof RowError && !err.field) throw new RowError(err.message, key);
    throw err;
  }
}

/** The one account with this name the actor may see. */
async function accountIdByName(trx: Trx, actor: Actor, name: string) {
  const rows = await trx
    .selectFrom('accounts')
    .select('id')
    .where(sql`lower(name)`, '=', norm(name))
    .where(accountScopeSql(scopeOf(actor)))
    .orderBy('id')
    .limit(2)
    .execute();
  return rows.length === 1 ? rows[0]!.id : null;
}

async function toInput(trx: Trx, actor: Actor, s: State, values: Record<string, string>) {
  const input: Record<string, unknown> = {};
  for (const [k, text] of Object.entries(values)) {
    switch (k) {
      case 'account':
        input.accountId = await cached(s.accounts, text, () => accountIdByName(trx, actor, text));
        if (!input.accountId) throw new RowError(`No single account "${text}"`, 'account');
        break;
      case 'email':
        input.email = blame('email', () => parseEmail(text));
        break;
      case 'owner':
        if (isPartnerRole(actor.role)) break; // the vendor chooses owners
        input.ownerId = await cached(s.users, text, () => userIdByText(trx, text));
        if (!input.ownerId) throw new RowError(`No single active user "${text}"`, 'owner');
        break;
      default:
        input[k] = text;
    }
  }
  return input;
}

function parseInput<T extends typeof CreateContactInput | typeof UpdateContactInput>(
  schema: T,
  input: Record<string, unknown>,
) {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const e = zodRowError(parsed.error, FIELDS);
    throw new RowError(e.message, e.field ? (INPUT_FIELD[e.field] ?? e.field) : null);
  }
  return parsed.data as ReturnType<T['parse']>;
}

const lockContact = (trx: Trx, id: string) =>
  trx
    .selectFrom('contacts')
    .innerJoin('accounts', 'accounts.id', 'contacts.account_id')
    .select(['contacts.id', 'contacts.version', 'accounts.managed_by_partner_id'])
    .where('contacts.id', '=', id)
    .forUpdate()
    .executeTakeFirst();

const currentValues = (trx: Trx, id: string) =>
  trx
    .selectFrom('contacts')
    .select(['account_id', ...COLUMNS])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

export const contactsImporter: EntityImporter<State> = {
  entity: 'contacts',
  noun: 'contact',
  fields: FIELDS,
  writers: CUSTOMER_WRITERS,
  partnerIgnored: ['owner'],
  inputFields: INPUT_FIELD,
  keyFields: (matchBy) => (matchBy === 'email' ? ['email'] : ['firstName', 'lastName', 'account']),
  keyLabel: (matchBy) =>
    matchBy === 'email' ? 'email' : matchBy === 'name_company' ? 'name and account' : 'external id',

  keyOf(values, matchBy) {
    if (matchBy === 'email') {
      if (!values.email) return null;
      try {
        return parseEmail(values.email) ?? null;
      } catch {
        return norm(values.email);
      }
    }
    const { firstName, lastName, account } = values;
    if (!firstName || !lastName || !account) return null;
    return JSON.stringify([norm(firstName), norm(lastName), norm(account)]);
  },

  prepare: () => Promise.resolve({ users: new Map(), accounts: new Map() }),

  async findByKeys(trx, actor, matchBy, keys) {
    const out = new Map<string, string[]>();
    if (keys.length === 0) return out;
    const add = (key: string, id: string) => out.set(key, [...(out.get(key) ?? []), id]);
    const base = trx
      .selectFrom('contacts')
      .innerJoin('accounts', 'accounts.id', 'contacts.account_id')
      .where(accountScopeSql(scopeOf(actor)));
    if (matchBy === 'email') {
      const rows = await base
        .select(['contacts.id', sql<string>`lower(contacts.email)`.as('k')])
        .where(sql`lower(contacts.email)`, 'in', keys)
        .execute();
      for (const r of rows) add(r.k, r.id);
    } else {
      const names = [...new Set(keys.map((k) => (JSON.parse(k) as string[])[2]!))];
      const rows = await base
        .select(['contacts.id', 'contacts.first_name', 'contacts.last_name', 'accounts.name'])
        .where(sql`lower(accounts.name)`, 'in', names)
        .execute();
      const wanted = new Set(keys);
      for (const r of rows) {
        const k = JSON.stringify([norm(r.first_name), norm(r.last_name), norm(r.name)]);
        if (wanted.has(k)) add(k, r.id);
      }
    }
    return out;
  },

  async visible(trx, actor, ids) {
    if (ids.length === 0) return new Set();
    const rows = await trx
      .selectFrom('contacts')
      .innerJoin('accounts', 'accounts.id', 'contacts.account_id')
      .select('contacts.id')
      .where('contacts.id', 'in', ids)
      .where(accountScopeSql(scopeOf(actor)))
      .execute();
    return new Set(rows.map((r) => r.id));
  },

  async create(trx, ctx, s, row, dry) {
    const input = parseInput(CreateContactInput, await toInput(trx, ctx.actor, s, row.values));
    const ownerId = await resolveContactOwner(trx, ctx.actor, input.ownerId, null);
    const values: ContactValues = {
      account_id: input.accountId,
      first_name: input.firstName,
      last_name: input.lastName,
      email: input.email ?? null,
      phone: input.phone ?? null,
      job_title: input.jobTitle ?? null,
      owner_id: ownerId,
    };
    if (dry) return { outcome: 'created', id: '', version: 0 };
    const { id } = await contactsRepo.insertContact(trx, values);
    const account = await trx
      .selectFrom('accounts')
      .select('managed_by_partner_id')
      .where('id', '=', values.account_id)
      .executeTakeFirstOrThrow();
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'contact',
      subjectId: id,
      partnerId: account.managed_by_partner_id,
      after: snapshot(values),
    });
    return { outcome: 'created', id, version: 1 };
  },

  async update(trx, ctx, s, id, row, dry) {
    const locked = await lockContact(trx, id);
    if (!locked) throw new RowError('The matching contact no longer exists');
    const before = await currentValues(trx, id);
    // A contact stays with its account: the account column only finds it.
    const { account: _account, ...rest } = row.values;
    const input = parseInput(UpdateContactInput, await toInput(trx, ctx.actor, s, rest));
    const next: ContactValues = {
      ...before,
      first_name: input.firstName ?? before.first_name,
      last_name: input.lastName ?? before.last_name,
      email: input.email !== undefined ? input.email : before.email,
      phone: input.phone !== undefined ? input.phone : before.phone,
      job_title: input.jobTitle !== undefined ? input.jobTitle : before.job_title,
      owner_id: await resolveContactOwner(trx, ctx.actor, input.ownerId, before.owner_id),
    };
    const patch: Record<string, unknown> = {};
    const replaced: Record<string, unknown> = {};
    for (const k of COLUMNS) {
      if (next[k] !== before[k]) {
        patch[k] = next[k];
        replaced[k] = before[k];
      }
    }
    if (Object.keys(patch).length === 0) return { outcome: 'unchanged', id };
    if (dry) return { outcome: 'updated', id, version: 0, before: replaced };
    if (!(await contactsRepo.updateContactVersioned(trx, id, locked.version, patch)))
      throw staleVersion('contact');
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'contact',
      subjectId: id,
      partnerId: locked.managed_by_partner_id,
      before: snapshot(before),
      after: snapshot(next),
    });
    return { outcome: 'updated', id, version: locked.version + 1, before: replaced };
  },

  async revertCreate(trx, ctx, id, versionAfter, force) {
    const locked = await lockContact(trx, id);
    if (!locked) return 'gone';
    if (!force && locked.version !== versionAfter) return 'kept';
    const before = await currentValues(trx, id);
    await contactsRepo.deleteContact(trx, id);
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'contact',
      subjectId: id,
      partnerId: locked.managed_by_partner_id,
      before: snapshot(before),
    });
    return 'reverted';
  },

  async revertUpdate(trx, ctx, id, replaced, versionAfter, force) {
    const locked = await lockContact(trx, id);
    if (!locked) return 'gone';
    if (!force && locked.version !== versionAfter) return 'kept';
    const before = await currentValues(trx, id);
    if (!(await contactsRepo.updateContactVersioned(trx, id, locked.version, replaced)))
      throw staleVersion('contact');
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'contact',
      subjectId: id,
      partnerId: locked.managed_by_partner_id,
      before: snapshot(before),
      after: snapshot({ ...before, ...replaced }),
    });
    return 'reverted';
  },
};
