import { z } from 'zod';
import { Role } from './roles';
import { Password } from './common';

export const LoginInput = z.object({
  email: z.string().trim().min(1, 'is required').max(254),
  password: z.string().min(1, 'is required').max(1024),
});

export const Me = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: Role,
    partner: z.object({ id: z.string(), companyName: z.string() }).nullable(),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof Me>;

export const SetPasswordInput = z.object({
  token: z.string().min(1).max(200),
  password: Password,
});
