/**
 * Suggesting which import field each column of a file fills. Headers and field names are
 * compared after `normalizeHeader` with the spaces taken out, so "First Name", "first_name",
 * "firstName" and "FIRST-NAME" are the same; "Geschätzter Umsatz" also matches
 * "Geschaetzter Umsatz" (ä/ö/ü are tried both as a/o/u and as ae/oe/ue).
 *
 * Strength of a match, best first:
 *   100  the field's key or label
 *    90  one of the field's own synonyms
 *    80  a common export name for the field in the table below (Salesforce, HubSpot, German
 *        and French spreadsheets …)
 *    70  a weaker export name (a "Mobile" column for a field that is just "Phone")
 *    40  every word of the field's label is in the header ("Lead Status" → Status), minus one
 *        point per extra word, at most two extra words
 * Each field takes at most one column: the strongest match wins, and between equal ones the
 * column further left. Columns without a match map to null.
 */

export type MappableField = { key: string; label: string; synonyms: string[] };

const SPECIAL: Record<string, string> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'TH',
  ı: 'i',
};
const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL).join('')}]`, 'g');

/**
 * A header as words: accents removed (é → e, ä → a, ß → ss), camelCase and snake_case split,
 * punctuation turned into spaces, lower case, single spaces: "Geschätzter_Umsatz" →
 * "geschatzter umsatz", "leadSourceID" → "lead source id", "E-Mail" → "e mail".
 */
export function normalizeHeader(s: string): string {
  return s
    .replace(SPECIAL_RE, (c) => SPECIAL[c]!)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/(\p{Ll}|\d)(\p{Lu})/gu, '$1 $2')
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const compact = (s: string) => normalizeHeader(s).replaceAll(' ', '');

/** German umlauts written out: "Geschätzter" → "Geschaetzter". */
const umlautsOut = (s: string) =>
  s.replace(/[äöüÄÖÜ]/g, (c) => ({ ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue' })[c]!);

/** The compact forms a name is compared by: with umlauts dropped to a/o/u and written out. */
const forms = (s: string) => new Set([compact(s), compact(umlautsOut(s))].filter(Boolean));

/**
 * Common column names of CRM exports and spreadsheets, by what they hold. A concept applies to a
 * field whose key or label (compacted) is one of `fields`.
 */
const CONCEPTS: { fields: string[]; names: string[]; weak?: string[] }[] = [
  {
    fields: ['company', 'companyname', 'account', 'accountname', 'organization', 'organisation'],
    names: [
      'Company',
      'Company Name',
      'Account',
      'Account Name',
      'Organization',
      'Organisation',
      'Organization Name',
      'Business Name',
      'Firma',
      'Firmenname',
      'Unternehmen',
      'Unternehmensname',
      'Société',
      'Entreprise',
      'Empresa',
      'Azienda',
    ],
  },
  {
    fields: ['firstname', 'givenname'],
    names: ['First Name', 'Given Name', 'Forename', 'Vorname', 'Prénom', 'Nombre', 'Nome', 'FName'],
  },
  {
    fields: ['lastname', 'surname', 'familyname'],
    names: [
      'Last Name',
      'Surname',
      'Family Name',
      'Nachname',
      'Familienname',
      'Nom',
      'Nom de famille',
      'Apellido',
      'Apellidos',
      'Cognome',
      'LName',
    ],
  },
  {
    fields: ['name', 'fullname', 'contactname'],
    names: ['Full Name', 'Name', 'Contact Name', 'Contact', 'Kontakt', 'Ansprechpartner'],
  },
  {
    fields: ['email', 'emailaddress', 'mail'],
    names: [
      'Email',
      'E-Mail',
      'Email Address',
      'E-Mail-Adresse',
      'E-Mail Adresse',
      'Mail',
      'Mailadresse',
      'Primary Email',
      'Work Email',
      'Business Email',
      'Courriel',
      'Adresse e-mail',
      'Correo electrónico',
    ],
  },
  {
    fields: ['phone', 'phonenumber', 'telephone', 'businessphone', 'workphone'],
    names: [
      'Phone',
      'Phone Number',
      'Business Phone',
      'Work Phone',
      'Office Phone',
      'Telephone',
      'Telefon',
      'Telefonnummer',
      'Tel',
      'Téléphone',
      'Teléfono',
      'Telefono',
    ],
    weak: [
      'Mobile',
      'Mobile Phone',
      'Mobile Phone Number',
      'Cell',
      'Cell Phone',
      'Mobiltelefon',
      'Mobil',
      'Handy',
    ],
  },
  {
    fields: ['mobile', 'mobilephone', 'cellphone', 'mobilephonenumber'],
    names: [
      'Mobile',
      'Mobile Phone',
      'Mobile Phone Number',
      'Cell',
      'Cell Phone',
      'Mobiltelefon',
      'Mobil',
      'Handy',
      'Handynummer',
      'Portable',
    ],
  },
  {
    fields: ['jobtitle', 'title', 'position', 'role'],
    names: [
      'Title',
      'Job Title',
      'Position',
      'Job Position',
      'Role',
      'Job Role',
      'Funktion',
      'Berufsbezeichnung',
      'Jobtitel',
      'Stellung',
      'Poste',
      'Fonction',
      'Cargo',
    ],
  },
  {
    fields: ['website', 'url', 'web', 'domain', 'homepage'],
    names: [
      'Website',
      'Web Site',
      'Website URL',
      'URL',
      'Homepage',
      'Webseite',
      'Internetseite',
      'Domain',
      'Company Domain Name',
      'Site web',
    ],
  },
  {
    fields: ['street', 'address', 'streetaddress', 'addressline1', 'address1'],
    names: [
      'Street',
      'Street Address',
      'Address',
      'Address 1',
      'Address Line 1',
      'Straße',
      'Strasse',
      'Adresse',
      'Anschrift',
      'Rue',
      'Calle',
    ],
  },
  {
    fields: ['city', 'town'],
    names: ['City', 'Town', 'Stadt', 'Ort', 'Wohnort', 'Ville', 'Ciudad', 'Città'],
  },
  {
    fields: ['postalcode', 'zip', 'zipcode', 'postcode'],
    names: [
      'Postal Code',
      'Zip',
      'ZIP Code',
      'Zip/Postal Code',
      'Postcode',
      'Post Code',
      'PLZ',
      'Postleitzahl',
      'Code postal',
      'Código postal',
      'CAP',
    ],
  },
  {
    fields: ['region', 'state', 'province', 'stateprovince'],
    names: [
      'State',
      'State/Province',
      'State/Region',
      'Province',
      'Region',
      'Bundesland',
      'Kanton',
      'Provinz',
      'Département',
    ],
  },
  {
    fields: ['countrycode', 'country', 'countryname'],
    names: [
      'Country',
      'Country/Region',
      'Country Code',
      'Country Name',
      'Land',
      'Ländercode',
      'Pays',
      'País',
      'Paese',
    ],
  },
  {
    fields: ['status', 'leadstatus'],
    names: ['Lead Status', 'Status', 'Lead-Status', 'Statut'],
  },
  {
    fields: ['source', 'leadsource'],
    names: [
      'Lead Source',
      'Source',
      'Original Source',
      'Lead-Quelle',
      'Leadquelle',
      'Quelle',
      'Herkunft',
      'Origine',
      'Fuente',
    ],
  },
  {
    fields: ['rating', 'leadrating'],
    names: ['Rating', 'Lead Rating', 'Bewertung', 'Einstufung'],
  },
  {
    fields: ['estimatedvalue', 'expectedrevenue', 'dealvalue', 'value', 'potential'],
    names: [
      'Estimated Value',
      'Geschätzter Umsatz',
      'Geschätzter Wert',
      'Erwarteter Umsatz',
      'Umsatzpotenzial',
      'Potenzial',
      'Expected Revenue',
      'Deal Value',
      'Potential Value',
      'Valeur estimée',
    ],
  },
  {
    fields: ['annualrevenue', 'revenue'],
    names: ['Annual Revenue', 'Revenue', 'Jahresumsatz', 'Umsatz', "Chiffre d'affaires"],
  },
  {
    fields: ['amount', 'dealamount'],
    names: ['Amount', 'Deal Amount', 'Betrag', 'Montant', 'Importe'],
  },
  {
    fields: ['companysize', 'employees', 'numberofemployees', 'employeecount', 'headcount'],
    names: [
      'No. of Employees',
      'Number of Employees',
      'Employees',
      'Employee Count',
      'Company Size',
      'Headcount',
      'Mitarbeiter',
      'Mitarbeiterzahl',
      'Anzahl Mitarbeiter',
      'Unternehmensgröße',
      'Effectif',
    ],
  },
  {
    fields: ['industry', 'sector', 'vertical'],
    names: ['Industry', 'Sector', 'Branche', 'Industrie', 'Secteur', 'Sector de actividad'],
  },
  {
    fields: ['description', 'notes', 'note', 'comments'],
    names: [
      'Description',
      'Notes',
      'Note',
      'Comments',
      'Beschreibung',
      'Notizen',
      'Notiz',
      'Bemerkung',
      'Bemerkungen',
      'Kommentar',
      'Remarques',
    ],
  },
  {
    fields: ['owner', 'owneremail', 'leadowner', 'accountowner', 'contactowner'],
    names: [
      'Owner',
      'Lead Owner',
      'Contact Owner',
      'Account Owner',
      'Record Owner',
      'HubSpot Owner',
      'Owner Email',
      'Besitzer',
      'Verantwortlich',
      'Zuständig',
    ],
  },
  {
    fields: ['currency', 'currencycode'],
    names: ['Currency', 'Currency Code', 'Lead Currency', 'Währung', 'Devise', 'Moneda'],
  },
  {
    fields: ['partner', 'partnername', 'partnercompany', 'assignedpartner', 'partneraccount'],
    names: [
      'Partner',
      'Partner Name',
      'Partner Account',
      'Partner Company',
      'Reseller',
      'Vertriebspartner',
      'Händler',
    ],
  },
  {
    fields: ['campaign', 'campaignname'],
    names: ['Campaign', 'Campaign Name', 'Primary Campaign', 'Kampagne'],
  },
  {
    fields: ['externalid', 'recordid', 'id'],
    names: ['Lead ID', 'Record ID', 'Contact ID', 'Account ID', 'ID', 'External ID', 'Externe ID'],
  },
  {
    fields: ['createdat', 'createddate', 'created', 'createdon'],
    names: [
      'Created Date',
      'Create Date',
      'Created',
      'Created On',
      'Date Created',
      'Erstellt am',
      'Erstelldatum',
      'Angelegt am',
      'Date de création',
    ],
  },
  {
    fields: ['salutation'],
    names: ['Salutation', 'Anrede', 'Civilité'],
  },
  {
    fields: ['department'],
    names: ['Department', 'Abteilung', 'Service', 'Departamento'],
  },
  {
    fields: ['legalname'],
    names: ['Legal Name', 'Registered Name', 'Firmierung', 'Rechtlicher Name', 'Raison sociale'],
  },
];

type Candidate = { header: number; field: string; score: number };

const words = (s: string) => normalizeHeader(s).split(' ').filter(Boolean);

/**
 * Header → field key (or null) for every header. Built with `Object.fromEntries`, so headers
 * like "__proto__" or "constructor" become ordinary own keys and never touch the prototype.
 */
export function suggestMapping(
  headers: string[],
  fields: { key: string; label: string; synonyms: string[] }[],
): Record<string, string | null> {
  const headerForms = headers.map(forms);
  const headerWords = headers.map((h) => new Set(words(h)));
  const candidates: Candidate[] = [];

  for (const field of fields) {
    const tiers: [number, Set<string>][] = [];
    const exact = new Set([...forms(field.key), ...forms(field.label)]);
    tiers.push([100, exact]);
    tiers.push([90, new Set(field.synonyms.flatMap((s) => [...forms(s)]))]);
    const concepts = CONCEPTS.filter((c) => c.fields.some((f) => exact.has(f)));
    tiers.push([80, new Set(concepts.flatMap((c) => c.names.flatMap((n) => [...forms(n)])))]);
    tiers.push([
      70,
      new Set(concepts.flatMap((c) => (c.weak ?? []).flatMap((n) => [...forms(n)]))),
    ]);
    const labelWords = words(field.label);

    headers.forEach((_, i) => {
      let score = 0;
      for (const [tierScore, names] of tiers) {
        if ([...headerForms[i]!].some((f) => names.has(f))) {
          score = tierScore;
          break;
        }
      }
      if (score === 0 && labelWords.length > 0) {
        const hw = headerWords[i]!;
        const extra = hw.size - labelWords.length;
        if (extra >= 1 && extra <= 2 && labelWords.every((w) => hw.has(w))) score = 40 - extra;
      }
      if (score > 0) candidates.push({ header: i, field: field.key, score });
    });
  }

  candidates.sort((a, b) => b.score - a.score || a.header - b.header);
  const byHeader = new Map<number, string>();
  const taken = new Set<string>();
  for (const c of candidates) {
    if (byHeader.has(c.header) || taken.has(c.field)) continue;
    byHeader.set(c.header, c.field);
    taken.add(c.field);
  }
  return Object.fromEntries(headers.map((h, i) => [h, byHeader.get(i) ?? null]));
}
