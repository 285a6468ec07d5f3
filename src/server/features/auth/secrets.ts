import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** Session ids, API tokens and invitation tokens: 256 random bits; only their hash is stored. */
export function newSecret(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

// OWASP's argon2id floor (m=19 MiB, t=2, p=1): ~20 ms here.
// algorithm 2 = Argon2id (a const enum in the typings, so spelled out here).
const ARGON = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password. With no stored hash (unknown email, invitation pending) it still does the
 * same work against a dummy hash, so response time does not reveal whether an account exists.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/** A handful of the most common passwords; refused even when long enough. */
const COMMON = new Set([
  '1234567890',
  '12345678910',
  'qwertyuiop',
  'password123',
  'password1234',
  'passwordpassword',
  'iloveyou123',
  'qwerty123456',
  'administrator',
  'letmein1234',
  'welcome1234',
  '0123456789',
  '1q2w3e4r5t',
  'abcdefghij',
]);

export function passwordProblem(password: string, email?: string): string | null {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'is too common; choose another';
  if (/^(.)\1+$/.test(password)) return 'must not be one repeated character';
  if (email && lower === email.toLowerCase()) return 'must not be your email address';
  return null;
}
