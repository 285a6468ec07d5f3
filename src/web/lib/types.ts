import type { z } from 'zod';
import type { Me as MeSchema } from '../../shared/auth';
import type { DashboardSummary as DashboardSummarySchema } from '../../shared/dashboard';
import type { HistoryEvent } from '../../shared/history';
import type { Partner as PartnerSchema } from '../../shared/partners';
import type {
  ApiToken as ApiTokenSchema,
  CreatedApiToken as CreatedSchema,
} from '../../shared/tokens';
import type { User as UserSchema } from '../../shared/users';

/**
 * Response shapes as the web app reads them, inferred from the schemas the server validates its
 * responses with, so a contract change shows up here as a type error. Type-only imports: none of
 * the schema code ends up in the browser bundle through this file.
 */

export type { Role } from '../../shared/role-names';
export { PARTNER_STATUSES } from '../../shared/partners';

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export type Me = z.infer<typeof MeSchema>;
export type Partner = z.infer<typeof PartnerSchema>;
export type PartnerStatus = Partner['status'];
export type User = z.infer<typeof UserSchema>;
export type ApiToken = z.infer<typeof ApiTokenSchema>;
export type CreatedApiToken = z.infer<typeof CreatedSchema>;
export type AuditEvent = HistoryEvent;
export type FieldChange = AuditEvent['changes'][string];
export type DashboardSummary = z.infer<typeof DashboardSummarySchema>;
