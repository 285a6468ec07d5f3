import { z } from 'zod';
import { Role } from './roles';
import { Abilities, BoolParam, Email, ListQuery, Password, text, Version, LIMITS } from './common';

export const User = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: Role,
    partnerId: z.string().nullable(),
    partnerName: z.string().nullable(),
    active: z.boolean(),
    invitationPending: z.boolean(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number(),
    abilities: Abilities,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const CreateUserInput = z.object({
  email: Email,
  name: text(LIMITS.nameMax, 1),
  role: Role,
  partnerId: z.uuid({ message: 'must be a valid id' }).nullish(),
  /** Without a password an invitation email with a single-use set-password link is sent. */
  password: Password.optional(),
});
export type CreateUserInput = z.infer<typeof CreateUserInput>;

export const UpdateUserInput = z
  .object({
    version: Version.optional(),
    name: text(LIMITS.nameMax, 1).optional(),
    role: Role.optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type UpdateUserInput = z.infer<typeof UpdateUserInput>;

export const UserListQuery = ListQuery.extend({
  role: Role.optional(),
  active: BoolParam.optional(),
  partnerId: z.uuid().optional(),
});

export const USER_SORTS = ['name', 'email', 'createdAt', 'lastLoginAt', 'role'] as const;
