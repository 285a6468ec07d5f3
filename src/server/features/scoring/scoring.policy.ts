/**
 * Channel managers read the model to understand why leads are rated as they are; marketing
 * owns it together with admins. Every lead reader sees a lead's own score breakdown.
 */
export const SCORING_READERS = ['admin', 'channel_manager', 'marketing'] as const;
export const SCORING_EDITORS = ['admin', 'marketing'] as const;
