import { sql } from 'kysely';
import { scopeOf, type Actor, type Ctx } from '../../../http/actor';
import { staleVersion } from '../../../http/versioning';
import { COMPANY_SIZE_LABELS, COMPANY_SIZES } from '../../../../shared/accounts';
import { CreateLeadInput, UpdateLeadInput } from '../../../../shared/leads';
import {
  RATING_LABELS,
  RATINGS,
  ratingFor,
  scoreLead,
  type ScoringModel,
} from '../../../../shared/scoring';
import { isPartnerRole } from '../../../../shared/roles';
import { audit, auditMany, diff } from '../../history/audit';
import { followedByAnyone } from '../../follows/follows.repo';
import { notifyFollowers } from '../../follows/follows.service';
import { removeRecordAttachments } from '../../records/attachments.repo';
import { salesRecordScope } from '../../records/sales-scope';
import { leadActivityCounts, loadScoringModel, rescoreLeads } from '../../scoring/scoring.repo';
import * as leadsRepo from '../../leads/leads.repo';
import {
  isConverted,
  loadRefs,
  recordOf,
  resolveLead,
  snapshot,
  summarize,
  unscoped,
  type LeadLookups,
  type Refs,
} from '../../leads/leads.service';
import { LEAD_WRITERS } from '../../leads/leads.policy';
import { parseDecimal, parseEmail } from '../coerce';
import { RowError, type EntityImporter, type MappedRow, type Trx, type WriteResult } from './types';
import {
  appliedVersions,
  dryOutcomes,
  fillNames,
  isRowProblem,
  partnersNamed,
  sortBatch,
  usersNamed,
} from './batch';
import { breather, countryCodeOf, field, norm, pickKey, zodRowError } from './values';

const FIELDS = [
  field(
    'company',
    'Company',
    'text',
    ['company name', 'organization', 'organisation', 'account', 'business', 'firm'],
    true,
  ),
  field('firstName', 'First name', 'text', ['first name', 'given name', 'forename', 'first'], true),
  field('lastName', 'Last name', 'text', ['last name', 'surname', 'family name', 'last'], true),
  field('jobTitle', 'Job title', 'picklist', ['title', 'job title', 'position', 'job'], true),
  field('email', 'Email', 'email', ['e-mail', 'email address', 'mail', 'e-mail address'], true),
  field('phone', 'Phone', 'text', ['telephone', 'phone number', 'tel', 'mobile']),
  field('website', 'Website', 'text', ['web', 'url', 'site', 'homepage', 'web site']),
  field('power', 'Power', 'picklist', ['decision power', 'influence', 'buying role'], true),
  field('status', 'Status', 'picklist', ['lead status']),
  field('source', 'Lead source', 'picklist', ['source', 'origin', 'channel'], true),
  field('rating', 'Rating', 'picklist', ['temperature']),
  field('estimatedValue', 'Estimated value', 'money', ['value', 'amount', 'deal size', 'budget']),
  field('currency', 'Currency', 'text', ['currency code']),
  field('industry', 'Industry', 'picklist', ['sector', 'vertical']),
  field('companySize', 'Company size', 'picklist', ['employees', 'headcount', 'size']),
  field('countryCode', 'Country', 'text', ['country code', 'nation']),
  field('region', 'Region', 'text', ['state', 'province', 'county']),
  field('city', 'City', 'text', ['town']),
  field('postalCode', 'Postal code', 'text', ['zip', 'zip code', 'postcode', 'post code']),
  field('productInterest', 'Product interest', 'text', ['product', 'interest']),
  field('description', 'Description', 'text', ['notes', 'comments', 'details', 'comment']),
  field('owner', 'Owner', 'reference', ['lead owner', 'assigned to', 'owner email']),
  field('partner', 'Assigned partner', 'reference', ['partner', 'reseller', 'partner company']),
  field('campaign', 'Campaign', 'reference', ['campaign name']),
];

/** Input keys of the lead schemas → the import field they come from, for messages. */
const INPUT_FIELD: Record<string, string> = {
  statusId: 'status',
  ratingManual: 'rating',
  ownerId: 'owner',
  partnerId: 'partner',
  partnerUserId: 'partner',
  referrerId: 'partner',
  campaignId: 'campaign',
};

const PICKS = [
  ['jobTitle', 'job_title', 'Job title'],
  ['power', 'power', 'Power'],
  ['source', 'lead_source', 'Lead source'],
  ['industry', 'industry', 'Industry'],
] as const;

type State = {
  refs: Refs;
  /** per pick list: its keys and lower-cased labels → key */
  picks: Map<string, Map<string, string>>;
  model: ScoringModel;
  /** lower-cased email or name → user id (owners), company name → partner id, name → campaign */
  users: Map<string, string | null>;
  partners: Map<string, string | null>;
  campaigns: Map<string, string | null>;
};

/** Coercion errors name no field; the row's failure should. */
function blame<T>(key: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof RowError && !err.field) throw new RowError(err.message, key);
    throw err;
  }
}

const errorFor = (err: RowError) =>
  new RowError(err.message, err.field ? (INPUT_FIELD[err.field] ?? err.field) : null);

/** Loads, in a statement each, the owners, partners and campaigns the rows name. */
async function loadNames(trx: Trx, actor: Actor, s: State, rows: Record<string, string>[]) {
  const partnerCaller = isPartnerRole(actor.role);
  await Promise.all([
    partnerCaller ? null : fillNames(s.users, rows, 'owner', usersNamed(trx)),
    partnerCaller ? null : fillNames(s.partners, rows, 'partner', partnersNamed(trx)),
    fillNames(s.campaigns, rows, 'campaign', async (keys) =>
      (await leadsRepo.campaignsNamed(trx, keys)).map((c) => ({ id: c.id, k: [c.name] })),
    ),
  ]);
}

/**
 * What resolveLead reads, remembered for the batch and fetched many at a time: a batch of rows
 * mostly names the same few owners, partners and campaigns.
 */
function batchLookups(trx: Trx): LeadLookups & {
  prefetch(users: string[], partners: string[], campaigns: string[]): Promise<void>;
  /** The names of what the values point at (fetched before: prefetch them). */
  names(
    v: Values,
  ): Pick<
    leadsRepo.LeadRow,
    'owner_name' | 'partner_name' | 'partner_user_name' | 'referrer_name' | 'campaign_name'
  >;
} {
  const users = new Map<string, leadsRepo.UserRef | undefined>();
  const partners = new Map<
    string,
    { id: string; status: string; company_name: string } | undefined
  >();
  const campaigns = new Map<
    string,
    { id: string; partner_id: string | null; name: string } | undefined
  >();
  async function fill<T extends { id: string }>(
    cache: Map<string, T | undefined>,
    ids: string[],
    load: (ids: string[]) => Promise<T[]>,
  ) {
    const todo = [...new Set(ids)].filter((id) => !cache.has(id));
    if (todo.length === 0) return;
    const rows = new Map((await load(todo)).map((r) => [r.id, r]));
    for (const id of todo) cache.set(id, rows.get(id));
  }
  const fillUsers = (ids: string[]) => fill(users, ids, (x) => leadsRepo.usersByIds(trx, x));
  const fillPartners = (ids: string[]) =>
    fill(partners, ids, (x) => leadsRepo.partnerStatuses(trx, x));
  const fillCampaigns = (ids: string[]) =>
    fill(campaigns, ids, (x) => leadsRepo.campaignsByIds(trx, x));
  return {
    async prefetch(u, p, c) {
      await Promise.all([fillUsers(u), fillPartners(p), fillCampaigns(c)]);
    },
    async users(ids) {
      await fillUsers(ids);
      return ids.flatMap((id) => users.get(id) ?? []);
    },
    async partner(id) {
      await fillPartners([id]);
      return partners.get(id);
    },
    async campaign(id) {
      await fillCampaigns([id]);
      return campaigns.get(id);
    },
    names(v) {
      const user = (id: string | null) => (id ? (users.get(id)?.name ?? null) : null);
      return {
        owner_name: user(v.owner_id),
        partner_user_name: user(v.partner_user_id),
        referrer_name: user(v.referrer_id),
        partner_name: v.partner_id ? (partners.get(v.partner_id)?.company_name ?? null) : null,
        campaign_name: v.campaign_id ? (campaigns.get(v.campaign_id)?.name ?? null) : null,
      };
    },
  };
}

/** The mapped text of a row as lead input: labels to keys, names to ids, text to numbers. */
function toInput(actor: Actor, s: State, values: Record<string, string>) {
  const input: Record<string, unknown> = {};
  const partnerCaller = isPartnerRole(actor.role);
  for (const [k, text] of Object.entries(values)) {
    switch (k) {
      case 'jobTitle':
      case 'power':
      case 'source':
      case 'industry': {
        const [, list, label] = PICKS.find((p) => p[0] === k)!;
        const key = s.picks.get(list)!.get(norm(text));
        if (key === undefined) throw new RowError(`"${text}" is not a value of ${label}`, k);
        input[k] = key;
        break;
      }
      case 'status':
        input.statusId = s.refs.statuses.find(
          (x) => x.key === norm(text) || norm(x.label) === norm(text),
        )?.id;
        if (!input.statusId) throw new RowError(`"${text}" is not a lead status`, 'status');
        break;
      case 'rating':
        input.ratingManual = pickKey(
          RATINGS.map((r) => ({ key: r, label: RATING_LABELS[r] })),
          text,
          'rating',
          'Rating',
        );
        break;
      case 'companySize':
        input.companySize = pickKey(
          COMPANY_SIZES.map((c) => ({ key: c, label: COMPANY_SIZE_LABELS[c] })),
          text,
          'companySize',
          'Company size',
        );
        break;
      case 'estimatedValue':
        input.estimatedValue = blame('estimatedValue', () => parseDecimal(text));
        break;
      case 'email':
        input.email = blame('email', () => parseEmail(text));
        break;
      case 'countryCode':
        input.countryCode = countryCodeOf(text, 'countryCode');
        break;
      case 'owner':
        // A partner user's leads belong to their company: the file does not decide.
        if (partnerCaller) break;
        input.ownerId = s.users.get(norm(text)) ?? null;
        if (!input.ownerId) throw new RowError(`No single active user "${text}"`, 'owner');
        break;
      case 'partner':
        if (partnerCaller) break;
        input.partnerId = s.partners.get(norm(text)) ?? null;
        if (!input.partnerId) throw new RowError(`No single partner "${text}"`, 'partner');
        break;
      case 'campaign':
        input.campaignId = s.campaigns.get(norm(text)) ?? null;
        if (!input.campaignId) throw new RowError(`No single campaign "${text}"`, 'campaign');
        break;
      default:
        input[k] = text;
    }
  }
  return input;
}

/** Resolves the row and turns field errors into a row error (the first one). */
async function resolve(
  trx: Trx,
  actor: Actor,
  s: State,
  input: Record<string, unknown>,
  before: leadsRepo.LeadRow | null,
  lookups?: LeadLookups,
) {
  const schema = before ? UpdateLeadInput : CreateLeadInput;
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw errorFor(zodRowError(parsed.error, FIELDS));
  return resolveLead(trx, actor, s.refs, parsed.data, before, lookups);
}

/** The columns an update would replace, as they are now; empty when nothing changes. */
function changesOf(before: leadsRepo.LeadRow, v: Values) {
  const patch: Record<string, unknown> = {};
  const replaced: Record<string, unknown> = {};
  for (const k of Object.keys(v) as (keyof Values)[]) {
    const cur = before[k as keyof leadsRepo.LeadRow];
    const same =
      k === 'estimated_value'
        ? (v[k] === null) === (cur === null) && Number(v[k]) === Number(cur)
        : v[k] === cur;
    if (!same) {
      patch[k] = v[k];
      replaced[k] = cur;
    }
  }
  return { patch, replaced };
}

const updateAction = (patch: Record<string, unknown>) =>
  patch.status_id !== undefined
    ? 'lead.status_changed'
    : patch.owner_id !== undefined
      ? 'lead.owner_changed'
      : 'lead.updated';

const insertable = (ctx: Ctx, v: Values) => ({
  ...v,
  rating: v.rating_manual ?? 'cold',
  created_by: ctx.actor.userId,
  created_by_partner: isPartnerRole(ctx.actor.role),
});

const isId = (id: string | null): id is string => id !== null;

/** An amount as numeric(16, 2) stores it: "1200" → "1200.00", "09.5" → "9.50". */
function twoDecimals(amount: string) {
  const [whole = '0', fraction = ''] = amount.split('.');
  return `${String(Number(whole))}.${fraction.padEnd(2, '0').slice(0, 2)}`;
}

type Values = Awaited<ReturnType<typeof resolveLead>>;

export const leadsImporter: EntityImporter<State> = {
  entity: 'leads',
  noun: 'lead',
  fields: FIELDS,
  writers: LEAD_WRITERS,
  partnerIgnored: ['owner', 'partner'],

  keyOf(values, matchBy) {
    if (matchBy === 'email') {
      if (!values.email) return null;
      try {
        return parseEmail(values.email) ?? null;
      } catch {
        return norm(values.email); // the row fails on it later, with the reason
      }
    }
    const { firstName, lastName, company } = values;
    if (!firstName || !lastName || !company) return null;
    return JSON.stringify([norm(firstName), norm(lastName), norm(company)]);
  },

  keyFields: (matchBy) => (matchBy === 'email' ? ['email'] : ['firstName', 'lastName', 'company']),
  inputFields: INPUT_FIELD,

  keyLabel: (matchBy) =>
    matchBy === 'email' ? 'email' : matchBy === 'name_company' ? 'name and company' : 'external id',

  async prepare(trx) {
    const [refs, model] = await Promise.all([loadRefs(trx), loadScoringModel(trx)]);
    const picks = new Map(PICKS.map(([, list]) => [list as string, new Map<string, string>()]));
    for (const [k, p] of refs.picks) {
      const [list, key] = [k.slice(0, k.indexOf(':')), k.slice(k.indexOf(':') + 1)];
      const index = picks.get(list);
      if (!index) continue;
      if (!index.has(norm(p.label))) index.set(norm(p.label), key);
      index.set(key, key);
    }
    return { refs, picks, model, users: new Map(), partners: new Map(), campaigns: new Map() };
  },

  async findByKeys(trx, actor, matchBy, keys) {
    const out = new Map<string, string[]>();
    if (keys.length === 0) return out;
    const scope = salesRecordScope(scopeOf(actor), 'lead', 'leads');
    const add = (key: string, id: string) => out.set(key, [...(out.get(key) ?? []), id]);
    if (matchBy === 'email') {
      const rows = await trx
        .selectFrom('leads')
        .select(['id', sql<string>`lower(email)`.as('k')])
        .where(sql`lower(email)`, 'in', keys)
        .where(scope)
        .execute();
      for (const r of rows) add(r.k, r.id);
    } else {
      const companies = [...new Set(keys.map((k) => (JSON.parse(k) as string[])[2]!))];
      const rows = await trx
        .selectFrom('leads')
        .select(['id', 'first_name', 'last_name', 'company'])
        .where(sql`lower(company)`, 'in', companies)
        .where(scope)
        .execute();
      const wanted = new Set(keys);
      for (const r of rows) {
        const k = JSON.stringify([norm(r.first_name), norm(r.last_name), norm(r.company)]);
        if (wanted.has(k)) add(k, r.id);
      }
    }
    return out;
  },

  async visible(trx, actor, ids) {
    if (ids.length === 0) return new Set();
    const rows = await trx
      .selectFrom('leads')
      .select('id')
      .where('id', 'in', ids)
      .where(salesRecordScope(scopeOf(actor), 'lead', 'leads'))
      .execute();
    return new Set(rows.map((r) => r.id));
  },

  async create(trx, ctx, s, row, dry) {
    await loadNames(trx, ctx.actor, s, [row.values]);
    const v = await resolve(trx, ctx.actor, s, toInput(ctx.actor, s, row.values), null);
    if (dry) return { outcome: 'created', id: '', version: 0 };
    const { id } = await leadsRepo.insertLead(trx, insertable(ctx, v));
    const after = (await leadsRepo.findLead(trx, unscoped(ctx.actor), id))!;
    await audit(trx, ctx, {
      action: 'lead.created',
      subjectType: 'lead',
      subjectId: id,
      partnerId: after.partner_id,
      changes: diff(null, snapshot(after, s.refs)),
    });
    return { outcome: 'created', id, version: after.version };
  },

  async update(trx, ctx, s, id, row, dry) {
    const scope = scopeOf(ctx.actor);
    const locked = await leadsRepo.lockLead(trx, scope, id);
    const before = locked ? await leadsRepo.findLead(trx, scope, id) : undefined;
    if (!before) throw new RowError('The matching lead no longer exists');
    if (isConverted(before)) throw new RowError('The matching lead is converted (read-only)');
    await loadNames(trx, ctx.actor, s, [row.values]);
    const v = await resolve(trx, ctx.actor, s, toInput(ctx.actor, s, row.values), before);
    const { patch, replaced } = changesOf(before, v);
    if (Object.keys(patch).length === 0) return { outcome: 'unchanged', id };
    if (dry) return { outcome: 'updated', id, version: 0, before: replaced };
    const updated = await leadsRepo.updateLeadVersioned(trx, id, before.version, patch);
    if (!updated) throw staleVersion('lead');
    const after = (await leadsRepo.findLead(trx, unscoped(ctx.actor), id))!;
    const changes = diff(snapshot(before, s.refs), snapshot(after, s.refs));
    await audit(trx, ctx, {
      action: updateAction(patch),
      subjectType: 'lead',
      subjectId: id,
      partnerId: after.partner_id,
      changes,
    });
    if (Object.keys(changes).length > 0)
      await notifyFollowers(trx, recordOf(after), ctx.actor, summarize(changes));
    return { outcome: 'updated', id, version: updated.version, before: replaced };
  },

  async writeMany(trx, ctx, s, items, dry) {
    const { actor } = ctx;
    const scope = scopeOf(actor);
    const out = new Array<WriteResult | Error>(items.length);
    const ids = [...new Set(items.flatMap((it) => (it.id ? [it.id] : [])))];
    if (!dry) await leadsRepo.lockLeads(trx, scope, ids);
    const current = new Map((await leadsRepo.findLeads(trx, scope, ids)).map((r) => [r.id, r]));
    await loadNames(
      trx,
      actor,
      s,
      items.map((it) => it.row.values),
    );

    // Every row's input, then what its references point at, fetched together.
    const inputs = items.map((it) => {
      try {
        return toInput(actor, s, it.row.values);
      } catch (err) {
        if (isRowProblem(err)) return err;
        throw err;
      }
    });
    const lookups = batchLookups(trx);
    const wanted = (k: string) =>
      inputs.flatMap((i) => (i instanceof Error || typeof i[k] !== 'string' ? [] : [i[k]]));
    await lookups.prefetch(
      [
        actor.userId,
        ...wanted('ownerId'),
        ...[...current.values()].flatMap((r) =>
          [r.owner_id ?? [], r.partner_user_id ?? [], r.referrer_id ?? []].flat(),
        ),
      ],
      wanted('partnerId'),
      wanted('campaignId'),
    );

    inputs.forEach((input, i) => {
      if (input instanceof Error) out[i] = input;
    });
    const input = (i: number) => inputs[i] as Record<string, unknown>;
    const { inserts, updates } = await sortBatch(items, out, {
      noun: 'lead',
      current,
      check: (found) => {
        if (isConverted(found)) throw new RowError('The matching lead is converted (read-only)');
      },
      create: (i) => resolve(trx, actor, s, input(i), null, lookups),
      update: async (i, found) => {
        const v = await resolve(trx, actor, s, input(i), found, lookups);
        return { v, ...changesOf(found, v) };
      },
    });
    if (dry) return dryOutcomes(out, inserts, updates);

    // Scored as they are written (rather than written twice): a new lead has no activities yet.
    const activities = await leadActivityCounts(
      trx,
      updates.map((u) => u.id),
    );
    const scored = (v: Values, activityCount: number) => {
      const { score } = scoreLead(
        {
          source: v.source,
          power: v.power,
          jobTitle: v.job_title,
          companySize: v.company_size,
          countryCode: v.country_code,
          industry: v.industry,
          activityCount,
        },
        s.model.rules,
      );
      return { score, rating: v.rating_manual ?? ratingFor(score, s.model.settings) };
    };
    await leadsRepo.insertLeads(
      trx,
      inserts.map((c) => ({ ...insertable(ctx, c.v), ...scored(c.v, 0), id: c.id })),
    );
    const versions = appliedVersions(
      await leadsRepo.updateLeadsVersioned(
        trx,
        updates.map((u) => ({
          id: u.id,
          version: u.found.version,
          values: u.v,
          ...scored(u.v, activities.get(u.id) ?? 0),
        })),
      ),
      updates,
      'lead',
    );
    // The leads as written, described from what the batch already knows rather than read back.
    const written = [...inserts, ...updates].map((w) => w.v);
    await lookups.prefetch(
      written.flatMap((v) => [v.owner_id, v.partner_user_id, v.referrer_id].filter(isId)),
      written.map((v) => v.partner_id).filter(isId),
      written.map((v) => v.campaign_id).filter(isId),
    );
    const statusLabel = new Map(s.refs.statuses.map((x) => [x.id, x.label]));
    const asWritten = (id: string, v: Values) => ({
      ...v,
      id,
      estimated_value: v.estimated_value === null ? null : twoDecimals(v.estimated_value),
      status_label: statusLabel.get(v.status_id) ?? '',
      ...lookups.names(v),
    });
    const breathe = breather();
    const events: Parameters<typeof auditMany>[2] = [];
    for (const c of inserts) {
      await breathe();
      const row = asWritten(c.id, c.v);
      events.push({
        action: 'lead.created',
        subjectType: 'lead',
        subjectId: c.id,
        partnerId: row.partner_id,
        changes: diff(null, snapshot(row, s.refs)),
      });
      out[c.i] = { outcome: 'created', id: c.id, version: 1 };
    }
    const followed = await followedByAnyone(
      trx,
      'lead',
      updates.map((u) => u.id),
    );
    for (const u of updates) {
      await breathe();
      const id = u.id;
      const row = asWritten(id, u.v);
      const changes = diff(snapshot(u.found, s.refs), snapshot(row, s.refs));
      events.push({
        action: updateAction(u.patch),
        subjectType: 'lead',
        subjectId: id,
        partnerId: row.partner_id,
        changes,
      });
      if (followed.has(id) && Object.keys(changes).length > 0)
        await notifyFollowers(trx, recordOf(row), actor, summarize(changes));
      out[u.i] = { outcome: 'updated', id, version: versions.get(id)!, before: u.replaced };
    }
    await auditMany(trx, ctx, events);
    return out;
  },

  async finishBatch(trx, s, ids) {
    // Imported leads are scored like the ones created by hand.
    await rescoreLeads(trx, ids, s.model);
  },

  async revertCreate(trx, ctx, id, versionAfter, force) {
    const all = unscoped(ctx.actor);
    const locked = await leadsRepo.lockLead(trx, all, id);
    if (!locked) return 'gone';
    if (!force && locked.version !== versionAfter) return 'kept';
    const before = (await leadsRepo.findLead(trx, all, id))!;
    const refs = await loadRefs(trx);
    await removeRecordAttachments(trx, 'lead', id);
    await leadsRepo.deleteLead(trx, id);
    await audit(trx, ctx, {
      action: 'lead.deleted',
      subjectType: 'lead',
      subjectId: id,
      partnerId: before.partner_id,
      changes: diff(snapshot(before, refs), null),
    });
    return 'reverted';
  },

  async revertUpdate(trx, ctx, id, replaced, versionAfter, force) {
    const all = unscoped(ctx.actor);
    const locked = await leadsRepo.lockLead(trx, all, id);
    if (!locked) return 'gone';
    if (!force && locked.version !== versionAfter) return 'kept';
    const before = (await leadsRepo.findLead(trx, all, id))!;
    if (!(await leadsRepo.updateLeadVersioned(trx, id, locked.version, replaced)))
      throw staleVersion('lead');
    await rescoreLeads(trx, [id]);
    const refs = await loadRefs(trx);
    const after = (await leadsRepo.findLead(trx, all, id))!;
    await audit(trx, ctx, {
      action: 'lead.updated',
      subjectType: 'lead',
      subjectId: id,
      partnerId: after.partner_id,
      changes: diff(snapshot(before, refs), snapshot(after, refs)),
    });
    return 'reverted';
  },
};

export type { MappedRow };
