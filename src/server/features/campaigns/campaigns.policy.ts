import type { Actor } from '../../http/actor';

/** Vendor roles that run campaigns; partner admins run their own company's. */
export const INTERNAL_CAMPAIGN_WRITERS = ['admin', 'channel_manager', 'marketing'] as const;
export const CAMPAIGN_WRITERS = [...INTERNAL_CAMPAIGN_WRITERS, 'partner_admin'] as const;

const internalWriter = (actor: Actor) =>
  (INTERNAL_CAMPAIGN_WRITERS as readonly string[]).includes(actor.role);

export function campaignAbilities(actor: Actor, row: { partner_id: string | null }) {
  const write =
    internalWriter(actor) ||
    (actor.role === 'partner_admin' &&
      row.partner_id !== null &&
      row.partner_id === actor.partnerId);
  return { update: write, delete: write };
}

/**
 * Budget and owner are the vendor's business: partner users see them only on their own
 * company's campaigns.
 */
export const seesCampaignDetails = (actor: Actor, row: { partner_id: string | null }) =>
  actor.partnerId === null || row.partner_id === actor.partnerId;
