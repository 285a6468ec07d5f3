import { z } from 'zod';
import { Abilities, ListQuery, text, Version, LIMITS } from './common';
import { CountryCode, domainOf } from './partners';

// End customers (accounts) and their people (contacts). An account may be managed by a partner
// and, within it, by one partner user; contacts are always read through their account's scope.

export const COMPANY_SIZES = ['1-10', '11-50', '51-200', '201-1000', '1001-5000', '5000+'] as const;
export const CompanySize = z.enum(COMPANY_SIZES);
export type CompanySize = z.infer<typeof CompanySize>;
export const COMPANY_SIZE_LABELS: Record<CompanySize, string> = {
  '1-10': '1–10 employees',
  '11-50': '11–50 employees',
  '51-200': '51–200 employees',
  '201-1000': '201–1,000 employees',
  '1001-5000': '1,001–5,000 employees',
  '5000+': 'More than 5,000 employees',
};

const Id = z.uuid({ message: 'must be a valid id' });

/** Repeated query parameters arrive as arrays, single ones as strings; both become arrays. */
export const many = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? undefined : typeof v === 'string' ? v.split(',') : v),
    z.array(item).max(50).optional(),
  );

/** Optional text: empty strings clear the field (stored as null). */
export const optText = (max: number) =>
  text(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

/** "https://www.acme.com/about" or "acme.com" → "acme.com"; empty clears. */
const Domain = text(253)
  .refine((s) => s === '' || domainOf(s) !== null, 'must be a domain like example.com')
  .transform((s) => (s === '' ? null : domainOf(s)))
  .nullable()
  .optional();

const OptEmail = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .refine((s) => s === '' || z.email().safeParse(s).success, 'must be a valid email address')
  .transform((s) => (s === '' ? null : s.toLowerCase()))
  .nullable()
  .optional();

export const Ref = z.object({ id: z.string(), name: z.string() });

// ---------------------------------------------------------------------------------------------
// Accounts

export const Account = z
  .object({
    id: z.string(),
    name: z.string(),
    domain: z.string().nullable(),
    industry: z.string().nullable(),
    companySize: CompanySize.nullable(),
    countryCode: z.string().nullable(),
    managedByPartnerId: z.string().nullable(),
    managedByPartner: Ref.nullable(),
    partnerUserId: z.string().nullable(),
    partnerUser: Ref.nullable(),
    ownerId: z.string().nullable(),
    owner: Ref.nullable(),
    contactCount: z.number(),
    openCaseCount: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    abilities: Abilities,
  })
  .meta({ id: 'Account' });
export type Account = z.infer<typeof Account>;

const accountFields = {
  name: text(LIMITS.nameMax, 1),
  domain: Domain,
  industry: optText(100),
  companySize: CompanySize.nullable().optional(),
  countryCode: CountryCode.nullable().optional(),
  managedByPartnerId: Id.nullable().optional(),
  partnerUserId: Id.nullable().optional(),
  ownerId: Id.nullable().optional(),
};

export const CreateAccountInput = z.object(accountFields).strict();
export type CreateAccountInput = z.infer<typeof CreateAccountInput>;

export const UpdateAccountInput = z
  .object({ ...accountFields, name: accountFields.name.optional() })
  .extend({ version: Version.optional() })
  .strict();
export type UpdateAccountInput = z.infer<typeof UpdateAccountInput>;

export const AccountFilters = z.object({
  q: z.string().trim().max(LIMITS.searchMax).optional(),
  managedByPartnerId: many(Id),
  industry: many(text(100, 1)),
  companySize: many(CompanySize),
  countryCode: many(CountryCode),
  ownerId: many(Id),
});
export type AccountFilters = z.infer<typeof AccountFilters>;

export const AccountListQuery = ListQuery.omit({ q: true }).extend(AccountFilters.shape);
export type AccountListQuery = z.infer<typeof AccountListQuery>;
export const ACCOUNT_SORTS = [
  'name',
  'createdAt',
  'updatedAt',
  'industry',
  'countryCode',
  'domain',
] as const;

export const RecordCount = z.object({ count: z.number() }).meta({ id: 'RecordCount' });

// ---------------------------------------------------------------------------------------------
// Contacts

export const Contact = z
  .object({
    id: z.string(),
    accountId: z.string(),
    account: Ref,
    firstName: z.string(),
    lastName: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    jobTitle: z.string().nullable(),
    ownerId: z.string().nullable(),
    owner: Ref.nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    abilities: Abilities,
  })
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof Contact>;

const contactFields = {
  accountId: Id,
  firstName: text(100, 1),
  lastName: text(100, 1),
  email: OptEmail,
  phone: optText(50),
  jobTitle: optText(200),
  ownerId: Id.nullable().optional(),
};

export const CreateContactInput = z.object(contactFields).strict();
export type CreateContactInput = z.infer<typeof CreateContactInput>;

/** A contact stays with its account; moving people between customers is a new contact. */
export const UpdateContactInput = z
  .object({
    firstName: contactFields.firstName.optional(),
    lastName: contactFields.lastName.optional(),
    email: contactFields.email,
    phone: contactFields.phone,
    jobTitle: contactFields.jobTitle,
    ownerId: contactFields.ownerId,
    version: Version.optional(),
  })
  .strict();
export type UpdateContactInput = z.infer<typeof UpdateContactInput>;

export const ContactListQuery = ListQuery.extend({ accountId: Id.optional() });
export type ContactListQuery = z.infer<typeof ContactListQuery>;
export const CONTACT_SORTS = ['lastName', 'firstName', 'email', 'createdAt'] as const;
