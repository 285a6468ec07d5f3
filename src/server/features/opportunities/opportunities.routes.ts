import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { exportRoutes } from '../../http/export';
import { expectedVersion } from '../../http/versioning';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import { RecordCount } from '../../../shared/accounts';
import { Board, BulkResult } from '../../../shared/leads';
import {
  BulkOpportunityInput,
  ChangeOpportunityOwnerInput,
  CreateOpportunityInput,
  Opportunity,
  OpportunityBoardQuery,
  OpportunityExportQuery,
  OpportunityFilters,
  OpportunityListQuery,
  UpdateOpportunityInput,
} from '../../../shared/opportunities';
import { OPPORTUNITY_DELETERS, OPPORTUNITY_WRITERS } from './opportunities.policy';
import * as service from './opportunities.service';

export function opportunitiesRoutes(app: App, deps: Deps) {
  app.get(
    '/api/opportunities',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['opportunities'],
        summary:
          'List opportunities (partner admins: their company’s; partner reps: those they work or that are shared with them). Repeat a filter or separate values with commas to match any of them',
        querystring: OpportunityListQuery,
        response: { 200: page(Opportunity), ...errorResponses(400, 401) },
      },
    },
    (req) => service.listOpportunities(deps, ctx(req), req.query),
  );

  app.get(
    '/api/opportunities/count',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['opportunities'],
        summary: 'How many opportunities the same filters as the list match, within your scope',
        querystring: OpportunityFilters,
        response: { 200: RecordCount, ...errorResponses(400, 401) },
      },
    },
    (req) => service.countOpportunities(deps, ctx(req), req.query),
  );

  app.get(
    '/api/opportunities/board',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['opportunities'],
        summary:
          'The pipeline board: one column per stage with the count, the amounts in the base currency and their sum weighted by the stage probability. Cards load per column from the list',
        querystring: OpportunityBoardQuery,
        response: { 200: Board, ...errorResponses(400, 401) },
      },
    },
    (req) => service.board(deps, ctx(req), req.query),
  );

  app.post(
    '/api/opportunities',
    {
      config: { access: OPPORTUNITY_WRITERS },
      schema: {
        tags: ['opportunities'],
        summary:
          'Create an opportunity (partner users: always for their own company; reps: worked by themselves)',
        body: CreateOpportunityInput,
        response: { 201: Opportunity, ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createOpportunity(deps, ctx(req), req.body)),
  );

  app.post(
    '/api/opportunities/bulk',
    {
      config: { access: OPPORTUNITY_WRITERS },
      schema: {
        tags: ['opportunities'],
        summary:
          'Set the owner, stage or assigned partner of many opportunities in one transaction; the ones you cannot see or change are listed as failed',
        body: BulkOpportunityInput,
        response: { 200: BulkResult, ...errorResponses(400, 401, 403, 422) },
      },
    },
    (req) => service.bulkUpdate(deps, ctx(req), req.body),
  );

  app.get(
    '/api/opportunities/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['opportunities'],
        params: IdParams,
        response: { 200: Opportunity, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.getOpportunity(deps, ctx(req), req.params.id),
  );

  app.patch(
    '/api/opportunities/:id',
    {
      config: { access: OPPORTUNITY_WRITERS },
      schema: {
        tags: ['opportunities'],
        summary:
          'Change an opportunity; a won or lost stage stamps closedAt (a lost one needs a loss reason), reopening clears it',
        params: IdParams,
        body: UpdateOpportunityInput,
        response: { 200: Opportunity, ...errorResponses(400, 401, 403, 404, 409, 422, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      const v = expectedVersion(version, req.headers['if-match']);
      return service.updateOpportunity(deps, ctx(req), req.params.id, v, changes);
    },
  );

  app.post(
    '/api/opportunities/:id/owner',
    {
      config: { access: OPPORTUNITY_WRITERS },
      schema: {
        tags: ['opportunities'],
        summary: 'Hand the opportunity to another owner',
        params: IdParams,
        body: ChangeOpportunityOwnerInput,
        response: { 200: Opportunity, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    (req) => service.changeOwner(deps, ctx(req), req.params.id, req.body),
  );

  app.delete(
    '/api/opportunities/:id',
    {
      config: { access: OPPORTUNITY_DELETERS },
      schema: {
        tags: ['opportunities'],
        summary:
          'Delete an opportunity with its notes, files, tasks and credits; a lead converted into it stays, unlinked',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await service.deleteOpportunity(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  exportRoutes(app, {
    entity: 'opportunities',
    tag: 'opportunities',
    access: 'authenticated',
    summary:
      'The list as a file: same filters and sort, chosen columns, your scope, spreadsheet-formula safe',
    querystring: OpportunityExportQuery,
    produce: (c, query) => service.exportOpportunities(deps, c, query),
  });
}
