import type { Actor } from '../../http/actor';
import { leadNumberLabel, type Lead } from '../../../shared/leads';
import type { CompanySize } from '../../../shared/accounts';
import { leadAbilities } from './leads.policy';
import type { LeadRow } from './leads.repo';

const ref = (id: string | null, name: string | null | undefined) =>
  id && name != null ? { id, name } : null;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The API shape of a lead, with what the caller may do to it. */
export function presentLead(r: LeadRow, actor: Pick<Actor, 'role'>): Lead {
  const converted = r.converted_at !== null || r.status_kind === 'converted';
  return {
    id: r.id,
    number: r.number,
    reference: leadNumberLabel(r.number),
    name: `${r.first_name} ${r.last_name}`,
    company: r.company,
    firstName: r.first_name,
    lastName: r.last_name,
    jobTitle: r.job_title,
    email: r.email,
    phone: r.phone,
    website: r.website,
    power: r.power,
    statusId: r.status_id,
    status: { id: r.status_id, key: r.status_key, label: r.status_label, kind: r.status_kind },
    source: r.source,
    rating: r.rating,
    ratingManual: r.rating_manual,
    score: r.score,
    estimatedValue: r.estimated_value,
    currency: r.currency,
    industry: r.industry,
    companySize: r.company_size as CompanySize | null,
    countryCode: r.country_code,
    region: r.region,
    city: r.city,
    postalCode: r.postal_code,
    productInterest: r.product_interest,
    description: r.description,
    ownerId: r.owner_id,
    owner: ref(r.owner_id, r.owner_name),
    partnerId: r.partner_id,
    partner: ref(r.partner_id, r.partner_name),
    partnerUserId: r.partner_user_id,
    partnerUser: ref(r.partner_user_id, r.partner_user_name),
    referrerId: r.referrer_id,
    referrer: ref(r.referrer_id, r.referrer_name),
    campaignId: r.campaign_id,
    campaign: ref(r.campaign_id, r.campaign_name),
    createdByPartner: r.created_by_partner,
    clonedFromId: r.cloned_from_id,
    convertedAt: iso(r.converted_at),
    convertedAccount: ref(r.converted_account_id, r.converted_account_name),
    convertedContact: ref(r.converted_contact_id, r.converted_contact_name),
    convertedOpportunity: ref(r.converted_opportunity_id, r.converted_opportunity_name),
    following: Boolean(r.following),
    lastActivityAt: iso(r.last_activity_at),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
    abilities: leadAbilities(actor, { converted }),
  };
}
