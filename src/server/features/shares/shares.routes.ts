import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { errorResponses, type App } from '../../http/types';
import { ShareInput, ShareList, ShareQuery } from '../../../shared/shares';
import { SHARE_MANAGERS } from './shares.policy';
import * as service from './shares.service';

const RemoveShareQuery = ShareQuery.extend({ userId: z.uuid({ message: 'must be a valid id' }) });

// Reading who a record is shared with is for anyone who sees it; sharing is for the vendor's
// sales side and the partner's admin or working rep (the service checks the record).
export function sharesRoutes(app: App, deps: Deps) {
  app.get(
    '/api/shares',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['shares'],
        summary: 'Who a lead or opportunity is shared with, and with whom it could be',
        querystring: ShareQuery,
        response: { 200: ShareList, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.listShares(deps, ctx(req), req.query),
  );

  app.put(
    '/api/shares',
    {
      config: { access: SHARE_MANAGERS },
      schema: {
        tags: ['shares'],
        summary: 'Share a lead or opportunity with another active user of its partner (idempotent)',
        body: ShareInput,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      await service.share(deps, ctx(req), req.body);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/shares',
    {
      config: { access: SHARE_MANAGERS },
      schema: {
        tags: ['shares'],
        summary: 'Stop sharing a lead or opportunity with a user (idempotent)',
        querystring: RemoveShareQuery,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await service.unshare(deps, ctx(req), req.query);
      return reply.status(204).send(null);
    },
  );
}
