import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { errorResponses, type App } from '../../http/types';
import { page } from '../../../shared/common';
import { FollowedRecord, FollowInput, FollowState, MyFollowsQuery } from '../../../shared/follows';
import { RecordRefQuery } from '../../../shared/records';
import * as service from './follows.service';

// Open to every signed-in user: anyone who can see a record may follow it (out of scope is 404);
// a follow is personal, so there is nothing to authorise beyond that.
export function followsRoutes(app: App, deps: Deps) {
  app.get(
    '/api/follows',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['follows'],
        summary: 'Whether I follow a record, and how many people do',
        querystring: RecordRefQuery,
        response: { 200: FollowState, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.followState(deps, ctx(req), req.query),
  );

  app.get(
    '/api/follows/mine',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['follows'],
        summary: 'Records I follow and can still see, most recently followed first',
        querystring: MyFollowsQuery,
        response: { 200: page(FollowedRecord), ...errorResponses(400, 401) },
      },
    },
    (req) => service.myFollows(deps, ctx(req), req.query),
  );

  app.put(
    '/api/follows',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['follows'],
        summary: 'Follow a record: be notified in the app when it changes (idempotent)',
        body: FollowInput,
        response: { 204: z.null(), ...errorResponses(400, 401, 404) },
      },
    },
    async (req, reply) => {
      await service.follow(deps, ctx(req), req.body);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/follows',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['follows'],
        summary: 'Stop following a record (idempotent)',
        querystring: RecordRefQuery,
        response: { 204: z.null(), ...errorResponses(400, 401, 404) },
      },
    },
    async (req, reply) => {
      await service.unfollow(deps, ctx(req), req.query);
      return reply.status(204).send(null);
    },
  );
}
