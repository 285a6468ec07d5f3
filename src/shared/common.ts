import { z } from 'zod';

/** Limits shared by server validation and web forms. */
export const LIMITS = {
  pageDefault: 50,
  pageMax: 200,
  searchMax: 200,
  nameMax: 200,
  passwordMin: 10,
  passwordMax: 256,
} as const;

export const IdParams = z.object({ id: z.uuid({ message: 'must be a valid id' }) });

/** `?limit` is clamped rather than refused: asking for a million rows gets the maximum. */
export const Limit = z.coerce
  .number()
  .int()
  .catch(LIMITS.pageDefault)
  .transform((n) => Math.min(Math.max(n, 1), LIMITS.pageMax))
  .default(LIMITS.pageDefault);

export const ListQuery = z.object({
  limit: Limit,
  cursor: z.string().max(2000).optional(),
  sort: z.string().max(200).optional(),
  q: z.string().trim().max(LIMITS.searchMax).optional(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

export const BoolParam = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Text that PostgreSQL can store: no NUL characters. */
export const text = (max: number, min = 0) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? 'is required' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

export const Email = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ message: 'must be a valid email address' }))
  .transform((e) => e.toLowerCase());

export const Password = z
  .string()
  .min(LIMITS.passwordMin, `must be at least ${LIMITS.passwordMin} characters`)
  // Refused rather than silently truncated.
  .max(LIMITS.passwordMax, `must be at most ${LIMITS.passwordMax} characters`)
  .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

export const Version = z.number().int().min(1);

export const Abilities = z.record(z.string(), z.boolean());
