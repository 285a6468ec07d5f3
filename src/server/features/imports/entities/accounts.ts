import { sql } from 'kysely';
import { scopeOf, type Actor } from '../../../http/actor';
import { staleVersion } from '../../../http/versioning';
import {
  COMPANY_SIZE_LABELS,
  COMPANY_SIZES,
  CreateAccountInput,
  type CompanySize,
  UpdateAccountInput,
} from '../../../../shared/accounts';
import { isPartnerRole } from '../../../../shared/roles';
import { audit, auditMany } from '../../history/audit';
import { CUSTOMER_WRITERS } from '../../accounts/accounts.policy';
import { accountScopeSql } from '../../accounts/accounts.repo';
import * as accountsRepo from '../../accounts/accounts.repo';
import { resolveOwnership, type OwnershipLookups } from '../../accounts/ownership';
import {
  appliedVersions,
  dryOutcomes,
  sortBatch,
  fillNames,
  ownershipLookups,
  partnersNamed,
  usersNamed,
} from './batch';
import { RowError, type EntityImporter, type Trx, type WriteResult } from './types';
import {
  attempt,
  cached,
  countryCodeOf,
  field,
  norm,
  partnerIdByText,
  pickKey,
  userIdByText,
  zodRowError,
} from './values';

const FIELDS = [
  field(
    'name',
    'Account name',
    'text',
    ['account', 'company', 'company name', 'organization', 'organisation', 'customer'],
    true,
  ),
  field('domain', 'Domain', 'text', ['website', 'web', 'url', 'web site', 'homepage']),
  field('industry', 'Industry', 'text', ['sector', 'vertical']),
  field('companySize', 'Company size', 'picklist', ['employees', 'headcount', 'size']),
  field('countryCode', 'Country', 'text', ['country code', 'nation']),
  field('owner', 'Owner', 'reference', ['account owner', 'owner email']),
  field('partner', 'Managing partner', 'reference', ['partner', 'managed by', 'reseller']),
];

const INPUT_FIELD: Record<string, string> = {
  managedByPartnerId: 'partner',
  partnerUserId: 'partner',
  ownerId: 'owner',
};

type State = { users: Map<string, string | null>; partners: Map<string, string | null> };

type AccountValues = {
  name: string;
  domain: string | null;
  industry: string | null;
  company_size: CompanySize | null;
  country_code: string | null;
  managed_by_partner_id: string | null;
  partner_user_id: string | null;
  owner_id: string | null;
};

/** As the accounts feature records it in history. */
const snapshot = (a: AccountValues) => ({
  name: a.name,
  domain: a.domain,
  industry: a.industry,
  companySize: a.company_size,
  countryCode: a.country_code,
  managedByPartnerId: a.managed_by_partner_id,
  partnerUserId: a.partner_user_id,
  ownerId: a.owner_id,
});

const COLUMNS: (keyof AccountValues)[] = [
  'name',
  'domain',
  'industry',
  'company_size',
  'country_code',
  'managed_by_partner_id',
  'partner_user_id',
  'owner_id',
];

async function toInput(trx: Trx, actor: Actor, s: State, values: Record<string, string>) {
  const input: Record<string, unknown> = {};
  const partnerCaller = isPartnerRole(actor.role);
  for (const [k, text] of Object.entries(values)) {
    switch (k) {
      case 'companySize':
        input.companySize = pickKey(
          COMPANY_SIZES.map((c) => ({ key: c, label: COMPANY_SIZE_LABELS[c] })),
          text,
          'companySize',
          'Company size',
        );
        break;
      case 'countryCode':
        input.countryCode = countryCodeOf(text, 'countryCode');
        break;
      case 'owner':
        if (partnerCaller) break; // the vendor chooses owners
        input.ownerId = await cached(s.users, text, () => userIdByText(trx, text));
        if (!input.ownerId) throw new RowError(`No single active user "${text}"`, 'owner');
        break;
      case 'partner':
        if (partnerCaller) break; // always their own company
        input.managedByPartnerId = await cached(s.partners, text, () => partnerIdByText(trx, text));
        if (!input.managedByPartnerId) throw new RowError(`No single partner "${text}"`, 'partner');
        break;
      default:
        input[k] = text;
    }
  }
  return input;
}

function parseInput<T extends typeof CreateAccountInput | typeof UpdateAccountInput>(
  schema: T,
  input: Record<string, unknown>,
): ReturnType<T['parse']> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const e = zodRowError(parsed.error, FIELDS);
    throw new RowError(e.message, e.field ? (INPUT_FIELD[e.field] ?? e.field) : null);
  }
  return parsed.data as ReturnType<T['parse']>;
}

/** A new account's values from its row, through the same rules as the form. */
async function created(
  trx: Trx,
  actor: Actor,
  s: State,
  values: Record<string, string>,
  lookups?: OwnershipLookups,
): Promise<AccountValues> {
  const input = parseInput(CreateAccountInput, await toInput(trx, actor, s, values));
  const who = await resolveOwnership(trx, actor, input, null, lookups);
  return {
    name: input.name,
    domain: input.domain ?? null,
    industry: input.industry ?? null,
    company_size: input.companySize ?? null,
    country_code: input.countryCode ?? null,
    managed_by_partner_id: who.managedByPartnerId,
    partner_user_id: who.partnerUserId,
    owner_id: who.ownerId,
  };
}

/** An account's values after its row, and the columns that changes (as they were). */
async function updated(
  trx: Trx,
  actor: Actor,
  s: State,
  before: AccountValues,
  values: Record<string, string>,
  lookups?: OwnershipLookups,
) {
  const input = parseInput(UpdateAccountInput, await toInput(trx, actor, s, values));
  const who = await resolveOwnership(
    trx,
    actor,
    input,
    {
      managedByPartnerId: before.managed_by_partner_id,
      partnerUserId: before.partner_user_id,
      ownerId: before.owner_id,
    },
    lookups,
  );
  const next: AccountValues = {
    name: input.name ?? before.name,
    domain: input.domain !== undefined ? input.domain : before.domain,
    industry: input.industry !== undefined ? input.industry : before.industry,
    company_size: input.companySize !== undefined ? input.companySize : before.company_size,
    country_code: input.countryCode !== undefined ? input.countryCode : before.country_code,
    managed_by_partner_id: who.managedByPartnerId,
    partner_user_id: who.partnerUserId,
    owner_id: who.ownerId,
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
const valuesOf = (r: AccountValues): AccountValues =>
  Object.fromEntries(COLUMNS.map((k) => [k, r[k]])) as AccountValues;

const lockAccount = (trx: Trx, id: string) =>
  trx
    .selectFrom('accounts')
    .select(['id', 'version'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();

const currentValues = (trx: Trx, id: string) =>
  trx.selectFrom('accounts').select(COLUMNS).where('id', '=', id).executeTakeFirstOrThrow();

export const accountsImporter: EntityImporter<State> = {
  entity: 'accounts',
  noun: 'account',
  fields: FIELDS,
  writers: CUSTOMER_WRITERS,
  partnerIgnored: ['owner', 'partner'],
  inputFields: INPUT_FIELD,
  keyFields: (matchBy) => (matchBy === 'name_company' ? ['name'] : null),
  keyLabel: (matchBy) => (matchBy === 'external_id' ? 'external id' : 'account name'),
  keyOf: (values) => (values.name ? norm(values.name) : null),

  prepare: () => Promise.resolve({ users: new Map(), partners: new Map() }),

  async findByKeys(trx, actor, _matchBy, keys) {
    const out = new Map<string, string[]>();
    if (keys.length === 0) return out;
    const rows = await trx
      .selectFrom('accounts')
      .select(['id', 'name'])
      .where(sql`lower(name)`, 'in', keys)
      .where(accountScopeSql(scopeOf(actor)))
      .execute();
    for (const r of rows) {
      const k = norm(r.name);
      out.set(k, [...(out.get(k) ?? []), r.id]);
    }
    return out;
  },

  async visible(trx, actor, ids) {
    if (ids.length === 0) return new Set();
    const rows = await trx
      .selectFrom('accounts')
      .select('id')
      .where('id', 'in', ids)
      .where(accountScopeSql(scopeOf(actor)))
      .execute();
    return new Set(rows.map((r) => r.id));
  },

  async create(trx, ctx, s, row, dry) {
    const values = await created(trx, ctx.actor, s, row.values);
    if (dry) return { outcome: 'created', id: '', version: 0 };
    const { id } = await accountsRepo.insertAccount(trx, values);
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'account',
      subjectId: id,
      partnerId: values.managed_by_partner_id,
      after: snapshot(values),
    });
    return { outcome: 'created', id, version: 1 };
  },

  async update(trx, ctx, s, id, row, dry) {
    const locked = await lockAccount(trx, id);
    if (!locked) throw new RowError('The matching account no longer exists');
    const before = await currentValues(trx, id);
    const { next, patch, replaced } = await updated(trx, ctx.actor, s, before, row.values);
    if (Object.keys(patch).length === 0) return { outcome: 'unchanged', id };
    if (dry) return { outcome: 'updated', id, version: 0, before: replaced };
    if (!(await accountsRepo.updateAccountVersioned(trx, id, locked.version, patch)))
      throw staleVersion('account');
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'account',
      subjectId: id,
      partnerId: next.managed_by_partner_id,
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
      (await (dry ? accountsRepo.findAccounts : accountsRepo.lockAccounts)(trx, scope, ids)).map(
        (r) => [r.id, r],
      ),
    );
    // The owners and partners the rows name, then the people and partners the rules check.
    if (!isPartnerRole(actor.role)) {
      const rows = items.map((it) => it.row.values);
      await fillNames(s.users, rows, 'owner', usersNamed(trx));
      await fillNames(s.partners, rows, 'partner', partnersNamed(trx));
    }
    const lookups = ownershipLookups(trx);
    await lookups.prefetch(
      [
        actor.userId,
        ...s.users.values(),
        ...[...current.values()].flatMap((r) => [r.owner_id, r.partner_user_id]),
      ],
      [...s.partners.values()],
    );

    const { inserts, updates } = await sortBatch(items, out, {
      noun: 'account',
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

    await accountsRepo.insertAccounts(
      trx,
      inserts.map((c) => ({ ...c.v, id: c.id })),
    );
    const versions = appliedVersions(
      await accountsRepo.updateAccountsVersioned(
        trx,
        updates.map((u) => ({ id: u.id, version: u.found.version, values: u.v })),
      ),
      updates,
      'account',
    );

    // History in the order of the rows, as writing them one at a time leaves it.
    const events = new Array<Parameters<typeof auditMany>[2][number] | undefined>(items.length);
    for (const c of inserts) {
      events[c.i] = {
        action: 'create',
        subjectType: 'account',
        subjectId: c.id,
        partnerId: c.v.managed_by_partner_id,
        after: snapshot(c.v),
      };
      out[c.i] = { outcome: 'created', id: c.id, version: 1 };
    }
    for (const u of updates) {
      events[u.i] = {
        action: 'update',
        subjectType: 'account',
        subjectId: u.id,
        partnerId: u.v.managed_by_partner_id,
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
    const locked = await lockAccount(trx, id);
    if (!locked) return 'gone';
    if (!force && locked.version !== versionAfter) return 'kept';
    // Contacts, cases or deals added to it since keep it: they are worth more than the undo.
    const dependents = await accountsRepo.accountDependents(trx, id);
    if (dependents.contacts > 0 || dependents.cases > 0) return 'kept';
    const before = await currentValues(trx, id);
    if (!(await attempt(trx, () => accountsRepo.deleteAccount(trx, id), ['23503']))) return 'kept';
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'account',
      subjectId: id,
      partnerId: before.managed_by_partner_id,
      before: snapshot(before),
    });
    return 'reverted';
  },

  async revertUpdate(trx, ctx, id, replaced, versionAfter, force) {
    const locked = await lockAccount(trx, id);
    if (!locked) return 'gone';
    if (!force && locked.version !== versionAfter) return 'kept';
    const before = await currentValues(trx, id);
    if (!(await accountsRepo.updateAccountVersioned(trx, id, locked.version, replaced)))
      throw staleVersion('account');
    const after = { ...before, ...replaced };
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'account',
      subjectId: id,
      partnerId: after.managed_by_partner_id,
      before: snapshot(before),
      after: snapshot(after),
    });
    return 'reverted';
  },
};
