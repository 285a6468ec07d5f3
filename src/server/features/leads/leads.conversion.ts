import type { Deps } from '../../deps';
import { scopeOf, type Ctx } from '../../http/actor';
import { AppError, conflict, forbidden, notFound, validation } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { isPartnerRole } from '../../../shared/roles';
import { domainOf } from '../../../shared/partners';
import type { CompanySize } from '../../../shared/accounts';
import { OPPORTUNITY_SOURCE_LABELS } from '../../../shared/opportunities';
import {
  leadNumberLabel,
  type ConversionCandidates,
  type ConvertLeadInput,
} from '../../../shared/leads';
import { audit } from '../history/audit';
import { notifyFollowers } from '../follows/follows.service';
import { findAccount, insertAccount } from '../accounts/accounts.repo';
import { findContact, insertContact } from '../accounts/contacts.repo';
import { canWriteLeads } from './leads.policy';
import * as repo from './leads.repo';
import {
  getLead,
  isConverted,
  loadRefs,
  pickLabel,
  recordOf,
  summarize,
  unscoped,
} from './leads.service';

// ---------------------------------------------------------------------------------------------
// Matching a lead to the customers that may already exist

/** Mailbox providers: a shared domain says nothing about the company. */
const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.co.uk',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'gmx.de',
  'gmx.net',
  'gmx.com',
  'web.de',
  't-online.de',
  'proton.me',
  'protonmail.com',
  'mail.com',
  'yandex.com',
  'zoho.com',
]);

const companyDomain = (d: string | null | undefined) =>
  d && !FREE_MAIL.has(d.toLowerCase()) ? d.toLowerCase() : null;

export const emailDomain = (email: string) => companyDomain(email.split('@')[1]);

const LEGAL_SUFFIXES = [
  'gmbh',
  'ag',
  'kg',
  'ltd',
  'limited',
  'inc',
  'corp',
  'corporation',
  'llc',
  'plc',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'ab',
  'oy',
  'co',
];
const SUFFIX = new RegExp(`(?:[\\s,]+(?:${LEGAL_SUFFIXES.join('|')})\\.?|[\\s,&]+)$`);

/** "Acme Widgets GmbH & Co. KG" → "acme widgets": the name without its legal form. */
export function baseCompanyName(name: string): string {
  let s = name.toLowerCase().trim().replace(/\s+/g, ' ');
  for (let prev = ''; prev !== s;) {
    prev = s;
    s = s.replace(SUFFIX, '').trim();
  }
  return s;
}

/**
 * The lower-case names an account of the same company is likely stored under, so the match is
 * an equality the name index answers rather than a scan of every account.
 */
function nameVariants(base: string): string[] {
  const out = new Set([base]);
  for (const x of LEGAL_SUFFIXES) {
    for (const form of [` ${x}`, ` ${x}.`, `, ${x}`, `, ${x}.`]) out.add(`${base}${form}`);
  }
  return [...out];
}

const MAX_CANDIDATES = 10;

export async function conversionCandidates(
  deps: Deps,
  ctx: Ctx,
  id: string,
): Promise<ConversionCandidates> {
  const scope = scopeOf(ctx.actor);
  const lead = await repo.findLead(deps.db, scope, id);
  if (!lead) throw notFound('Lead');
  const byEmail = emailDomain(lead.email);
  const byWebsite = companyDomain(domainOf(lead.website));
  const base = baseCompanyName(lead.company);
  const [accounts, contacts] = await Promise.all([
    repo.accountMatches(deps.db, scope, {
      domains: [...new Set([byEmail, byWebsite].filter((d): d is string => d !== null))],
      names: base ? nameVariants(base) : [],
    }),
    repo.contactMatches(deps.db, scope, { email: lead.email.toLowerCase(), domain: byEmail }),
  ]);

  const found = new Map<
    string,
    { id: string; name: string; domain: string | null; why: string[] }
  >();
  for (const a of accounts) {
    const why: string[] = [];
    const d = a.domain?.toLowerCase() ?? null;
    if (d && d === byEmail) why.push('email domain');
    if (d && d === byWebsite) why.push('website domain');
    if (base && baseCompanyName(a.name) === base) why.push('company name');
    if (why.length) found.set(a.id, { id: a.id, name: a.name, domain: a.domain, why });
  }
  // The account of a contact with the lead's very email is the strongest hint of all.
  for (const c of contacts.filter((x) => x.same_email)) {
    const known = found.get(c.account_id);
    if (known) known.why.unshift('contact email');
    else
      found.set(c.account_id, {
        id: c.account_id,
        name: c.account_name,
        domain: c.account_domain,
        why: ['contact email'],
      });
  }
  const strength = (why: string[]) =>
    (why.includes('contact email') ? 8 : 0) +
    (why.includes('email domain') ? 4 : 0) +
    (why.includes('website domain') ? 2 : 0) +
    (why.includes('company name') ? 1 : 0);
  return {
    accounts: [...found.values()]
      .sort((a, b) => strength(b.why) - strength(a.why) || a.name.localeCompare(b.name))
      .slice(0, MAX_CANDIDATES)
      .map((a) => ({ id: a.id, name: a.name, domain: a.domain, reason: a.why.join(', ') })),
    contacts: contacts.slice(0, MAX_CANDIDATES).map((c) => ({
      id: c.id,
      name: `${c.first_name} ${c.last_name}`,
      email: c.email,
      accountId: c.account_id,
      accountName: c.account_name,
      reason: c.same_email ? 'same email' : 'same email domain',
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Converting

/**
 * Converts the lead in one transaction: the lead row is locked first, so of two conversions
 * started together one waits for the other and then finds the lead converted (409). Account and
 * contact are reused (when the caller may see them) or created from the lead; the opportunity
 * is optional. Partner, partner rep, referrer and campaign carry over.
 */
export async function convertLead(deps: Deps, ctx: Ctx, id: string, input: ConvertLeadInput) {
  const actor = ctx.actor;
  if (!canWriteLeads(actor)) throw forbidden('Your role does not allow converting leads');
  const scope = scopeOf(actor);
  const out = await deps.db.transaction().execute(async (trx) => {
    if (!(await repo.lockLead(trx, scope, id))) throw notFound('Lead');
    const lead = (await repo.findLead(trx, scope, id))!;
    if (isConverted(lead)) throw conflict('This lead was already converted');
    if (lead.version !== input.version) throw staleVersion('lead');
    const refs = await loadRefs(trx);
    const convertedStatus = refs.statuses.find((s) => s.kind === 'converted');
    if (!convertedStatus)
      throw new AppError('BUSINESS_RULE', 'No converted status is configured for leads');

    const fields: Record<string, string> = {};
    const account =
      input.account.mode === 'existing'
        ? await findAccount(trx, scope, input.account.id)
        : undefined;
    if (input.account.mode === 'existing' && !account) fields.account = 'No such account';
    const contact =
      input.contact.mode === 'existing'
        ? await findContact(trx, scope, input.contact.id)
        : undefined;
    if (input.contact.mode === 'existing' && !contact) fields.contact = 'No such contact';

    const o = input.opportunity;
    const stage = o
      ? o.stageId
        ? await repo.stageById(trx, o.stageId)
        : await repo.firstOpenStage(trx)
      : undefined;
    const currency = o ? (o.currency ?? lead.currency) : lead.currency;
    if (o) {
      if (!stage)
        fields['opportunity.stageId'] = o.stageId ? 'No such stage' : 'No open stage is configured';
      else if (stage.kind !== 'open') fields['opportunity.stageId'] = 'must be an open stage';
      if (!refs.currencies.has(currency))
        fields['opportunity.currency'] = 'is not a configured currency';
    }
    if (Object.keys(fields).length) throw validation(fields);
    if (contact && contact.account_id !== account?.id) {
      throw new AppError('BUSINESS_RULE', 'The contact does not work at the chosen account', {
        contact: 'must be a contact of the chosen account',
      });
    }

    const reference = leadNumberLabel(lead.number);
    const partnerId = lead.partner_id;

    let accountId: string;
    let accountName: string;
    if (account) {
      accountId = account.id;
      accountName = account.name;
    } else {
      const values = {
        name: (input.account.mode === 'new' && input.account.name) || lead.company,
        domain: companyDomain(domainOf(lead.website)) ?? emailDomain(lead.email),
        industry: pickLabel(refs, 'industry', lead.industry),
        company_size: lead.company_size as CompanySize | null,
        country_code: lead.country_code,
        managed_by_partner_id: partnerId,
        partner_user_id: lead.partner_user_id,
        owner_id: lead.owner_id,
      };
      accountId = (await insertAccount(trx, values)).id;
      accountName = values.name;
      await audit(trx, ctx, {
        action: 'account.created',
        subjectType: 'account',
        subjectId: accountId,
        partnerId,
        after: {
          name: values.name,
          domain: values.domain,
          industry: values.industry,
          companySize: values.company_size,
          countryCode: values.country_code,
          managedByPartnerId: values.managed_by_partner_id,
          partnerUserId: values.partner_user_id,
          ownerId: values.owner_id,
          convertedFrom: reference,
        },
      });
    }

    let contactId: string;
    let contactName: string;
    if (contact) {
      contactId = contact.id;
      contactName = `${contact.first_name} ${contact.last_name}`;
    } else {
      const values = {
        account_id: accountId,
        first_name: lead.first_name,
        last_name: lead.last_name,
        email: lead.email,
        phone: lead.phone,
        job_title: pickLabel(refs, 'job_title', lead.job_title),
      };
      contactId = (await insertContact(trx, values)).id;
      contactName = `${values.first_name} ${values.last_name}`;
      await audit(trx, ctx, {
        action: 'contact.created',
        subjectType: 'contact',
        subjectId: contactId,
        partnerId,
        after: {
          accountId,
          firstName: values.first_name,
          lastName: values.last_name,
          email: values.email,
          phone: values.phone,
          jobTitle: values.job_title,
          convertedFrom: reference,
        },
      });
    }

    let opportunityId: string | null = null;
    if (o && stage) {
      const source = lead.created_by_partner
        ? 'partner_registered'
        : partnerId
          ? 'vendor_routed'
          : 'direct';
      const values = {
        name: o.name,
        account_id: accountId,
        contact_id: contactId,
        stage_id: stage.id,
        amount: o.amount ?? null,
        currency,
        close_date: o.closeDate,
        owner_id: lead.owner_id,
        source,
        partner_id: partnerId,
        partner_user_id: lead.partner_user_id,
        referrer_id: lead.referrer_id,
        campaign_id: lead.campaign_id,
        lead_id: lead.id,
        created_by: actor.userId,
        created_by_partner: isPartnerRole(actor.role),
      } as const;
      opportunityId = (await repo.insertOpportunity(trx, values)).id;
      if (partnerId) await repo.insertSourcingPartner(trx, opportunityId, partnerId);
      await audit(trx, ctx, {
        action: 'opportunity.created',
        subjectType: 'opportunity',
        subjectId: opportunityId,
        partnerId,
        after: {
          name: values.name,
          account: accountName,
          contact: contactName,
          stage: stage.label,
          amount: values.amount,
          currency,
          closeDate: values.close_date,
          owner: lead.owner_name,
          source: OPPORTUNITY_SOURCE_LABELS[source],
          partner: lead.partner_name,
          partnerUser: lead.partner_user_name,
          referrer: lead.referrer_name,
          campaign: lead.campaign_name,
          partners: partnerId ? [`${lead.partner_name} (Sourcing)`] : [],
          convertedFrom: reference,
        },
      });
    }

    const updated = await repo.updateLeadVersioned(trx, lead.id, lead.version, {
      status_id: convertedStatus.id,
      converted_at: new Date(),
      converted_by: actor.userId,
      converted_account_id: accountId,
      converted_contact_id: contactId,
      converted_opportunity_id: opportunityId,
    });
    if (!updated) throw staleVersion('lead');
    const after = (await repo.findLead(trx, unscoped(actor), lead.id))!;
    const changes = {
      status: { from: lead.status_label, to: convertedStatus.label },
      convertedAccount: { from: null, to: accountName },
      convertedContact: { from: null, to: contactName },
      ...(opportunityId ? { convertedOpportunity: { from: null, to: o!.name } } : {}),
    };
    await audit(trx, ctx, {
      action: 'lead.converted',
      subjectType: 'lead',
      subjectId: lead.id,
      partnerId,
      changes,
    });
    await notifyFollowers(trx, recordOf(after), actor, summarize(changes));
    return { accountId, contactId, opportunityId };
  });
  return { lead: await getLead(deps, ctx, id), ...out };
}
