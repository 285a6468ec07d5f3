import type { ImportEntity } from '../../../../shared/imports';
import { accountsImporter } from './accounts';
import { consultantsImporter } from './consultants';
import { contactsImporter } from './contacts';
import { leadsImporter } from './leads';
import { partnersImporter } from './partners';
import type { EntityImporter } from './types';

/**
 * The entities that can be imported today. An entity of the contract without an importer here
 * is refused with "not importable yet" rather than half-imported.
 */
export const IMPORTERS: Partial<Record<ImportEntity, EntityImporter<never>>> = {
  leads: leadsImporter as EntityImporter<never>,
  accounts: accountsImporter as EntityImporter<never>,
  contacts: contactsImporter as EntityImporter<never>,
  partners: partnersImporter as EntityImporter<never>,
  consultants: consultantsImporter as EntityImporter<never>,
};
