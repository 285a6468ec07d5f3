import { sql } from 'kysely';
import { scopeOf, type Actor } from '../../../http/actor';
import { staleVersion } from '../../../http/versioning';
import { CreateContactInput, UpdateContactInput } from '../../../../shared/accounts';
import { isPartnerRole } from '../../../../shared/roles';
import { audit, auditMany } from '../../history/audit';
import { CUSTOMER_WRITERS } from '../../accounts/accounts.policy';
import * as accountsRepo from '../../accounts/accounts.repo';
import { accountScopeSql } from '../../accounts/accounts.repo';
import * as contactsRepo from '../../accounts/contacts.repo';
import { resolveContactOwner, type OwnershipLookups } from '../../accounts/ownership';
import { parseEmail } from '../coerce';
import {
  appliedVersions,
  dryOutcomes,
  sortBatch,
  fillNames,
  ownershipLookups,
  usersNamed,
} from './batch';
import { RowError, type EntityImporter, type Trx, type WriteResult } from './types';
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

/** A new contact's values from its row, through the same rules as the form. */
async function created(
  trx: Trx,
  actor: Actor,
  s: State,
  values: Record<string, string>,
  lookups?: OwnershipLookups,
): Promise<ContactValues> {
  const input = parseInput(CreateContactInput, await toInput(trx, actor, s, values));
  const ownerId = await resolveContactOwner(trx, actor, input.ownerId, null, lookups);
  return {
    account_id: input.accountId,
    first_name: input.firstName,
    last_name: input.lastName,
    email: input.email ?? null,
    phone: input.phone ?? null,
    job_title: input.jobTitle ?? null,
    owner_id: ownerId,
  };
}

/** A contact's values after its row, and the columns that changes (as they were). */
async function updated(
  trx: Trx,
  actor: Actor,
  s: State,
  before: ContactValues,
  values: Record<string, string>,
  lookups?: OwnershipLookups,
) {
  // A contact stays with its account: the account column only finds it.
  const { account: _account, ...rest } = values;
  const input = parseInput(UpdateContactInput, await toInput(trx, actor, s, rest));
  const next: ContactValues = {
    ...before,
    first_name: input.firstName ?? before.first_name,
    last_name: input.lastName ?? before.last_name,
    email: input.email !== undefined ? input.email : before.email,
    phone: input.phone !== undefined ? input.phone : before.phone,
    job_title: input.jobTitle !== undefined ? input.jobTitle : before.job_title,
    owner_id: await resolveContactOwner(trx, actor, input.ownerId, before.owner_id, lookups),
  };
  const patch: Record<string, unknown> = {};
  const replaced: Record<string, unknown> = {};
  for (const k of COLUMNS) {
    if (next[k] !== before[k]) {
      patch[k] = next[k];
      replaced[k] = before[k];
    }
  }
  return { next, patch, replaced };
}

/** Only the value columns of a row read with more. */
const valuesOf = (r: ContactValues): ContactValues => ({
  account_id: r.account_id,
  first_name: r.first_name,
  last_name: r.last_name,
  email: r.email,
  phone: r.phone,
  job_title: r.job_title,
  owner_id: r.owner_id,
});

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
    const values = await created(trx, ctx.actor, s, row.values);
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
    const { next, patch, replaced } = await updated(trx, ctx.actor, s, before, row.values);
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

  async writeMany(trx, ctx, s, items, dry) {
    const { actor } = ctx;
    const scope = scopeOf(actor);
    const out = new Array<WriteResult | Error>(items.length);
    const ids = [...new Set(items.flatMap((it) => (it.id ? [it.id] : [])))];
    const current = new Map(
      (await (dry ? contactsRepo.findContacts : contactsRepo.lockContacts)(trx, scope, ids)).map(
        (r) => [r.id, r],
      ),
    );
    // The accounts new contacts go to and the owners the rows name, a statement each.
    await fillNames(
      s.accounts,
      items.flatMap((it) => (it.id ? [] : [it.row.values])),
      'account',
      async (names) =>
        (await accountsRepo.accountsNamed(trx, scope, names)).map((a) => ({
          id: a.id,
          k: [a.name],
        })),
    );
    if (!isPartnerRole(actor.role))
      await fillNames(
        s.users,
        items.map((it) => it.row.values),
        'owner',
        usersNamed(trx),
      );
    const lookups = ownershipLookups(trx);
    await lookups.prefetch([...s.users.values()], []);

    const { inserts, updates } = await sortBatch(items, out, {
      noun: 'contact',
      current,
      create: (i) => created(trx, actor, s, items[i]!.row.values, lookups),
      update: async (i, found) => {
        const { next, patch, replaced } = await updated(
          trx,
          actor,
          s,
          valuesOf(found),
          items[i]!.row.values,
          lookups,
        );
        return { v: next, patch, replaced };
      },
    });
    if (dry) return dryOutcomes(out, inserts, updates);

    await contactsRepo.insertContacts(
      trx,
      inserts.map((c) => ({ ...c.v, id: c.id })),
    );
    const versions = appliedVersions(
      await contactsRepo.updateContactsVersioned(
        trx,
        updates.map((u) => ({ id: u.id, version: u.found.version, values: u.v })),
      ),
      updates,
      'contact',
    );
    const partnerOf = new Map(
      (
        await accountsRepo.accountPartners(trx, [...new Set(inserts.map((c) => c.v.account_id))])
      ).map((a) => [a.id, a.managed_by_partner_id]),
    );

    // History in the order of the rows, as writing them one at a time leaves it.
    const events = new Array<Parameters<typeof auditMany>[2][number] | undefined>(items.length);
    for (const c of inserts) {
      events[c.i] = {
        action: 'create',
        subjectType: 'contact',
        subjectId: c.id,
        partnerId: partnerOf.get(c.v.account_id) ?? null,
        after: snapshot(c.v),
      };
      out[c.i] = { outcome: 'created', id: c.id, version: 1 };
    }
    for (const u of updates) {
      events[u.i] = {
        action: 'update',
        subjectType: 'contact',
        subjectId: u.id,
        partnerId: u.found.managed_by_partner_id,
        before: snapshot(valuesOf(u.found)),
        after: snapshot(u.v),
      };
      out[u.i] = { outcome: 'updated', id: u.id, version: versions.get(u.id)!, before: u.replaced };
    }
    await auditMany(
      trx,
      ctx,
      events.filter((e) => e !== undefined),
    );
    return out;
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
