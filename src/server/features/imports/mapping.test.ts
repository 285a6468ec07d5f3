import { describe, expect, it } from 'vitest';
import { normalizeHeader, suggestMapping } from './mapping';

const f = (key: string, label: string, synonyms: string[] = []) => ({ key, label, synonyms });

/** Shaped like the lead import fields. */
const LEAD_FIELDS = [
  f('company', 'Company', ['company name', 'organization']),
  f('firstName', 'First name', ['given name', 'first']),
  f('lastName', 'Last name', ['surname', 'last']),
  f('jobTitle', 'Job title', ['title', 'position']),
  f('email', 'Email', ['e-mail', 'email address', 'mail']),
  f('phone', 'Phone', ['telephone', 'phone number', 'tel']),
  f('status', 'Status', ['lead status']),
  f('source', 'Lead source', ['source', 'origin']),
  f('rating', 'Rating', []),
  f('estimatedValue', 'Estimated value', ['value', 'amount']),
  f('companySize', 'Company size', ['employees', 'headcount']),
  f('countryCode', 'Country', ['country code']),
  f('region', 'Region', ['state', 'province']),
  f('city', 'City', ['town']),
  f('postalCode', 'Postal code', ['zip']),
  f('description', 'Description', ['notes']),
];

describe('normalizeHeader', () => {
  it.each([
    ['  First Name ', 'first name'],
    ['first_name', 'first name'],
    ['firstName', 'first name'],
    ['FirstName', 'first name'],
    ['FIRST-NAME', 'first name'],
    ['leadSourceID', 'lead source id'],
    ['HTTPServer', 'http server'],
    ['E-Mail', 'e mail'],
    ['Geschätzter_Umsatz', 'geschatzter umsatz'],
    ['Straße', 'strasse'],
    ['Prénom', 'prenom'],
    ['Łukasz Øst', 'lukasz ost'],
    ['No. of Employees', 'no of employees'],
    ['Country/Region', 'country region'],
    ['\uFEFFEmail', 'email'],
    ['__proto__', 'proto'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normalizeHeader(input)).toBe(expected);
  });
});

describe('suggestMapping', () => {
  it('maps the Salesforce export', () => {
    const headers = [
      'Lead ID',
      'First Name',
      'Last Name',
      'Title',
      'Company',
      'Email',
      'Phone',
      'Lead Source',
      'Lead Status',
      'Rating',
      'No. of Employees',
      'Country',
      'Created Date',
    ];
    expect(suggestMapping(headers, LEAD_FIELDS)).toEqual({
      'Lead ID': null,
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Title: 'jobTitle',
      Company: 'company',
      Email: 'email',
      Phone: 'phone',
      'Lead Source': 'source',
      'Lead Status': 'status',
      Rating: 'rating',
      'No. of Employees': 'companySize',
      Country: 'countryCode',
      'Created Date': null,
    });
  });

  it('maps the HubSpot export', () => {
    const headers = [
      'Record ID',
      'First Name',
      'Last Name',
      'Email',
      'Company Name',
      'Job Title',
      'Phone Number',
      'Lifecycle Stage',
      'Lead Status',
      'Create Date',
      'Country/Region',
    ];
    expect(suggestMapping(headers, LEAD_FIELDS)).toEqual({
      'Record ID': null,
      'First Name': 'firstName',
      'Last Name': 'lastName',
      Email: 'email',
      'Company Name': 'company',
      'Job Title': 'jobTitle',
      'Phone Number': 'phone',
      'Lifecycle Stage': null,
      'Lead Status': 'status',
      'Create Date': null,
      'Country/Region': 'countryCode',
    });
  });

  it('maps German headers from its own table, with umlauts written either way', () => {
    const headers = [
      'Firma',
      'Vorname',
      'Nachname',
      'E-Mail',
      'Position',
      'Telefon',
      'Land',
      'Geschätzter Umsatz',
      'Erstellt am',
      'Stadt',
      'PLZ',
    ];
    expect(suggestMapping(headers, LEAD_FIELDS)).toEqual({
      Firma: 'company',
      Vorname: 'firstName',
      Nachname: 'lastName',
      'E-Mail': 'email',
      Position: 'jobTitle',
      Telefon: 'phone',
      Land: 'countryCode',
      'Geschätzter Umsatz': 'estimatedValue',
      'Erstellt am': null,
      Stadt: 'city',
      PLZ: 'postalCode',
    });
    expect(suggestMapping(['Geschaetzter Umsatz', 'GESCHÄTZTER_UMSATZ'], LEAD_FIELDS)).toEqual({
      'Geschaetzter Umsatz': 'estimatedValue',
      GESCHÄTZTER_UMSATZ: null,
    });
  });

  it('matches across case, spacing, punctuation, accents, camelCase and snake_case', () => {
    for (const h of [
      'first_name',
      'firstName',
      'FIRST NAME',
      ' First-Name ',
      'first.name',
      'Fïrst Nàme',
    ]) {
      expect(suggestMapping([h], LEAD_FIELDS)[h]).toBe('firstName');
    }
    expect(suggestMapping(['EMAIL_ADDRESS'], LEAD_FIELDS)).toEqual({ EMAIL_ADDRESS: 'email' });
    expect(suggestMapping(['postal_code'], LEAD_FIELDS)).toEqual({ postal_code: 'postalCode' });
  });

  it("uses the field's own synonyms, then the built-in names of CRM exports", () => {
    const fields = [
      f('revenue', 'Revenue', ['turnover']),
      f('mobile', 'Mobile', []),
      f('phone', 'Phone', []),
    ];
    expect(suggestMapping(['Turnover', 'Mobile Phone', 'Business Phone'], fields)).toEqual({
      Turnover: 'revenue',
      'Mobile Phone': 'mobile',
      'Business Phone': 'phone',
    });
    expect(suggestMapping(['Annual Revenue'], [f('annualRevenue', 'Annual revenue', [])])).toEqual({
      'Annual Revenue': 'annualRevenue',
    });
    // "Mobile" fills a plain phone field when nothing better does.
    expect(suggestMapping(['Mobile'], LEAD_FIELDS)).toEqual({ Mobile: 'phone' });
    expect(suggestMapping(['Mobile', 'Telefon'], LEAD_FIELDS)).toEqual({
      Mobile: null,
      Telefon: 'phone',
    });
  });

  it('never maps two headers to one field: the better match wins, then the column further left', () => {
    expect(suggestMapping(['Email Address', 'Email'], LEAD_FIELDS)).toEqual({
      'Email Address': null,
      Email: 'email',
    });
    expect(suggestMapping(['E-Mail', 'email'], LEAD_FIELDS)).toEqual({
      'E-Mail': 'email',
      email: null,
    });
    const many = suggestMapping(['Company', 'Firma', 'Company Name', 'Organization'], LEAD_FIELDS);
    expect(Object.values(many).filter((v) => v === 'company')).toHaveLength(1);
    expect(many.Company).toBe('company');
  });

  it('takes a label contained in a longer header only when nothing better claims it', () => {
    expect(suggestMapping(['Partner Rating'], LEAD_FIELDS)).toEqual({ 'Partner Rating': 'rating' });
    expect(suggestMapping(['Rating', 'Partner Rating'], LEAD_FIELDS)).toEqual({
      Rating: 'rating',
      'Partner Rating': null,
    });
  });

  it('maps unknown headers to null, and an empty field list maps nothing', () => {
    expect(suggestMapping(['Favourite colour', 'xyz'], LEAD_FIELDS)).toEqual({
      'Favourite colour': null,
      xyz: null,
    });
    expect(suggestMapping(['Email'], [])).toEqual({ Email: null });
    expect(suggestMapping([], LEAD_FIELDS)).toEqual({});
  });

  it('keeps headers like __proto__ and constructor as own keys, never touching a prototype', () => {
    const headers = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'Email'];
    const mapping = suggestMapping(headers, LEAD_FIELDS);
    expect(Object.keys(mapping)).toEqual(headers);
    expect(Object.getPrototypeOf(mapping)).toBe(Object.prototype);
    for (const h of headers.slice(0, 4)) {
      expect(Object.hasOwn(mapping, h)).toBe(true);
      expect(mapping[h]).toBeNull();
    }
    expect(mapping.Email).toBe('email');
    expect(JSON.parse(JSON.stringify(mapping))).toEqual(
      Object.fromEntries(headers.map((h) => [h, h === 'Email' ? 'email' : null])),
    );
    // A field whose key is "__proto__" is just a string too.
    expect(suggestMapping(['__proto__'], [f('__proto__', '__proto__')])).toEqual(
      Object.fromEntries([['__proto__', '__proto__']]),
    );
    expect(({} as Record<string, unknown>).email).toBeUndefined();
  });
});
