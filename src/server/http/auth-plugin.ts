import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import type { Deps } from '../deps';
import { actorFromSession, actorFromToken } from '../features/auth/auth.service';
import { AppError } from './errors';

export function sessionCookieName(config: Config) {
  // __Host- cookies are only accepted over HTTPS, bound to this host and path.
  return config.secureCookies ? '__Host-conduit_session' : 'conduit_session';
}

export function setSessionCookie(
  reply: FastifyReply,
  config: Config,
  token: string,
  expiresAt: Date,
) {
  void reply.setCookie(sessionCookieName(config), token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config) {
  void reply.clearCookie(sessionCookieName(config), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A cookie-authenticated write must come from our own pages. Browsers send Origin on every
 * cross-origin and same-origin non-GET fetch, and Sec-Fetch-Site besides; a request with neither
 * is not from a browser page of ours, so it is refused too (scripts use Bearer tokens).
 */
export function isSameOrigin(req: FastifyRequest, config: Config): boolean {
  const origin = req.headers.origin;
  if (origin) {
    return (
      origin === new URL(config.publicUrl).origin || origin === `${req.protocol}://${req.host}`
    );
  }
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  return false;
}

/** Resolves who is calling (Bearer token, else session cookie) and refuses cross-site writes. */
export function installAuth(app: FastifyInstance, deps: Deps) {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api')) return;
    const authz = req.headers.authorization;
    if (authz !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(authz);
      const actor = m ? await actorFromToken(deps, m[1]!) : null;
      // A bad token never falls back to the cookie: the caller meant to use the token.
      if (!actor)
        throw new AppError('UNAUTHENTICATED', 'The API token is invalid, expired or revoked');
      req.actor = actor;
      return;
    }
    const cookie = req.cookies[sessionCookieName(deps.config)];
    if (cookie) {
      const actor = await actorFromSession(deps, cookie);
      if (actor) {
        if (!SAFE_METHODS.has(req.method) && !isSameOrigin(req, deps.config)) {
          req.log.warn(
            { event: 'csrf_refused', origin: req.headers.origin },
            'cross-site write refused',
          );
          throw new AppError('FORBIDDEN', 'Cross-site request refused');
        }
        req.actor = actor;
      }
    }
  });
}
