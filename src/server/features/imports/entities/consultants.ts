import type { z } from 'zod';
import { scopeOf, type Actor } from '../../../http/actor';
import { forbidden } from '../../../http/errors';
import { staleVersion } from '../../../http/versioning';
import { CreateConsultantInput, UpdateConsultantInput } from '../../../../shared/consultants';
import { isPartnerRole } from '../../../../shared/roles';
import { audit } from '../../history/audit';
import { canManageConsultant, CONSULTANT_WRITERS } from '../../consultants/consultants.policy';
import * as consultantsRepo from '../../consultants/consultants.repo';
import type { ConsultantPatch } from '../../consultants/consultants.repo';
import {
  emailInUse,
  newConsultantValues,
  partnerForCreate,
  snapshot,
} from '../../consultants/consultants.service';
import { parseBoolean, parseEmail } from '../coerce';
import { RowError, type EntityImporter, type Trx } from './types';
import { attempt, cached, field, norm, partnerIdByText } from './values';

const FIELDS = [
  field(
    'partner',
    'Partner',
    'reference',
    [
      'partner name',
      'company',
      'company name',
      'reseller',
      'organization',
      'organisation',
      'firma',
    ],
    true,
  ),
  field('firstName', 'First name', 'text', ['first name', 'given name', 'forename', 'first'], true),
  field('lastName', 'Last name', 'text', ['last name', 'surname', 'family name', 'last'], true),
  field('email', 'Email', 'email', ['e-mail', 'email address', 'mail', 'e-mail address'], true),
  field('phone', 'Phone', 'text', ['telephone', 'phone number', 'tel', 'office phone']),
  field('mobile', 'Mobile', 'text', ['mobile phone', 'cell', 'cell phone', 'handy']),
  field('jobTitle', 'Job title', 'text', ['title', 'position', 'job', 'role']),
  field('tags', 'Tags', 'text', ['tag', 'labels', 'skills', 'certifications']),
  field('visible', 'Shown in partner list', 'boolean', ['visible', 'listed', 'show in list']),
];

const INPUT_FIELD: Record<string, string> = { partnerId: 'partner' };

type State = { partners: Map<string, string | null> };

const COLUMNS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'mobile',
  'job_title',
  'tags',
  'visible',
] as const;

function blame<T>(key: string, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof RowError && !err.field) throw new RowError(err.message, key);
    throw err;
  }
}

const tagsOf = (text: string) =>
  text
    .split(/[,;|]/)
    .map((t) => t.trim())
    .filter((t) => t !== '');

async function toInput(trx: Trx, actor: Actor, s: State, values: Record<string, string>) {
  const input: Record<string, unknown> = {};
  for (const [k, text] of Object.entries(values)) {
    switch (k) {
      case 'partner':
        if (isPartnerRole(actor.role)) break; // always their own company
        input.partnerId = await cached(s.partners, text, () => partnerIdByText(trx, text));
        if (!input.partnerId) throw new RowError(`No single partner "${text}"`, 'partner');
        break;
      case 'email':
        input.email = blame('email', () => parseEmail(text));
        break;
      case 'tags':
        input.tags = tagsOf(text);
        break;
      case 'visible':
        input.visible = blame('visible', () => parseBoolean(text));
        break;
      default:
        input[k] = text;
    }
  }
  return input;
}

function parseInput<T extends typeof CreateConsultantInput | typeof UpdateConsultantInput>(
  schema: T,
  input: Record<string, unknown>,
): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue ? String(issue.path[0] ?? '') : '';
    const fieldKey = INPUT_FIELD[key] ?? key;
    const label = FIELDS.find((f) => f.key === fieldKey)?.label ?? fieldKey;
    throw new RowError(issue ? `${label} ${issue.message}`.trim() : 'is invalid', fieldKey || null);
  }
  return parsed.data as z.output<T>;
}

/**
 * Keys are JSON arrays ending in the partner's name, or null without one. A partner user's
 * partner column is ignored, so their keys always end in null and match within their company;
 * an internal user's file names the partner, and emails are unique per partner, not overall.
 */
const keyWith = (parts: string[], partner: string | undefined) =>
  JSON.stringify([...parts.map(norm), partner ? norm(partner) : null]);

function emailKey(text: string) {
  try {
    return parseEmail(text) ?? norm(text);
  } catch {
    return norm(text);
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

async function loadForUpdate(trx: Trx, actor: Actor, id: string) {
  const locked = await consultantsRepo.lockConsultant(trx, id);
  if (!locked) return null;
  const row = await consultantsRepo.findConsultant(trx, scopeOf(actor), id);
  return row ? { locked, row } : null;
}

export const consultantsImporter: EntityImporter<State> = {
  entity: 'consultants',
  noun: 'consultant',
  fields: FIELDS,
  writers: CONSULTANT_WRITERS,
  partnerIgnored: ['partner'],
  inputFields: INPUT_FIELD,
  // The partner belongs to the key when the file names it (see keyWith); a partner user's
  // file cannot, so it is not required to be mapped.
  keyFields: (matchBy) => (matchBy === 'email' ? ['email'] : ['firstName', 'lastName']),
  keyLabel: (matchBy) =>
    matchBy === 'email' ? 'email' : matchBy === 'name_company' ? 'name and partner' : 'external id',

  keyOf(values, matchBy) {
    if (matchBy === 'email')
      return values.email ? keyWith([emailKey(values.email)], values.partner) : null;
    const { firstName, lastName } = values;
    if (!firstName || !lastName) return null;
    return keyWith([firstName, lastName], values.partner);
  },

  prepare: () => Promise.resolve({ partners: new Map() }),

  async findByKeys(trx, actor, matchBy, keys) {
    const out = new Map<string, string[]>();
    if (keys.length === 0) return out;
    const wanted = new Set(keys);
    const parsed = keys.map((k) => JSON.parse(k) as (string | null)[]);
    const scope = scopeOf(actor);
    const rows =
      matchBy === 'email'
        ? await consultantsRepo.consultantsByEmails(trx, scope, [
            ...new Set(parsed.map((k) => k[0]!)),
          ])
        : await consultantsRepo.consultantsByLastNames(trx, scope, [
            ...new Set(parsed.map((k) => k[1]!)),
          ]);
    for (const r of rows) {
      const parts = matchBy === 'email' ? [r.email] : [r.first_name, r.last_name];
      // A key with the partner's name, and one without (the caller's own company or any).
      for (const k of [keyWith(parts, r.partner_name), keyWith(parts, undefined)]) {
        if (wanted.has(k)) out.set(k, [...(out.get(k) ?? []), r.id]);
      }
    }
    return out;
  },

  visible: (trx, actor, ids) =>
    ids.length === 0
      ? Promise.resolve(new Set())
      : consultantsRepo.visibleConsultantIds(trx, scopeOf(actor), ids),

  async create(trx, ctx, s, row, dry) {
    const input = parseInput(CreateConsultantInput, await toInput(trx, ctx.actor, s, row.values));
    const partnerId = partnerForCreate(ctx, input.partnerId);
    const values = await newConsultantValues(trx, partnerId, input);
    if (dry) return { outcome: 'created', id: '', version: 0 };
    const { id } = await consultantsRepo.insertConsultant(trx, values);
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'consultant',
      subjectId: id,
      partnerId,
      after: snapshot(values),
    });
    return { outcome: 'created', id, version: 1 };
  },

  async update(trx, ctx, s, id, row, dry) {
    const found = await loadForUpdate(trx, ctx.actor, id);
    if (!found) throw new RowError('The matching consultant no longer exists');
    const { locked, row: before } = found;
    if (!canManageConsultant(ctx.actor, before))
      throw forbidden('You cannot change this consultant');
    // Moving people between partners has rules of its own (portal logins): the partner column
    // only finds the person.
    const { partner: _partner, ...rest } = row.values;
    const input = parseInput(UpdateConsultantInput, await toInput(trx, ctx.actor, s, rest));
    const next = {
      first_name: input.firstName ?? before.first_name,
      last_name: input.lastName ?? before.last_name,
      email: input.email ?? before.email,
      phone: input.phone !== undefined ? input.phone : before.phone,
      mobile: input.mobile !== undefined ? input.mobile : before.mobile,
      job_title: input.jobTitle !== undefined ? input.jobTitle : before.job_title,
      tags: input.tags ?? before.tags,
      visible: input.visible ?? before.visible,
    };
    const patch: Record<string, unknown> = {};
    const replaced: Record<string, unknown> = {};
    for (const k of COLUMNS) {
      if (!same(next[k], before[k])) {
        patch[k] = next[k];
        replaced[k] = before[k];
      }
    }
    if (Object.keys(patch).length === 0) return { outcome: 'unchanged', id };
    if (
      patch.email !== undefined &&
      (await consultantsRepo.emailUsedAtPartner(trx, {
        partnerId: before.partner_id,
        email: next.email,
        exceptId: id,
      }))
    )
      throw emailInUse();
    if (dry) return { outcome: 'updated', id, version: 0, before: replaced };
    if (!(await consultantsRepo.updateConsultantVersioned(trx, id, locked.version, patch)))
      throw staleVersion('consultant');
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'consultant',
      subjectId: id,
      partnerId: before.partner_id,
      before: snapshot(before),
      after: snapshot({ ...before, ...next }),
    });
    return { outcome: 'updated', id, version: locked.version + 1, before: replaced };
  },

  async revertCreate(trx, ctx, id, versionAfter, force) {
    const found = await loadForUpdate(trx, ctx.actor, id);
    if (!found) return 'gone';
    const { locked, row } = found;
    if (!force && locked.version !== versionAfter) return 'kept';
    // A portal login or activities naming the person since keep them.
    if (locked.user_id || (await consultantsRepo.consultantInUse(trx, id))) return 'kept';
    const removed = await attempt(trx, () => consultantsRepo.deleteConsultant(trx, id), ['23503']);
    if (!removed) return 'kept';
    await audit(trx, ctx, {
      action: 'delete',
      subjectType: 'consultant',
      subjectId: id,
      partnerId: row.partner_id,
      before: snapshot(row),
    });
    return 'reverted';
  },

  async revertUpdate(trx, ctx, id, replaced, versionAfter, force) {
    const found = await loadForUpdate(trx, ctx.actor, id);
    if (!found) return 'gone';
    const { locked, row: before } = found;
    if (!force && locked.version !== versionAfter) return 'kept';
    // The old email may have been given to someone else of the partner since.
    let updated = false;
    const put = async () => {
      updated = !!(await consultantsRepo.updateConsultantVersioned(
        trx,
        id,
        locked.version,
        replaced,
      ));
    };
    if (!(await attempt(trx, put, ['23505']))) return 'kept';
    if (!updated) throw staleVersion('consultant');
    await audit(trx, ctx, {
      action: 'update',
      subjectType: 'consultant',
      subjectId: id,
      partnerId: before.partner_id,
      before: snapshot(before),
      after: snapshot({ ...before, ...(replaced as ConsultantPatch) }),
    });
    return 'reverted';
  },
};
