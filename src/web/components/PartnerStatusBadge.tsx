import { Badge } from '@mantine/core';
import { PARTNER_STATUS_COLORS, PARTNER_STATUS_LABELS } from '../lib/format';
import type { PartnerStatus } from '../lib/types';

export function PartnerStatusBadge({ status }: { status: PartnerStatus }) {
  return (
    <Badge
      color={PARTNER_STATUS_COLORS[status] ?? 'gray'}
      variant="light"
      radius="sm"
      // Never cut to "APPL…" in a narrow table column.
      miw="max-content"
    >
      {PARTNER_STATUS_LABELS[status] ?? status}
    </Badge>
  );
}
