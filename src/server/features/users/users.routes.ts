import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { expectedVersion } from '../../http/versioning';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import { CreateUserInput, UpdateUserInput, User, UserListQuery } from '../../../shared/users';
import * as service from './users.service';

export function usersRoutes(app: App, deps: Deps) {
  app.get(
    '/api/users',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['users'],
        summary: 'List the users you may see (partner admins: their company; reps: themselves)',
        querystring: UserListQuery,
        response: { 200: page(User), ...errorResponses(400, 401) },
      },
    },
    (req) => service.listUsers(deps, ctx(req), req.query),
  );

  app.post(
    '/api/users',
    {
      config: { access: ['admin', 'partner_admin'] },
      schema: {
        tags: ['users'],
        summary: 'Create a user with a password, or send an invitation when no password is given',
        body: CreateUserInput,
        response: { 201: User, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createUser(deps, ctx(req), req.body)),
  );

  app.get(
    '/api/users/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['users'],
        params: IdParams,
        response: { 200: User, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.getUser(deps, ctx(req), req.params.id),
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: ['admin', 'partner_admin'] },
      schema: {
        tags: ['users'],
        summary: 'Rename, change role, deactivate (ends sessions and tokens at once) or reactivate',
        params: IdParams,
        body: UpdateUserInput,
        response: { 200: User, ...errorResponses(400, 401, 403, 404, 409, 422, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      const v = expectedVersion(version, req.headers['if-match']);
      return service.updateUser(deps, ctx(req), req.params.id, v, changes);
    },
  );
}
