import type { z } from 'zod';
import { scopeOf, type Actor } from '../../../http/actor';
import { staleVersion } from '../../../http/versioning';
import {
  CreatePartnerInput,
  PARTNER_STATUSES,
  PARTNER_TYPE_LABELS,
  PARTNER_TYPES,
  SLA_TIER_LABELS,
  SLA_TIERS,
  UpdatePartnerInput,
} from '../../../../shared/partners';
import { audit, diff } from '../../history/audit';
import { listLevels, listStages } from '../../partner-program/partner-program.repo';
import { PARTNER_EDITORS } from '../../partners/partners.policy';
import * as partnersRepo from '../../partners/partners.repo';
import type { PartnerListRow, PartnerPatch } from '../../partners/partners.repo';
import {
  checkNewPartner,
  checkReferences,
  checkStatusChange,
  columnsFrom,
  historyChanges,
  insertCheckedPartner,
  snapshot,
} from '../../partners/partners.service';
import { parseDate, parseEmail } from '../coerce';
import { normalizeHeader } from '../mapping';
import { RowError, type EntityImporter, type Trx } from './types';
import { attempt, cached, countryCodeOf, field, norm, userIdByText } from './values';

const FIELDS = [
  field(
    'companyName',
    'Company name',
    'text',
    [
      'company',
      'partner',
      'partner name',
      'account name',
      'organization',
      'organisation',
      'name',
      'firma',
      'firmenname',
    ],
    true,
  ),
  field('legalName', 'Legal name', 'text', ['legal entity', 'registered name', 'legal company']),
  field('website', 'Website', 'text', ['web', 'url', 'web site', 'homepage', 'domain']),
  field('email', 'Email', 'email', ['e-mail', 'email address', 'mail', 'contact email']),
  field('phone', 'Phone', 'text', ['telephone', 'phone number', 'tel']),
  field('street', 'Street', 'text', ['address', 'street address', 'address line 1']),
  field('city', 'City', 'text', ['town']),
  field('postalCode', 'Postal code', 'text', ['zip', 'zip code', 'postcode', 'post code']),
  field('region', 'Region', 'text', ['state', 'province', 'county']),
  field('countryCode', 'Country', 'text', ['country code', 'nation']),
  field('type', 'Partner type', 'picklist', ['type', 'partner category', 'category']),
  field('status', 'Status', 'picklist', ['partner status']),
  field('level', 'Level', 'picklist', ['partner level', 'tier', 'partner tier']),
  field('activationStage', 'Activation stage', 'picklist', ['stage', 'onboarding stage']),
  field('channelManager', 'Channel manager', 'reference', [
    'partner manager',
    'account manager',
    'owner',
    'channel manager email',
    'owner email',
  ]),
  field('tags', 'Tags', 'text', ['tag', 'labels', 'keywords']),
  field('partnershipDate', 'Partner since', 'date', ['partnership date', 'since', 'start date']),
  field('lastReviewDate', 'Last review', 'date', ['last review date', 'reviewed']),
  field('nextReviewDate', 'Next review', 'date', ['next review date', 'review due']),
  field('slaTier', 'SLA tier', 'picklist', ['sla', 'support tier', 'service level']),
  field('notes', 'Internal notes', 'text', ['notes', 'comments', 'description', 'remarks']),
];

/** Keys of the partner form's inputs and errors → the import field they come from. */
const INPUT_FIELD: Record<string, string> = {
  levelId: 'level',
  activationStageId: 'activationStage',
  channelManagerId: 'channelManager',
};

const STATUS_LABELS: Record<(typeof PARTNER_STATUSES)[number], string> = {
  applicant: 'Applicant',
  active: 'Active',
  suspended: 'Suspended',
  archived: 'Archived',
};

type Option = { key: string; label: string };
type State = { levels: Option[]; stages: Option[]; users: Map<string, string | null> };

/** Case, accents and punctuation do not count: "value-added Reseller" is "var"'s label. */
const fold = (s: string) => normalizeHeader(s);

function pick(options: Option[], text: string, field: string, what: string): string {
  const t = fold(text);
  const hit = options.find((o) => fold(o.key) === t || fold(o.label) === t);
  if (!hit) {
    // Short lists are named, so the file can be fixed without looking them up.
    const known =
      options.length <= 12 ? ` (one of: ${options.map((o) => o.label).join(', ')})` : '';
    throw new RowError(`"${text}" is not ${what}${known}`, field);
  }
  return hit.key;
}

function blame<T>(key: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof RowError && !err.field) throw new RowError(err.message, key);
    throw err;
  }
}

/** "crm; cloud, EMEA" → ["crm", "cloud", "EMEA"]: a cell holds a list. */
const tagsOf = (text: string) =>
  text
    .split(/[,;|]/)
    .map((t) => t.trim())
    .filter((t) => t !== '');

/** The mapped text of a row as the partner form's input: labels to keys, names to ids. */
async function toInput(trx: Trx, s: State, values: Record<string, string>) {
  const input: Record<string, unknown> = {};
  const address: Record<string, unknown> = {};
  for (const [k, text] of Object.entries(values)) {
    switch (k) {
      case 'email':
        input.email = blame('email', () => parseEmail(text));
        break;
      case 'countryCode':
        address.countryCode = countryCodeOf(text, 'countryCode');
        break;
      case 'street':
      case 'city':
      case 'postalCode':
      case 'region':
        address[k] = text;
        break;
      case 'type':
        input.type = pick(
          PARTNER_TYPES.map((t) => ({ key: t, label: PARTNER_TYPE_LABELS[t] })),
          text,
          'type',
          'a partner type',
        );
        break;
      case 'status':
        input.status = pick(
          PARTNER_STATUSES.map((t) => ({ key: t, label: STATUS_LABELS[t] })),
          text,
          'status',
          'a partner status',
        );
        break;
      case 'slaTier':
        input.slaTier = pick(
          SLA_TIERS.map((t) => ({ key: t, label: SLA_TIER_LABELS[t] })),
          text,
          'slaTier',
          'an SLA tier',
        );
        break;
      case 'level':
        input.levelId = pick(s.levels, text, 'level', 'a partner level');
        break;
      case 'activationStage':
        input.activationStageId = pick(s.stages, text, 'activationStage', 'an activation stage');
        break;
      case 'channelManager':
        input.channelManagerId = await cached(s.users, text, () => userIdByText(trx, text));
        if (!input.channelManagerId)
          throw new RowError(`No single active user "${text}"`, 'channelManager');
        break;
      case 'tags':
        input.tags = tagsOf(text);
        break;
      case 'partnershipDate':
      case 'lastReviewDate':
      case 'nextReviewDate':
        input[k] = blame(k, () => parseDate(text));
        break;
      default:
        input[k] = text;
    }
  }
  if (Object.keys(address).length > 0) input.address = address;
  return input;
}

function parseInput<T extends typeof CreatePartnerInput | typeof UpdatePartnerInput>(
  schema: T,
  input: Record<string, unknown>,
): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // Address errors arrive as address.city: the import field is the part after the dot.
    const path = (issue?.path ?? []).map(String);
    const key = path[0] === 'address' ? (path[1] ?? 'street') : (path[0] ?? '');
    const fieldKey = INPUT_FIELD[key] ?? key;
    const label = FIELDS.find((f) => f.key === fieldKey)?.label ?? fieldKey;
    throw new RowError(issue ? `${label} ${issue.message}`.trim() : 'is invalid', fieldKey || null);
  }
  return parsed.data as z.output<T>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The columns of the patch that differ from the row, and what they were. */
function changesOf(before: PartnerListRow, patch: PartnerPatch) {
  const changed: Record<string, unknown> = {};
  const replaced: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    const was = before[k as keyof PartnerListRow];
    if (!same(v, was)) {
      changed[k] = v;
      replaced[k] = was ?? null;
    }
  }
  return { changed: changed as PartnerPatch, replaced };
}

const lockPartner = (trx: Trx, actor: Actor, id: string) =>
  partnersRepo.findPartnerForUpdate(trx, scopeOf(actor), id);

export const partnersImporter: EntityImporter<State> = {
  entity: 'partners',
  noun: 'partner',
  fields: FIELDS,
  writers: PARTNER_EDITORS,
  // Partner users may not create partners, so they never import them.
  partnerIgnored: [],
  inputFields: INPUT_FIELD,
  keyFields: (matchBy) => (matchBy === 'name_company' ? ['companyName'] : ['email']),
  keyLabel: (matchBy) =>
    matchBy === 'email' ? 'email' : matchBy === 'name_company' ? 'company name' : 'external id',

  keyOf(values, matchBy) {
    if (matchBy === 'email') {
      if (!values.email) return null;
      try {
        return parseEmail(values.email) ?? null;
      } catch {
        return norm(values.email);
      }
    }
    return values.companyName ? norm(values.companyName) : null;
  },

  async prepare(trx, actor) {
    const scope = scopeOf(actor);
    const [levels, stages] = await Promise.all([listLevels(trx, scope), listStages(trx, scope)]);
    return {
      levels: levels.map((l) => ({ key: l.id, label: l.name })),
      stages: stages.map((l) => ({ key: l.id, label: l.name })),
      users: new Map(),
    };
  },

  async findByKeys(trx, actor, matchBy, keys) {
    const out = new Map<string, string[]>();
    if (keys.length === 0) return out;
    const add = (key: string, id: string) => out.set(key, [...(out.get(key) ?? []), id]);
    if (matchBy === 'email') {
      for (const r of await partnersRepo.partnersByEmails(trx, scopeOf(actor), keys))
        add(r.email, r.id);
    } else {
      for (const r of await partnersRepo.partnersByCompanyNames(trx, scopeOf(actor), keys))
        add(norm(r.company_name), r.id);
    }
    return out;
  },

  visible: (trx, actor, ids) =>
    ids.length === 0
      ? Promise.resolve(new Set())
      : partnersRepo.visiblePartnerIds(trx, scopeOf(actor), ids),

  async create(trx, ctx, s, row, dry) {
    const input = parseInput(CreatePartnerInput, await toInput(trx, s, row.values));
    await checkNewPartner(trx, input);
    if (dry) return { outcome: 'created', id: '', version: 0 };
    const created = await insertCheckedPartner(trx, ctx, input);
    return { outcome: 'created', id: created.id, version: created.version };
  },

  async update(trx, ctx, s, id, row, dry) {
    const before = await lockPartner(trx, ctx.actor, id);
    if (!before) throw new RowError('The matching partner no longer exists');
    const input = parseInput(UpdatePartnerInput, await toInput(trx, s, row.values));
    checkStatusChange(before.status, input.status);
    await checkReferences(trx, input);
    const { changed, replaced } = changesOf(before, columnsFrom(input));
    if (Object.keys(changed).length === 0) return { outcome: 'unchanged', id };
    if (dry) return { outcome: 'updated', id, version: 0, before: replaced };
    if (!(await partnersRepo.updatePartnerVersioned(trx, id, before.version, changed)))
      throw staleVersion('partner');
    // As with the form: a suspended partner's people are signed out at once.
    if (changed.status === 'suspended') await partnersRepo.deleteSessionsOfPartner(trx, id);
    const after = (await partnersRepo.findPartnerById(trx, id))!;
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'partner',
      subjectId: id,
      partnerId: id,
      changes: historyChanges(before, after),
    });
    return { outcome: 'updated', id, version: after.version, before: replaced };
  },

  async revertCreate(trx, ctx, id, versionAfter, force) {
    const row = await lockPartner(trx, ctx.actor, id);
    if (!row) return 'gone';
    if (!force && row.version !== versionAfter) return 'kept';
    // People, customers, deals or activity added since keep it: worth more than the undo.
    const impact = await partnersRepo.deleteImpactCounts(trx, id);
    const blocking = await partnersRepo.blockingCounts(trx, id);
    const attached =
      Object.values(impact).some((n) => n > 0) || Object.values(blocking).some((n) => n > 0);
    if (attached) return 'kept';
    const removed = await attempt(trx, () => partnersRepo.deletePartnerPermanently(trx, id), [
      '23503',
    ]);
    if (!removed) return 'kept';
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'partner',
      subjectId: id,
      partnerId: id,
      changes: diff(snapshot(row), null),
    });
    return 'reverted';
  },

  async revertUpdate(trx, ctx, id, replaced, versionAfter, force) {
    const before = await lockPartner(trx, ctx.actor, id);
    if (!before) return 'gone';
    if (!force && before.version !== versionAfter) return 'kept';
    if (!(await partnersRepo.updatePartnerVersioned(trx, id, before.version, replaced)))
      throw staleVersion('partner');
    const after = (await partnersRepo.findPartnerById(trx, id))!;
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'partner',
      subjectId: id,
      partnerId: id,
      changes: historyChanges(before, after),
    });
    return 'reverted';
  },
};
