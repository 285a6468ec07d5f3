import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import underPressure from '@fastify/under-pressure';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Deps } from './deps';
import { enforceAccess, requireAccessDeclarations } from './http/access';
import { installAuth } from './http/auth-plugin';
import { installErrorHandler, installNotFound } from './http/error-handler';
import type { App } from './http/types';
import { authRoutes } from './features/auth/auth.routes';
import { usersRoutes } from './features/users/users.routes';
import { tokensRoutes } from './features/tokens/tokens.routes';
import { partnersRoutes } from './features/partners/partners.routes';
import { partnerProgramRoutes } from './features/partner-program/partner-program.routes';
import { historyRoutes } from './features/history/history.routes';
import { dashboardRoutes } from './features/dashboard/dashboard.routes';
import { applicationsRoutes } from './features/applications/applications.routes';
import { systemRoutes } from './features/system/system.routes';
import { activitiesRoutes } from './features/activities/activities.routes';
import { commentsRoutes } from './features/comments/comments.routes';
import { notificationsRoutes } from './features/notifications/notifications.routes';
import { consultantsRoutes } from './features/consultants/consultants.routes';
import { savedViewsRoutes } from './features/saved-views/saved-views.routes';
import { accountsRoutes } from './features/accounts/accounts.routes';
import { contactsRoutes } from './features/accounts/contacts.routes';
import { casesRoutes } from './features/cases/cases.routes';
import { leadsRoutes } from './features/leads/leads.routes';
import { opportunitiesRoutes } from './features/opportunities/opportunities.routes';
import { forecastRoutes } from './features/forecast/forecast.routes';
import { notesRoutes } from './features/notes/notes.routes';
import { filesRoutes } from './features/files/files.routes';
import { tasksRoutes } from './features/tasks/tasks.routes';
import { followsRoutes } from './features/follows/follows.routes';
import { sharesRoutes } from './features/shares/shares.routes';
import { salesSetupRoutes } from './features/sales-setup/sales-setup.routes';
import { scoringRoutes } from './features/scoring/scoring.routes';
import { campaignsRoutes } from './features/campaigns/campaigns.routes';
import { importsRoutes } from './features/imports/imports.routes';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIST = path.join(ROOT, 'dist', 'web');

export type BuildOptions = {
  /** A pino logger; without one the app logs nothing (tests). */
  logger?: FastifyBaseLogger;
  /** Serve the built web app (production and e2e). */
  serveWeb?: boolean;
};

/** Fields that must never reach a log line. */
export const LOG_REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  'password',
  'token',
];

/** Builds the HTTP app without listening; main.ts listens, tests use app.inject. */
export async function buildApp(deps: Deps, opts: BuildOptions = {}): Promise<App> {
  const { config } = deps;
  const app = Fastify({
    ...(opts.logger ? { loggerInstance: opts.logger } : { logger: false }),
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false, // never trust a client-chosen id in our logs
    // One line per request, written below: the built-in lines would log query strings, where a
    // careless client may put a token.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimit,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  requireAccessDeclarations(app);

  // Shed load early instead of queueing requests into timeouts.
  const busy = (req: FastifyRequest, reply: FastifyReply) =>
    reply
      .status(503)
      .header('retry-after', '1')
      .send({
        error: {
          code: 'UNAVAILABLE',
          message: 'The server is busy; try again shortly',
          requestId: String(req.id),
        },
      });
  let inFlight = 0;
  app.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
    if (inFlight >= config.maxInFlight) return busy(req, reply);
    inFlight++;
    let done = false;
    const release = () => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    reply.raw.once('finish', release);
    reply.raw.once('close', release);
  });
  if (config.maxEventLoopDelayMs > 0) {
    await app.register(underPressure, {
      maxEventLoopDelay: config.maxEventLoopDelayMs,
      retryAfter: 1,
      pressureHandler: (req, reply) => void busy(req, reply),
    });
  }

  await app.register(cookie);
  // Multipart bodies are streamed by the routes that take uploads, each with its own limits.
  await app.register(multipart, { limits: { fileSize: config.fileMaxBytes, files: 1 } });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: config.secureCookies,
    crossOriginEmbedderPolicy: false,
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Conduit API',
        version: '1',
        description:
          'Partner relationship management. Authenticate with the session cookie from POST /api/auth/login or with "Authorization: Bearer <API token>". Errors always have the shape {"error":{"code","message","fields?"}}.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'conduit_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { validatorUrl: null, deepLinking: true },
    staticCSP: false,
  });

  app.addHook('onResponse', async (req, reply) => {
    const line = {
      reqId: req.id,
      method: req.method,
      path: req.url.split('?')[0],
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
      userId: req.actor?.userId,
      ip: req.ip,
    };
    // 401/403 are worth seeing: they are how probing for other partners' data shows up.
    if (reply.statusCode === 401 || reply.statusCode === 403) req.log.warn(line, 'request refused');
    else req.log.info(line, 'request');
  });

  installAuth(app, deps);
  enforceAccess(app);

  app.get(
    '/api/openapi.json',
    {
      config: { access: 'public' },
      schema: { tags: ['system'], summary: 'This OpenAPI document' },
    },
    async () => app.swagger(),
  );
  systemRoutes(app, deps);
  authRoutes(app, deps);
  usersRoutes(app, deps);
  tokensRoutes(app, deps);
  partnersRoutes(app, deps);
  partnerProgramRoutes(app, deps);
  historyRoutes(app, deps);
  dashboardRoutes(app, deps);
  applicationsRoutes(app, deps);
  activitiesRoutes(app, deps);
  commentsRoutes(app, deps);
  notificationsRoutes(app, deps);
  consultantsRoutes(app, deps);
  savedViewsRoutes(app, deps);
  accountsRoutes(app, deps);
  contactsRoutes(app, deps);
  casesRoutes(app, deps);
  leadsRoutes(app, deps);
  opportunitiesRoutes(app, deps);
  forecastRoutes(app, deps);
  notesRoutes(app, deps);
  filesRoutes(app, deps);
  tasksRoutes(app, deps);
  followsRoutes(app, deps);
  sharesRoutes(app, deps);
  salesSetupRoutes(app, deps);
  scoringRoutes(app, deps);
  campaignsRoutes(app, deps);
  importsRoutes(app, deps);

  let spa: ((req: FastifyRequest, reply: FastifyReply) => FastifyReply) | undefined;
  if (opts.serveWeb && fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: WEB_DIST,
      wildcard: false,
      index: false,
      setHeaders: (reply, file) => {
        void reply.header(
          'cache-control',
          file.includes(`${path.sep}assets${path.sep}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    });
    // History fallback: any non-API GET that is not a file gets the app shell.
    spa = (_req, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html');
  }
  installNotFound(app, spa);

  await app.ready();
  return app;
}
