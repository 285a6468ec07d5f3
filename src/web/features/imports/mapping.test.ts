import { describe, expect, it } from 'vitest';
import type { ImportField } from '../../../shared/imports';
import {
  applySavedMapping,
  mappingCounts,
  mappingProblems,
  normalizeMapping,
  sampleValues,
} from './mapping';

const f = (key: string, label: string, required = false): ImportField => ({
  key,
  label,
  required,
  type: 'text',
  synonyms: [],
});
const FIELDS = [
  f('email', 'Email', true),
  f('firstName', 'First name'),
  f('lastName', 'Last name', true),
  f('company', 'Company', true),
];
const HEADERS = ['E-Mail', 'Vorname', 'Name', 'Firma', 'Farbe'];

describe('normalizeMapping', () => {
  it('gives every header an entry, drops unknown fields and keeps a field for its first column', () => {
    expect(
      normalizeMapping(HEADERS, { 'E-Mail': 'email', Name: 'email', Firma: 'nope' }, FIELDS),
    ).toEqual({ 'E-Mail': 'email', Vorname: null, Name: null, Firma: null, Farbe: null });
  });
});

describe('applySavedMapping', () => {
  it('lets the saved mapping decide for its columns and keeps the rest unless taken', () => {
    const current = {
      'E-Mail': 'email',
      Vorname: 'lastName',
      Name: null,
      Firma: null,
      Farbe: null,
    };
    const saved = { Name: 'lastName', Firma: 'company', Other: 'firstName' };
    expect(applySavedMapping(HEADERS, current, saved, FIELDS)).toEqual({
      'E-Mail': 'email',
      Vorname: null,
      Name: 'lastName',
      Firma: 'company',
      Farbe: null,
    });
  });
});

describe('mappingProblems', () => {
  const mapping = {
    'E-Mail': null,
    Vorname: 'firstName',
    Name: null,
    Firma: 'company',
    Farbe: null,
  };

  it('names the required fields nobody maps, and the field matching needs', () => {
    expect(mappingProblems(mapping, FIELDS, 'add', 'email')).toEqual([
      'These fields are required: map a column to each of Email, Last name.',
      'Matching by email needs a column mapped to Email.',
    ]);
  });

  it('does not ask for required fields when only updating', () => {
    expect(mappingProblems(mapping, FIELDS, 'update', 'name_company')).toEqual([]);
  });
});

describe('mappingCounts and sampleValues', () => {
  it('counts mapped and unmapped columns', () => {
    expect(mappingCounts(HEADERS, { 'E-Mail': 'email', Firma: 'company' })).toEqual({
      mapped: 2,
      unmapped: 3,
    });
  });

  it('shows distinct, non-empty values of a column', () => {
    expect(sampleValues([['a'], [' '], ['a'], ['b'], ['c'], ['d']], 0)).toEqual(['a', 'b', 'c']);
  });
});
