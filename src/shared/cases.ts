import { z } from 'zod';
import { Abilities, ListQuery, text, Version, LIMITS } from './common';
import { many, Ref } from './accounts';

export const CASE_STATUSES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  new: 'New',
  open: 'Open',
  pending: 'Pending',
  resolved: 'Resolved',
  closed: 'Closed',
};
/** Statuses in which a case still needs work; the others stamp closed_at. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['new', 'open', 'pending'];
export const isOpenCaseStatus = (s: CaseStatus) => OPEN_CASE_STATUSES.includes(s);

export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const CasePriority = z.enum(CASE_PRIORITIES);
export type CasePriority = z.infer<typeof CasePriority>;
export const CASE_PRIORITY_LABELS: Record<CasePriority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

/** "CASE-000123": the number people quote on the phone. */
export const caseNumberLabel = (n: number) => `CASE-${String(n).padStart(6, '0')}`;

const Id = z.uuid({ message: 'must be a valid id' });

export const Case = z
  .object({
    id: z.string(),
    number: z.number(),
    reference: z.string(),
    subject: z.string(),
    description: z.string(),
    status: CaseStatus,
    priority: CasePriority,
    accountId: z.string().nullable(),
    account: Ref.nullable(),
    contactId: z.string().nullable(),
    contact: Ref.nullable(),
    managedByPartnerId: z.string().nullable(),
    managedByPartner: Ref.nullable(),
    partnerUserId: z.string().nullable(),
    partnerUser: Ref.nullable(),
    ownerId: z.string().nullable(),
    owner: Ref.nullable(),
    closedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    abilities: Abilities,
  })
  .meta({ id: 'Case' });
export type Case = z.infer<typeof Case>;

const caseFields = {
  subject: text(200, 1),
  description: text(20000).optional(),
  status: CaseStatus.optional(),
  priority: CasePriority.optional(),
  accountId: Id.nullable().optional(),
  contactId: Id.nullable().optional(),
  managedByPartnerId: Id.nullable().optional(),
  partnerUserId: Id.nullable().optional(),
  ownerId: Id.nullable().optional(),
};

export const CreateCaseInput = z.object(caseFields).strict();
export type CreateCaseInput = z.infer<typeof CreateCaseInput>;

export const UpdateCaseInput = z
  .object({ ...caseFields, subject: caseFields.subject.optional() })
  .extend({ version: Version.optional() })
  .strict();
export type UpdateCaseInput = z.infer<typeof UpdateCaseInput>;

export const CaseFilters = z.object({
  q: z.string().trim().max(LIMITS.searchMax).optional(),
  status: many(CaseStatus),
  priority: many(CasePriority),
  managedByPartnerId: many(Id),
  accountId: many(Id),
  contactId: many(Id),
  ownerId: many(Id),
  /** shorthand for the statuses that still need work */
  open: z.enum(['true', 'false']).optional(),
});
export type CaseFilters = z.infer<typeof CaseFilters>;

export const CaseListQuery = ListQuery.omit({ q: true }).extend(CaseFilters.shape);
export type CaseListQuery = z.infer<typeof CaseListQuery>;
export const CASE_SORTS = ['createdAt', 'updatedAt', 'number', 'subject'] as const;
