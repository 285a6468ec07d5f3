import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { expectedVersion } from '../../http/versioning';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import {
  Activity,
  ActivityListQuery,
  CreateActivityInput,
  UpdateActivityInput,
} from '../../../shared/activities';
import * as service from './activities.service';

// Open to every signed-in user: whether they may act is decided by the record they name (out of
// scope is 404) and, for changes, by authorship.
export function activitiesRoutes(app: App, deps: Deps) {
  app.get(
    '/api/activities',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['activities'],
        summary: "A record's sales activities, newest first",
        querystring: ActivityListQuery,
        response: { 200: page(Activity), ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.listActivities(deps, ctx(req), req.query),
  );

  app.post(
    '/api/activities',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['activities'],
        summary: 'Log a sales activity on a record',
        body: CreateActivityInput,
        response: { 201: Activity, ...errorResponses(400, 401, 404) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createActivity(deps, ctx(req), req.body)),
  );

  app.patch(
    '/api/activities/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['activities'],
        summary: 'Change an activity (its author or an administrator)',
        params: IdParams,
        body: UpdateActivityInput,
        response: { 200: Activity, ...errorResponses(400, 401, 403, 404, 409, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      return service.updateActivity(
        deps,
        ctx(req),
        req.params.id,
        expectedVersion(version, req.headers['if-match']),
        changes,
      );
    },
  );

  app.delete(
    '/api/activities/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['activities'],
        summary: 'Delete an activity (its author or an administrator)',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await service.deleteActivity(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
