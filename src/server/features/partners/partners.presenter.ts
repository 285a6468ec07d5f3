import type { Actor } from '../../http/actor';
import type { Partner } from '../../../shared/partners';
import { canSeeNotes, partnerAbilities } from './partners.policy';
import type { PartnerListRow } from './partners.repo';

export function presentPartner(row: PartnerListRow, actor: Actor): Partner {
  return {
    id: row.id,
    companyName: row.company_name,
    legalName: row.legal_name,
    website: row.website,
    domain: row.domain,
    email: row.email,
    phone: row.phone,
    address: {
      street: row.street,
      city: row.city,
      postalCode: row.postal_code,
      region: row.region,
      countryCode: row.country_code,
    },
    type: row.partner_type,
    status: row.status,
    level:
      row.level_id && row.level_name !== null && row.level_rank !== null
        ? { id: row.level_id, name: row.level_name, rank: row.level_rank }
        : null,
    activationStage:
      row.activation_stage_id && row.stage_name !== null && row.stage_position !== null
        ? { id: row.activation_stage_id, name: row.stage_name, position: row.stage_position }
        : null,
    channelManager:
      row.channel_manager_id && row.cm_name !== null && row.cm_email !== null
        ? { id: row.channel_manager_id, name: row.cm_name, email: row.cm_email }
        : null,
    tags: row.tags,
    partnershipDate: row.partnership_date,
    lastReviewDate: row.last_review_date,
    nextReviewDate: row.next_review_date,
    slaTier: row.sla_tier,
    ...(canSeeNotes(actor) ? { notes: row.notes } : {}),
    commissionPlanId: row.commission_plan_id,
    archivedAt: row.archived_at ? row.archived_at.toISOString() : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    abilities: partnerAbilities(actor, row),
  };
}
