import { Badge, Text, type BadgeProps } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import {
  DEAL_PARTNER_ROLE_LABELS,
  OPPORTUNITY_SOURCE_LABELS,
  OPPORTUNITY_SOURCES,
  PARTNER_ROLES_ON_DEAL,
  type DealPartnerRole,
} from '../../../shared/opportunities';
import type { Opportunity } from './api';

// Date-only values are formatted the same way for leads and deals.
export { formatDay } from '../leads/format';
import { formatDay } from '../leads/format';

export { formatMoney } from '../../lib/format';

export const todayIso = () => new Date().toISOString().slice(0, 10);

/** An open deal whose close date has passed needs a new date or a decision. */
export const isOverdue = (o: Pick<Opportunity, 'closeDate' | 'stage'>) =>
  o.stage.kind === 'open' && o.closeDate < todayIso();

export const STAGE_KIND_COLORS = { open: 'blue', won: 'teal', lost: 'gray' } as const;
export const STAGE_KIND_LABELS = { open: 'Open', won: 'Won', lost: 'Lost' } as const;

export function StageBadge({
  stage,
  ...props
}: { stage: Opportunity['stage'] } & Omit<BadgeProps, 'children'>) {
  return (
    <Badge
      variant="light"
      color={STAGE_KIND_COLORS[stage.kind]}
      tt="none"
      fw={600}
      miw="max-content"
      {...props}
    >
      {stage.label}
      {stage.kind === 'open' ? ` · ${stage.probability}%` : ''}
    </Badge>
  );
}

export const ROLE_COLORS: Record<DealPartnerRole, string> = {
  sourcing: 'grape',
  influencing: 'cyan',
  implementing: 'orange',
};

export function RoleBadge({ role }: { role: DealPartnerRole }) {
  return (
    <Badge size="xs" variant="light" color={ROLE_COLORS[role]} tt="none" miw="max-content">
      {DEAL_PARTNER_ROLE_LABELS[role]}
    </Badge>
  );
}

export const SOURCE_OPTIONS = OPPORTUNITY_SOURCES.map((s) => ({
  value: s,
  label: OPPORTUNITY_SOURCE_LABELS[s],
}));
export const ROLE_OPTIONS = PARTNER_ROLES_ON_DEAL.map((r) => ({
  value: r,
  label: DEAL_PARTNER_ROLE_LABELS[r],
}));

export function CloseDate({
  o,
  size = 'sm',
}: {
  o: Pick<Opportunity, 'closeDate' | 'stage'>;
  size?: 'xs' | 'sm';
}) {
  const overdue = isOverdue(o);
  return (
    <Text
      span
      size={size}
      title={overdue ? 'The close date has passed and the deal is still open' : undefined}
      c={overdue ? 'red' : undefined}
      fw={overdue ? 600 : undefined}
    >
      {/* The date stays whole; "overdue" may wrap below it in a narrow cell. */}
      <span style={{ whiteSpace: 'nowrap' }}>{formatDay(o.closeDate)}</span>
      {overdue &&
        (size === 'xs' ? (
          <IconAlertTriangle
            size={12}
            aria-label="overdue"
            role="img"
            style={{ marginLeft: 4, verticalAlign: -1 }}
          />
        ) : (
          ' · overdue'
        ))}
    </Text>
  );
}
