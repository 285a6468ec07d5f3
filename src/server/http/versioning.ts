import { AppError } from './errors';

/**
 * Optimistic concurrency: an update names the version it was based on, in the body (`version`)
 * or as `If-Match: "7"`. Without one the server cannot tell a stale edit from a fresh one.
 */
export function expectedVersion(
  bodyVersion: number | undefined,
  ifMatch: string | undefined,
): number {
  if (bodyVersion !== undefined) return bodyVersion;
  if (ifMatch) {
    const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
    if (m) return Number(m[1]);
    throw new AppError('BAD_REQUEST', 'If-Match must hold the record version, e.g. "3"', {
      version: 'invalid If-Match',
    });
  }
  throw new AppError(
    'PRECONDITION_REQUIRED',
    'Send the version you edited (body field "version" or an If-Match header) so concurrent edits are not lost',
    { version: 'is required' },
  );
}

export const staleVersion = (what: string) =>
  new AppError(
    'CONFLICT',
    `Someone else changed this ${what} since you loaded it. Reload to see their changes.`,
    {
      version: 'is stale',
    },
  );
