import { PARTNER_STATUS_LABELS } from '../../lib/format';
import { PARTNER_STATUSES } from '../../lib/types';

export const STATUS_OPTIONS = PARTNER_STATUSES.map((s) => ({
  value: s,
  label: PARTNER_STATUS_LABELS[s],
}));
