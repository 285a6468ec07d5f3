import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../deps';
import {
  clearSessionCookie,
  isSameOrigin,
  sessionCookieName,
  setSessionCookie,
} from '../../http/auth-plugin';
import { AppError } from '../../http/errors';
import { errorResponses, type App } from '../../http/types';
import { ctx } from '../../http/access';
import { LoginInput, Me, SetPasswordInput } from '../../../shared/auth';
import * as service from './auth.service';
import { getMe, meOf } from './me.service';

/** Public auth endpoints can't rely on the session check; a browser always sends one of these. */
function refuseCrossSite(req: FastifyRequest, deps: Deps) {
  const fromBrowser =
    req.headers.origin !== undefined || req.headers['sec-fetch-site'] !== undefined;
  if (fromBrowser && !isSameOrigin(req, deps.config)) {
    throw new AppError('FORBIDDEN', 'Cross-site request refused');
  }
}

export function authRoutes(app: App, deps: Deps) {
  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie',
        body: LoginInput,
        response: { 200: z.object({ user: Me }), ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (req, reply) => {
      refuseCrossSite(req, deps);
      const session = await service.login(deps, {
        email: req.body.email,
        password: req.body.password,
        ip: req.ip,
        userAgent: req.headers['user-agent'] ?? null,
        previousSession: req.cookies[sessionCookieName(deps.config)],
      });
      setSessionCookie(reply, deps.config, session.token, session.expiresAt);
      return { user: await getMe(deps, session.userId) };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign out; ends the session',
        response: { 204: z.null(), ...errorResponses(403) },
      },
    },
    async (req, reply) => {
      refuseCrossSite(req, deps);
      await service.logout(deps, req.cookies[sessionCookieName(deps.config)]);
      clearSessionCookie(reply, deps.config);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/set-password',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Set a password with an invitation link (single use, expiring)',
        body: SetPasswordInput,
        response: { 204: z.null(), ...errorResponses(400, 403, 404) },
      },
    },
    async (req, reply) => {
      refuseCrossSite(req, deps);
      await service.setPasswordWithInvitation(deps, {
        ...req.body,
        ip: req.ip,
        requestId: String(req.id),
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/me',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Who am I',
        response: { 200: Me, ...errorResponses(401) },
      },
    },
    async (req) => meOf(ctx(req).actor),
  );
}
