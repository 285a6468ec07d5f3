import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { exportRoutes } from '../../http/export';
import { AccountExportQuery } from '../../../shared/exports';
import { expectedVersion } from '../../http/versioning';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import {
  Account,
  AccountFilters,
  AccountListQuery,
  CreateAccountInput,
  RecordCount,
  UpdateAccountInput,
} from '../../../shared/accounts';
import { ACCOUNT_DELETERS, CUSTOMER_WRITERS } from './accounts.policy';
import * as service from './accounts.service';

export function accountsRoutes(app: App, deps: Deps) {
  app.get(
    '/api/accounts',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['accounts'],
        summary:
          'List customer accounts (partner admins: those their company manages; partner reps: those assigned to them)',
        querystring: AccountListQuery,
        response: { 200: page(Account), ...errorResponses(400, 401) },
      },
    },
    (req) => service.listAccounts(deps, ctx(req), req.query),
  );

  app.get(
    '/api/accounts/count',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['accounts'],
        summary: 'How many accounts match the filters, within your scope',
        querystring: AccountFilters,
        response: { 200: RecordCount, ...errorResponses(400, 401) },
      },
    },
    (req) => service.countAccounts(deps, ctx(req), req.query),
  );

  app.post(
    '/api/accounts',
    {
      config: { access: CUSTOMER_WRITERS },
      schema: {
        tags: ['accounts'],
        summary: 'Create an account (partner users: always managed by their own company)',
        body: CreateAccountInput,
        response: { 201: Account, ...errorResponses(400, 401, 403) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createAccount(deps, ctx(req), req.body)),
  );

  app.get(
    '/api/accounts/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['accounts'],
        params: IdParams,
        response: { 200: Account, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.getAccount(deps, ctx(req), req.params.id),
  );

  app.patch(
    '/api/accounts/:id',
    {
      config: { access: CUSTOMER_WRITERS },
      schema: {
        tags: ['accounts'],
        params: IdParams,
        body: UpdateAccountInput,
        response: { 200: Account, ...errorResponses(400, 401, 403, 404, 409, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      const v = expectedVersion(version, req.headers['if-match']);
      return service.updateAccount(deps, ctx(req), req.params.id, v, changes);
    },
  );

  app.delete(
    '/api/accounts/:id',
    {
      config: { access: ACCOUNT_DELETERS },
      schema: {
        tags: ['accounts'],
        summary: 'Delete an account that has no contacts or cases left (422 otherwise)',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      await service.deleteAccount(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  exportRoutes(app, {
    entity: 'accounts',
    tag: 'accounts',
    access: 'authenticated',
    summary:
      'Customer accounts as a file: same filters and sort as the list, chosen columns, your scope, spreadsheet-formula safe',
    querystring: AccountExportQuery,
    produce: (c, query) => service.exportAccounts(deps, c, query),
  });
}
