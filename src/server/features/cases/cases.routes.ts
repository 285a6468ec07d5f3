import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { exportRoutes } from '../../http/export';
import { CaseExportQuery } from '../../../shared/exports';
import { expectedVersion } from '../../http/versioning';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import { RecordCount } from '../../../shared/accounts';
import {
  Case,
  CaseFilters,
  CaseListQuery,
  CreateCaseInput,
  UpdateCaseInput,
} from '../../../shared/cases';
import { CUSTOMER_WRITERS } from '../accounts/accounts.policy';
import { CASE_DELETERS } from './cases.policy';
import * as service from './cases.service';

export function casesRoutes(app: App, deps: Deps) {
  app.get(
    '/api/cases',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['cases'],
        summary:
          'List support cases (partner admins: those their company manages; partner reps: those assigned to them)',
        querystring: CaseListQuery,
        response: { 200: page(Case), ...errorResponses(400, 401) },
      },
    },
    (req) => service.listCases(deps, ctx(req), req.query),
  );

  app.get(
    '/api/cases/count',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['cases'],
        summary: 'How many cases match the filters, within your scope',
        querystring: CaseFilters,
        response: { 200: RecordCount, ...errorResponses(400, 401) },
      },
    },
    (req) => service.countCases(deps, ctx(req), req.query),
  );

  app.post(
    '/api/cases',
    {
      config: { access: CUSTOMER_WRITERS },
      schema: {
        tags: ['cases'],
        summary: 'Open a case (partner users: always managed by their own company)',
        body: CreateCaseInput,
        response: { 201: Case, ...errorResponses(400, 401, 403) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createCase(deps, ctx(req), req.body)),
  );

  app.get(
    '/api/cases/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['cases'],
        params: IdParams,
        response: { 200: Case, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.getCase(deps, ctx(req), req.params.id),
  );

  app.patch(
    '/api/cases/:id',
    {
      config: { access: CUSTOMER_WRITERS },
      schema: {
        tags: ['cases'],
        summary: 'Change a case; a status change stamps or clears closedAt',
        params: IdParams,
        body: UpdateCaseInput,
        response: { 200: Case, ...errorResponses(400, 401, 403, 404, 409, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      const v = expectedVersion(version, req.headers['if-match']);
      return service.updateCase(deps, ctx(req), req.params.id, v, changes);
    },
  );

  app.delete(
    '/api/cases/:id',
    {
      config: { access: CASE_DELETERS },
      schema: {
        tags: ['cases'],
        summary: 'Delete a case (administrators only)',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await service.deleteCase(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  exportRoutes(app, {
    entity: 'cases',
    tag: 'cases',
    access: 'authenticated',
    summary:
      'Cases as a file: same filters and sort as the list, chosen columns, your scope, spreadsheet-formula safe',
    querystring: CaseExportQuery,
    produce: (c, query) => service.exportCases(deps, c, query),
  });
}
