import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { errorResponses, type App } from '../../http/types';
import { IdParams } from '../../../shared/common';
import { ApiToken, CreatedApiToken, CreateTokenInput } from '../../../shared/tokens';
import * as service from './tokens.service';

export function tokensRoutes(app: App, deps: Deps) {
  app.get(
    '/api/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['tokens'],
        summary: 'Your API tokens',
        response: { 200: z.object({ data: z.array(ApiToken) }), ...errorResponses(401) },
      },
    },
    (req) => service.listTokens(deps, ctx(req)),
  );

  app.post(
    '/api/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token for use as "Authorization: Bearer"; the secret is shown once',
        body: CreateTokenInput,
        response: { 201: CreatedApiToken, ...errorResponses(400, 401) },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store');
      return reply.status(201).send(await service.createToken(deps, ctx(req), req.body));
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke a token',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(401, 404) },
      },
    },
    async (req, reply) => {
      await service.revokeToken(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
