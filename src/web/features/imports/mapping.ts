import type {
  ImportField,
  ImportMapping,
  ImportMatchBy,
  ImportMode,
} from '../../../shared/imports';

/**
 * Every header of the file gets an entry (null = not imported), and no field is the target of
 * two columns: the first column keeps it. Keys of fields the entity does not have are dropped.
 */
export function normalizeMapping(
  headers: readonly string[],
  mapping: ImportMapping | null | undefined,
  fields: readonly ImportField[],
): ImportMapping {
  const known = new Set(fields.map((f) => f.key));
  const used = new Set<string>();
  const out: ImportMapping = {};
  for (const h of headers) {
    const key = mapping?.[h] ?? null;
    if (key && known.has(key) && !used.has(key)) {
      out[h] = key;
      used.add(key);
    } else {
      out[h] = null;
    }
  }
  return out;
}

/**
 * A saved mapping applied to this file: it decides for the columns it knows; the other columns
 * keep their current field unless the saved mapping gave that field to another column.
 */
export function applySavedMapping(
  headers: readonly string[],
  current: ImportMapping,
  saved: ImportMapping,
  fields: readonly ImportField[],
): ImportMapping {
  const known = new Set(fields.map((f) => f.key));
  const used = new Set<string>();
  const out: ImportMapping = {};
  for (const h of headers) {
    if (!Object.hasOwn(saved, h)) continue;
    const key = saved[h] ?? null;
    out[h] = key && known.has(key) && !used.has(key) ? key : null;
    if (out[h]) used.add(out[h]);
  }
  for (const h of headers) {
    if (Object.hasOwn(out, h)) continue;
    const key = current[h] ?? null;
    out[h] = key && !used.has(key) ? key : null;
    if (out[h]) used.add(out[h]);
  }
  return out;
}

/** How many columns of the file go somewhere, and how many are left out. */
export function mappingCounts(headers: readonly string[], mapping: ImportMapping) {
  const mapped = headers.filter((h) => mapping[h]).length;
  return { mapped, unmapped: headers.length - mapped };
}

/** Saved mappings that share at least one column with this file, best match first. */
export function savedMappingOverlap(headers: readonly string[], saved: ImportMapping): number {
  return headers.filter((h) => Object.hasOwn(saved, h)).length;
}

/**
 * What still stands between the mapping and a preview: required fields nobody maps (only when
 * records may be created) and the field the chosen matching needs.
 */
export function mappingProblems(
  mapping: ImportMapping,
  fields: readonly ImportField[],
  mode: ImportMode,
  matchBy: ImportMatchBy,
): string[] {
  const mapped = new Set(Object.values(mapping).filter((v): v is string => !!v));
  const problems: string[] = [];
  if (mode !== 'update') {
    const missing = fields.filter((f) => f.required && !mapped.has(f.key));
    if (missing.length > 0) {
      const names = missing.map((f) => f.label).join(', ');
      problems.push(
        missing.length === 1
          ? `${names} is required: map a column to it.`
          : `These fields are required: map a column to each of ${names}.`,
      );
    }
  }
  const email = fields.find((f) => f.key === 'email');
  if (matchBy === 'email' && email && !mapped.has(email.key)) {
    problems.push(`Matching by email needs a column mapped to ${email.label}.`);
  }
  return problems;
}

/** A few values of one column, so people recognise what it holds. */
export function sampleValues(sample: readonly string[][], index: number, max = 3): string[] {
  const values: string[] = [];
  for (const row of sample) {
    const v = (row[index] ?? '').trim();
    if (v && !values.includes(v)) values.push(v);
    if (values.length >= max) break;
  }
  return values;
}
