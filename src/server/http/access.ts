import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../../shared/roles';
import { AppError } from './errors';
import type { Actor, Ctx } from './actor';

/**
 * Every route says who may call it. `public`: anyone; `authenticated`: any signed-in user;
 * a list of roles: only those. A route under /api without a declaration stops the server from
 * starting (and a test enumerates every route to prove it).
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    /** Every route with its access declaration, as registered (for the route-enumerating test). */
    routeTable: { method: string; url: string; access: Access | undefined }[];
  }
}

/** Documentation routes registered by plugins; they serve only the public API description. */
export const UNDECLARED_ALLOWED = [/^\/api\/docs(\/|$)/];

export function requireAccessDeclarations(app: FastifyInstance) {
  const table: FastifyInstance['routeTable'] = [];
  app.decorate('routeTable', table);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      table.push({ method: String(method), url: route.url, access: route.config?.access });
    }
    if (!route.url.startsWith('/api')) return;
    if (UNDECLARED_ALLOWED.some((re) => re.test(route.url))) return;
    if (!route.config?.access) {
      throw new Error(`Route ${String(route.method)} ${route.url} has no access declaration`);
    }
  });
}

export function enforceAccess(app: FastifyInstance) {
  // Before validation, so a caller who may not call the route learns nothing from its errors.
  app.addHook('preValidation', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access || access === 'public') return;
    if (!req.actor) throw new AppError('UNAUTHENTICATED', 'Sign in to continue');
    if (access !== 'authenticated' && !access.includes(req.actor.role)) {
      throw new AppError('FORBIDDEN', 'Your role does not allow this');
    }
  });
}

/** The context a route hands to a service; only valid on authenticated routes. */
export function ctx(req: FastifyRequest): Ctx {
  if (!req.actor) throw new AppError('UNAUTHENTICATED', 'Sign in to continue');
  return { actor: req.actor, requestId: String(req.id), ip: req.ip };
}
