import crypto from 'node:crypto';
import type { Deps } from '../../deps';
import type { PartnerApplicationRow } from '../../db/types';
import { scopeOf, type Ctx } from '../../http/actor';
import { AppError, notFound, validation } from '../../http/errors';
import { cursorFrom, finishPage } from '../../http/pagination';
import { staleVersion } from '../../http/versioning';
import {
  domainOf,
  type Application,
  type ApplicationCounts,
  type ApplicationDuplicates,
  type ApplicationFormToken,
  type ApplicationListQuery,
  type ApplicationReceipt,
  type ApproveApplicationInput,
  type ApprovalOptions,
  type DeclineApplicationInput,
  type SubmitApplicationData,
} from '../../../shared/applications';
import { queueEmail } from '../email/email.service';
import { audit } from '../history/audit';
import { createInvitedUser } from '../users/users.service';
import { emailTaken } from '../users/users.repo';
import { applicationAbilities } from './applications.policy';
import * as repo from './applications.repo';

const HOUR_MS = 3_600_000;
/** A form left open longer than this must be reloaded. */
export const FORM_TOKEN_TTL_MS = 24 * HOUR_MS;
/** Tolerated clock difference between the app nodes that issue and check a token. */
const CLOCK_SKEW_MS = 60_000;
const SECRET_NAME = 'application_form_hmac';

/** What a public request carries instead of a signed-in actor. */
export type PublicCtx = { requestId: string; ip: string; userAgent: string | null };

// ---------------------------------------------------------------------------------------------
// The form token: "v1.<issued at ms>.<nonce>.<HMAC-SHA256>", signed with a secret every app node
// reads from the database. It proves the form was fetched from us, and when.

const formSecret = (deps: Deps) =>
  repo.secret(deps.db, SECRET_NAME, () => crypto.randomBytes(32).toString('base64url'));

const sign = (secret: string, payload: string) =>
  crypto.createHmac('sha256', secret).update(payload).digest('base64url');

export function signFormToken(secret: string, issuedAt: number): string {
  const payload = `v1.${issuedAt}.${crypto.randomBytes(12).toString('base64url')}`;
  return `${payload}.${sign(secret, payload)}`;
}

export type TokenProblem = 'invalid' | 'too_fast' | 'expired';

export function checkFormToken(
  secret: string,
  token: string,
  now: number,
  minFillMs: number,
): TokenProblem | null {
  const m = /^(v1\.(\d{1,15})\.[A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return 'invalid';
  const expected = Buffer.from(sign(secret, m[1]!));
  const given = Buffer.from(m[3]!);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
    return 'invalid';
  }
  const issuedAt = Number(m[2]);
  if (issuedAt > now + CLOCK_SKEW_MS) return 'invalid';
  if (now - issuedAt < minFillMs) return 'too_fast';
  if (now - issuedAt > FORM_TOKEN_TTL_MS) return 'expired';
  return null;
}

const TOKEN_MESSAGES: Record<TokenProblem, string> = {
  invalid: 'This form could not be verified. Reload the page and send it again.',
  too_fast:
    'The form was sent too quickly after it was opened. Please check your details and send it again.',
  expired:
    'This form has been open for too long and has expired. Reload the page and send it again.',
};

export async function issueFormToken(deps: Deps): Promise<ApplicationFormToken> {
  const now = Date.now();
  return {
    formToken: signFormToken(await formSecret(deps), now),
    notBefore: new Date(now + deps.config.applications.minFillMs).toISOString(),
    expiresAt: new Date(now + FORM_TOKEN_TTL_MS).toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------
// Public submission

function rateLimited(oldest: Date | null) {
  const retryAfter = oldest
    ? Math.max(1, Math.ceil((oldest.getTime() + HOUR_MS - Date.now()) / 1000))
    : 3600;
  const minutes = Math.ceil(retryAfter / 60);
  return new AppError(
    'RATE_LIMITED',
    `We have received several applications from your network in the last hour. Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    undefined,
    { 'retry-after': String(retryAfter) },
  );
}

/**
 * Stores an application and thanks the applicant by email. Spam is refused without a third
 * party: a per-address hourly limit (stored applications and refused attempts both count), a
 * hidden field that people leave empty, and a signed form token that must be old enough (bots
 * submit instantly) and young enough (no harvested tokens).
 */
export async function submitApplication(
  deps: Deps,
  pctx: PublicCtx,
  input: SubmitApplicationData,
): Promise<ApplicationReceipt> {
  const { maxPerIpPerHour, minFillMs } = deps.config.applications;
  const since = () => new Date(Date.now() - HOUR_MS);
  const seen = await repo.attemptsSince(deps.db, pctx.ip, since());
  if (seen.count >= maxPerIpPerHour) throw rateLimited(seen.oldest);

  if (input.companyUrl?.trim()) {
    await repo.recordRefusal(deps.db, pctx.ip, 'honeypot');
    deps.log.info({ event: 'application_refused', reason: 'honeypot', ip: pctx.ip }, 'spam');
    // Answered like a success so the sender learns nothing to adapt to.
    return { id: crypto.randomUUID(), status: 'pending' };
  }

  const problem = checkFormToken(await formSecret(deps), input.formToken, Date.now(), minFillMs);
  if (problem) {
    await repo.recordRefusal(deps.db, pctx.ip, 'token');
    deps.log.info({ event: 'application_refused', reason: problem, ip: pctx.ip }, 'spam');
    throw new AppError('BAD_REQUEST', TOKEN_MESSAGES[problem], { formToken: problem });
  }

  const row = await deps.db.transaction().execute(async (trx) => {
    await repo.lockAddress(trx, pctx.ip);
    const again = await repo.attemptsSince(trx, pctx.ip, since());
    if (again.count >= maxPerIpPerHour) throw rateLimited(again.oldest);
    const row = await repo.insertApplication(trx, {
      business_name: input.businessName,
      street: input.street ?? null,
      city: input.city ?? null,
      postal_code: input.postalCode ?? null,
      region: input.region ?? null,
      country_code: input.countryCode,
      phone: input.phone ?? null,
      website: input.website ?? null,
      domain: domainOf(input.website),
      contact_name: input.contactName,
      contact_email: input.contactEmail,
      products_of_interest: input.productsOfInterest ?? '',
      requested_sla_tier: input.requestedSlaTier ?? 'standard',
      partner_type: input.partnerType ?? 'reseller',
      message: input.message ?? '',
      ip: pctx.ip.slice(0, 100),
      user_agent: pctx.userAgent?.slice(0, 500) ?? null,
    });
    await audit(
      trx,
      { actor: null, requestId: pctx.requestId, ip: pctx.ip },
      {
        action: 'create',
        subjectType: 'partner_application',
        subjectId: row.id,
        partnerId: null,
        after: snapshot(row),
      },
    );
    await queueEmail(trx, {
      to: row.contact_email,
      template: 'application_received',
      data: { name: row.contact_name, businessName: row.business_name },
    });
    return row;
  });
  return { id: row.id, status: 'pending' };
}

const snapshot = (a: PartnerApplicationRow) => ({
  businessName: a.business_name,
  contactName: a.contact_name,
  contactEmail: a.contact_email,
  countryCode: a.country_code,
  website: a.website,
  partnerType: a.partner_type,
  requestedSlaTier: a.requested_sla_tier,
  status: a.status,
});

// ---------------------------------------------------------------------------------------------
// Review

type Candidates = Awaited<ReturnType<typeof repo.duplicateCandidates>>;

function duplicatesOf(row: PartnerApplicationRow, c: Candidates): ApplicationDuplicates {
  const name = row.business_name.toLowerCase();
  const domain = row.domain?.toLowerCase() ?? null;
  return {
    partners: c.partners
      // the partner this application became is not a duplicate of it
      .filter((p) => p.id !== row.partner_id)
      .map((p) => {
        const matchedOn: ('name' | 'domain')[] = [];
        if (p.company_name.toLowerCase() === name) matchedOn.push('name');
        if (domain && p.domain?.toLowerCase() === domain) matchedOn.push('domain');
        return {
          id: p.id,
          companyName: p.company_name,
          domain: p.domain,
          status: p.status,
          matchedOn,
        };
      })
      .filter((p) => p.matchedOn.length > 0),
    applications: c.applications
      .filter((a) => a.id !== row.id && domain && a.domain?.toLowerCase() === domain)
      .map((a) => ({
        id: a.id,
        businessName: a.business_name,
        domain: a.domain,
        createdAt: a.created_at.toISOString(),
      })),
  };
}

function present(row: repo.ApplicationListRow, c: Candidates, ctx: Ctx): Application {
  return {
    id: row.id,
    businessName: row.business_name,
    website: row.website,
    domain: row.domain,
    partnerType: row.partner_type,
    productsOfInterest: row.products_of_interest,
    address: {
      street: row.street,
      city: row.city,
      postalCode: row.postal_code,
      region: row.region,
      countryCode: row.country_code,
    },
    phone: row.phone,
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    requestedSlaTier: row.requested_sla_tier,
    message: row.message,
    status: row.status,
    declineReason: row.decline_reason,
    reviewedBy: row.reviewed_by
      ? { id: row.reviewed_by, name: row.reviewer_name ?? 'Deleted user' }
      : null,
    reviewedAt: row.reviewed_at?.toISOString() ?? null,
    partner:
      row.partner_id && row.partner_company_name
        ? { id: row.partner_id, companyName: row.partner_company_name }
        : null,
    duplicates: duplicatesOf(row, c),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    abilities: applicationAbilities(ctx.actor, row),
  };
}

export async function listApplications(deps: Deps, ctx: Ctx, f: ApplicationListQuery) {
  const scope = scopeOf(ctx.actor);
  const { rows, keys } = await repo.listApplications(deps.db, scope, f);
  const p = finishPage(rows, f.limit, (row) =>
    cursorFrom(row, keys, (field) => (field === 'createdAt' ? row.created_at : undefined)),
  );
  const c = await repo.duplicateCandidates(deps.db, scope, p.rows);
  return { data: p.rows.map((r) => present(r, c, ctx)), nextCursor: p.nextCursor };
}

export async function getApplication(deps: Deps, ctx: Ctx, id: string): Promise<Application> {
  const scope = scopeOf(ctx.actor);
  const row = await repo.findApplication(deps.db, scope, id);
  if (!row) throw notFound('Application');
  return present(row, await repo.duplicateCandidates(deps.db, scope, [row]), ctx);
}

export async function countApplications(deps: Deps, ctx: Ctx): Promise<ApplicationCounts> {
  const n = await repo.countByStatus(deps.db, scopeOf(ctx.actor));
  return { pending: n.pending ?? 0, approved: n.approved ?? 0, declined: n.declined ?? 0 };
}

export async function approvalOptions(deps: Deps, ctx: Ctx): Promise<ApprovalOptions> {
  const [levels, activationStages, channelManagers] = await Promise.all([
    repo.listLevels(deps.db),
    repo.listStages(deps.db),
    repo.listChannelManagers(deps.db),
  ]);
  return {
    levels,
    activationStages,
    channelManagers,
    defaults: {
      levelId: levels[0]?.id ?? null,
      activationStageId: activationStages[0]?.id ?? null,
      channelManagerId: ctx.actor.role === 'channel_manager' ? ctx.actor.userId : null,
    },
  };
}

const alreadyReviewed = (row: Pick<PartnerApplicationRow, 'status'>) =>
  new AppError(
    'CONFLICT',
    `This application has already been ${row.status}. Reload to see the decision.`,
  );

/** Locks the application and checks it can still be decided; the caller holds the lock. */
async function lockPending(
  trx: Parameters<typeof repo.lockApplication>[0],
  ctx: Ctx,
  id: string,
  version: number | undefined,
) {
  if (!(await repo.findApplication(trx, scopeOf(ctx.actor), id))) throw notFound('Application');
  const row = await repo.lockApplication(trx, id);
  if (!row) throw notFound('Application');
  if (row.status !== 'pending') throw alreadyReviewed(row);
  if (version !== undefined && version !== row.version) throw staleVersion('application');
  return row;
}

/**
 * Turns an application into an active partner with the applicant as its first partner admin
 * (invited by email to choose a password), all in one transaction: either everything exists
 * afterwards or nothing does.
 */
export async function approveApplication(
  deps: Deps,
  ctx: Ctx,
  id: string,
  input: ApproveApplicationInput,
): Promise<Application> {
  await deps.db.transaction().execute(async (trx) => {
    const app = await lockPending(trx, ctx, id, input.version);

    const level = await repo.findLevel(trx, input.levelId);
    if (input.levelId && !level) throw validation({ levelId: 'No such partner level' });
    const stage = await repo.findStage(trx, input.activationStageId);
    if (input.activationStageId && !stage) {
      throw validation({ activationStageId: 'No such activation stage' });
    }
    let channelManagerId: string | null;
    if (input.channelManagerId === undefined) {
      channelManagerId = ctx.actor.role === 'channel_manager' ? ctx.actor.userId : null;
    } else if (input.channelManagerId === null) {
      channelManagerId = null;
    } else {
      const cm = await repo.findActiveChannelManager(trx, input.channelManagerId);
      if (!cm) throw validation({ channelManagerId: 'must be an active channel manager' });
      channelManagerId = cm.id;
    }

    if (await emailTaken(trx, app.contact_email)) {
      throw new AppError(
        'CONFLICT',
        `${app.contact_email} already belongs to a Conduit user, so it cannot become the new partner's administrator. Ask the applicant for another address, or create the partner by hand.`,
        { contactEmail: 'already belongs to a user' },
      );
    }

    const partner = await repo.insertPartnerFromApplication(trx, app, {
      levelId: level?.id ?? null,
      activationStageId: stage?.id ?? null,
      channelManagerId,
    });
    await audit(trx, ctx, {
      action: 'create',
      subjectType: 'partner',
      subjectId: partner.id,
      partnerId: partner.id,
      after: {
        companyName: partner.company_name,
        status: partner.status,
        type: partner.partner_type,
        website: partner.website,
        countryCode: partner.country_code,
        slaTier: partner.sla_tier,
        levelId: partner.level_id,
        activationStageId: partner.activation_stage_id,
        channelManagerId: partner.channel_manager_id,
        partnershipDate: partner.partnership_date,
        fromApplicationId: app.id,
      },
    });
    await createInvitedUser(deps, trx, ctx, {
      email: app.contact_email,
      name: app.contact_name,
      role: 'partner_admin',
      partnerId: partner.id,
    });
    const updated = await repo.markApproved(trx, id, {
      reviewedBy: ctx.actor.userId,
      partnerId: partner.id,
    });
    if (!updated) throw alreadyReviewed({ status: 'approved' });
    await audit(trx, ctx, {
      action: 'approve',
      subjectType: 'partner_application',
      subjectId: id,
      partnerId: partner.id,
      before: { status: app.status, partnerId: null },
      after: { status: updated.status, partnerId: partner.id },
    });
  });
  return getApplication(deps, ctx, id);
}

/** Declines with the reviewer's reason, which the applicant receives in a polite email. */
export async function declineApplication(
  deps: Deps,
  ctx: Ctx,
  id: string,
  input: DeclineApplicationInput,
): Promise<Application> {
  await deps.db.transaction().execute(async (trx) => {
    const app = await lockPending(trx, ctx, id, input.version);
    const updated = await repo.markDeclined(trx, id, {
      reviewedBy: ctx.actor.userId,
      reason: input.reason,
    });
    if (!updated) throw alreadyReviewed({ status: 'declined' });
    await audit(trx, ctx, {
      action: 'decline',
      subjectType: 'partner_application',
      subjectId: id,
      partnerId: null,
      before: { status: app.status, declineReason: null },
      after: { status: updated.status, declineReason: input.reason },
    });
    await queueEmail(trx, {
      to: app.contact_email,
      template: 'application_declined',
      data: { name: app.contact_name, businessName: app.business_name, reason: input.reason },
    });
  });
  return getApplication(deps, ctx, id);
}
