import {
  IMPORT_ENTITIES,
  IMPORT_ENTITY_LABELS,
  type ImportEntity,
  type ImportMatchBy,
  type ImportMode,
  type ImportStatus,
} from '../../../shared/imports';

export { IMPORT_ENTITIES, IMPORT_ENTITY_LABELS };

export { importableEntities } from './access';

export const isImportEntity = (v: unknown): v is ImportEntity =>
  typeof v === 'string' && (IMPORT_ENTITIES as readonly string[]).includes(v);

export const ENTITY_DESCRIPTIONS: Record<ImportEntity, string> = {
  leads: 'People who may buy: from a trade show, a purchased list or another CRM.',
  accounts: 'Customer companies, with their address and industry.',
  contacts: 'People at customer companies.',
  partners: 'Reseller, distributor and referral companies in the channel.',
  consultants: 'The people who work at your partners.',
};

/** The singular, for sentences such as "1 lead". */
export const ENTITY_NOUN: Record<ImportEntity, string> = {
  leads: 'lead',
  accounts: 'account',
  contacts: 'contact',
  partners: 'partner',
  consultants: 'consultant',
};

export const MODE_LABELS: Record<ImportMode, string> = {
  add: 'Add new records',
  update: 'Update existing records',
  upsert: 'Add new and update existing records',
};

export const MODE_DESCRIPTIONS: Record<ImportMode, string> = {
  add: 'Rows that match a record you already have are skipped.',
  update: 'Only records you already have change; rows without a match are skipped.',
  upsert: 'Matching records are updated, the others are created.',
};

export function matchByLabel(entity: ImportEntity, matchBy: ImportMatchBy): string {
  if (matchBy === 'email') return 'Email';
  if (matchBy === 'external_id') return 'An id column from the file';
  if (entity === 'accounts' || entity === 'partners') return 'Company name';
  if (entity === 'consultants') return 'Name + partner';
  return 'Name + company';
}

export function matchByDescription(entity: ImportEntity, matchBy: ImportMatchBy): string {
  if (matchBy === 'email')
    return entity === 'consultants'
      ? 'The same email address at the same partner is the same person.'
      : 'Two rows with the same email address are the same record.';
  if (matchBy === 'external_id')
    return 'The id your other system gives each record. Importing the same ids again updates instead of duplicating.';
  if (entity === 'accounts' || entity === 'partners')
    return 'Records with the same company name are the same record.';
  if (entity === 'consultants') return 'The same first and last name at the same partner.';
  return 'The same first and last name at the same company.';
}

/** Accounts have no email of their own to match on; a partner is found by name first. */
export const matchByChoices = (entity: ImportEntity): ImportMatchBy[] =>
  entity === 'accounts'
    ? ['name_company', 'external_id']
    : entity === 'partners'
      ? ['name_company', 'email', 'external_id']
      : ['email', 'name_company', 'external_id'];

export const STATUS_LABELS: Record<ImportStatus, string> = {
  uploaded: 'Uploaded',
  previewing: 'Previewing',
  previewed: 'Previewed',
  queued: 'Queued',
  running: 'Importing',
  done: 'Imported',
  failed: 'Failed',
  undoing: 'Undoing',
  undone: 'Undone',
};

export const STATUS_COLORS: Record<ImportStatus, string> = {
  uploaded: 'gray',
  previewing: 'blue',
  previewed: 'cyan',
  queued: 'blue',
  running: 'blue',
  done: 'teal',
  failed: 'red',
  undoing: 'orange',
  undone: 'gray',
};
