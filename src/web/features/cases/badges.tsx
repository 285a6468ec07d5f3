import { Badge } from '@mantine/core';
import {
  CASE_PRIORITY_LABELS,
  CASE_STATUS_LABELS,
  type CasePriority,
  type CaseStatus,
} from '../../../shared/cases';

export const CASE_STATUS_COLORS: Record<CaseStatus, string> = {
  new: 'blue',
  open: 'indigo',
  pending: 'yellow',
  resolved: 'teal',
  closed: 'gray',
};

export const CASE_PRIORITY_COLORS: Record<CasePriority, string> = {
  low: 'gray',
  normal: 'blue',
  high: 'orange',
  urgent: 'red',
};

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  return (
    <Badge color={CASE_STATUS_COLORS[status]} variant="light" radius="sm">
      {CASE_STATUS_LABELS[status]}
    </Badge>
  );
}

export function CasePriorityBadge({ priority }: { priority: CasePriority }) {
  return (
    <Badge color={CASE_PRIORITY_COLORS[priority]} variant="outline" radius="sm">
      {CASE_PRIORITY_LABELS[priority]}
    </Badge>
  );
}
