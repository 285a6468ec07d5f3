import { z } from 'zod';
import { text } from './common';

export const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof ApiToken>;

export const CreatedApiToken = ApiToken.extend({
  /** The secret, shown this once and never again. */
  token: z.string(),
}).meta({ id: 'CreatedApiToken' });

export const CreateTokenInput = z.object({
  name: text(100, 1),
  expiresAt: z.iso
    .datetime({ offset: true, message: 'must be an ISO date-time' })
    .refine((s) => new Date(s).getTime() > Date.now(), 'must be in the future')
    .optional(),
});
