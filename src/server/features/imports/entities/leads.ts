import { sql } from 'kysely';
import { scopeOf, type Actor } from '../../../http/actor';
import { staleVersion } from '../../../http/versioning';
import { COMPANY_SIZE_LABELS, COMPANY_SIZES } from '../../../../shared/accounts';
import { CreateLeadInput, UpdateLeadInput } from '../../../../shared/leads';
import { RATING_LABELS, RATINGS, type ScoringModel } from '../../../../shared/scoring';
import { isPartnerRole } from '../../../../shared/roles';
import { audit, diff } from '../../history/audit';
import { notifyFollowers } from '../../follows/follows.service';
import { removeRecordAttachments } from '../../records/attachments.repo';
import { salesRecordScope } from '../../records/sales-scope';
import { loadScoringModel, rescoreLeads } from '../../scoring/scoring.repo';
import * as leadsRepo from '../../leads/leads.repo';
import {
  isConverted,
  loadRefs,
  recordOf,
  resolveLead,
  snapshot,
  summarize,
  unscoped,
  type Refs,
} from '../../leads/leads.service';
import { LEAD_WRITERS } from '../../leads/leads.policy';
import { parseDecimal, parseEmail } from '../coerce';
import { RowError, type EntityImporter, type MappedRow, type Trx } from './types';
import { countryCodeOf, field, norm, pickKey, zodRowError } from './values';

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

async function lookup(
  cache: Map<string, string | null>,
  key: string,
  load: () => Promise<string | null>,
) {
  if (!cache.has(key)) cache.set(key, await load());
  return cache.get(key) ?? null;
}

/** The mapped text of a row as lead input: labels to keys, names to ids, text to numbers. */
async function toInput(trx: Trx, actor: Actor, s: State, values: Record<string, string>) {
  const input: Record<string, unknown> = {};
  const partnerCaller = isPartnerRole(actor.role);
  for (const [k, text] of Object.entries(values)) {
    switch (k) {
      case 'jobTitle':
      case 'power':
      case 'source':
      case 'industry': {
        const [, list, label] = PICKS.find((p) => p[0] === k)!;
        const options = [...s.refs.picks.entries()]
          .filter(([key]) => key.startsWith(`${list}:`))
          .map(([key, p]) => ({ key: key.slice(list.length + 1), label: p.label }));
        input[k] = pickKey(options, text, k, label);
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
        input.ownerId = await lookup(s.users, norm(text), async () => {
          const u = await trx
            .selectFrom('users')
            .select('id')
            .where((eb) =>
              eb.or([
                eb(sql`lower(email)`, '=', norm(text)),
                eb(sql`lower(name)`, '=', norm(text)),
              ]),
            )
            .where('active', '=', true)
            .orderBy('id')
            .limit(2)
            .execute();
          return u.length === 1 ? u[0]!.id : null;
        });
        if (!input.ownerId) throw new RowError(`No single active user "${text}"`, 'owner');
        break;
      case 'partner':
        if (partnerCaller) break;
        input.partnerId = await lookup(s.partners, norm(text), async () => {
          const p = await trx
            .selectFrom('partners')
            .select('id')
            .where(sql`lower(company_name)`, '=', norm(text))
            .orderBy('id')
            .limit(2)
            .execute();
          return p.length === 1 ? p[0]!.id : null;
        });
        if (!input.partnerId) throw new RowError(`No single partner "${text}"`, 'partner');
        break;
      case 'campaign':
        input.campaignId = await lookup(s.campaigns, norm(text), async () => {
          const c = await trx
            .selectFrom('campaigns')
            .select('id')
            .where(sql`lower(name)`, '=', norm(text))
            .orderBy('id')
            .limit(2)
            .execute();
          return c.length === 1 ? c[0]!.id : null;
        });
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
) {
  const schema = before ? UpdateLeadInput : CreateLeadInput;
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw errorFor(zodRowError(parsed.error, FIELDS));
  return resolveLead(trx, actor, s.refs, parsed.data, before);
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
    return { refs, model, users: new Map(), partners: new Map(), campaigns: new Map() };
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
    const input = await toInput(trx, ctx.actor, s, row.values);
    const v = await resolve(trx, ctx.actor, s, input, null);
    if (dry) return { outcome: 'created', id: '', version: 0 };
    const { id } = await leadsRepo.insertLead(trx, {
      ...v,
      rating: v.rating_manual ?? 'cold',
      created_by: ctx.actor.userId,
      created_by_partner: isPartnerRole(ctx.actor.role),
    });
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
    const input = await toInput(trx, ctx.actor, s, row.values);
    const v = await resolve(trx, ctx.actor, s, input, before);
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
    if (Object.keys(patch).length === 0) return { outcome: 'unchanged', id };
    if (dry) return { outcome: 'updated', id, version: 0, before: replaced };
    const updated = await leadsRepo.updateLeadVersioned(trx, id, before.version, patch);
    if (!updated) throw staleVersion('lead');
    const after = (await leadsRepo.findLead(trx, unscoped(ctx.actor), id))!;
    const changes = diff(snapshot(before, s.refs), snapshot(after, s.refs));
    await audit(trx, ctx, {
      action:
        patch.status_id !== undefined
          ? 'lead.status_changed'
          : patch.owner_id !== undefined
            ? 'lead.owner_changed'
            : 'lead.updated',
      subjectType: 'lead',
      subjectId: id,
      partnerId: after.partner_id,
      changes,
    });
    if (Object.keys(changes).length > 0)
      await notifyFollowers(trx, recordOf(after), ctx.actor, summarize(changes));
    return { outcome: 'updated', id, version: updated.version, before: replaced };
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
