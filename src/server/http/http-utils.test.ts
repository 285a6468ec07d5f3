import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, parseSort } from './pagination';
import { expectedVersion } from './versioning';
import { likePattern } from './search';
import { diff } from '../features/history/audit';
import { passwordProblem } from '../features/auth/secrets';
import { AppError } from './errors';

const allowed = { name: 'users.name', createdAt: 'users.created_at' };

describe('parseSort', () => {
  it('parses directions and falls back', () => {
    expect(parseSort('-createdAt,name', allowed, 'name')).toEqual([
      { field: 'createdAt', column: 'users.created_at', desc: true },
      { field: 'name', column: 'users.name', desc: false },
    ]);
    expect(parseSort(undefined, allowed, '-name')).toEqual([
      { field: 'name', column: 'users.name', desc: true },
    ]);
  });
  it('refuses anything outside the allowlist, including inherited keys', () => {
    for (const bad of [
      'password',
      'constructor',
      'toString',
      '__proto__',
      'name;drop',
      'a,b,c,d',
    ]) {
      expect(() => parseSort(bad, allowed, 'name')).toThrow(AppError);
    }
  });
});

describe('cursors', () => {
  it('round-trip any list of scalar values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), {
          minLength: 1,
          maxLength: 4,
        }),
        (values) => {
          expect(decodeCursor(encodeCursor(values), values.length)).toEqual(values);
        },
      ),
    );
  });
  it('refuse garbage and wrong arity', () => {
    expect(() => decodeCursor('%%%', 2)).toThrow(AppError);
    expect(() => decodeCursor(encodeCursor(['a']), 2)).toThrow(AppError);
    expect(() => decodeCursor(Buffer.from('[{"a":1},2]').toString('base64url'), 2)).toThrow(
      AppError,
    );
  });
});

describe('expectedVersion', () => {
  it('takes the body, then If-Match, else demands one', () => {
    expect(expectedVersion(3, '"9"')).toBe(3);
    expect(expectedVersion(undefined, '"7"')).toBe(7);
    expect(expectedVersion(undefined, 'W/"8"')).toBe(8);
    expect(() => expectedVersion(undefined, undefined)).toThrow(
      expect.objectContaining({ status: 428 }),
    );
    expect(() => expectedVersion(undefined, 'abc')).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });
});

describe('likePattern', () => {
  it('escapes wildcards', () => {
    expect(likePattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });
});

describe('diff', () => {
  it('lists only changed fields and never secrets or bookkeeping', () => {
    expect(
      diff(
        { name: 'a', role: 'x', password_hash: 'h1', version: 1, when: new Date(0) },
        { name: 'b', role: 'x', password_hash: 'h2', version: 2, when: new Date(0) },
      ),
    ).toEqual({ name: { from: 'a', to: 'b' } });
    expect(diff(null, { name: 'n' })).toEqual({ name: { from: null, to: 'n' } });
  });
});

describe('passwordProblem', () => {
  it('refuses common, repeated and self-referential passwords only', () => {
    expect(passwordProblem('1234567890')).toMatch(/common/);
    expect(passwordProblem('zzzzzzzzzzzz')).toMatch(/repeated/);
    expect(passwordProblem('me@example.test', 'Me@Example.test')).toMatch(/email/);
    expect(passwordProblem('a perfectly fine passphrase')).toBeNull();
  });
});
