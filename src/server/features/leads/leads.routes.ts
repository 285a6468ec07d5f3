import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { exportRoutes } from '../../http/export';
import { expectedVersion } from '../../http/versioning';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import { RecordCount } from '../../../shared/accounts';
import {
  AdvanceLeadInput,
  Board,
  BulkLeadInput,
  BulkResult,
  ChangeOwnerInput,
  ConversionCandidates,
  ConvertLeadInput,
  ConvertLeadResult,
  CreateLeadInput,
  Lead,
  LeadBoardQuery,
  LeadExportQuery,
  LeadFilters,
  LeadListQuery,
  UpdateLeadInput,
} from '../../../shared/leads';
import { LEAD_DELETERS, LEAD_WRITERS } from './leads.policy';
import * as service from './leads.service';
import * as conversion from './leads.conversion';

export function leadsRoutes(app: App, deps: Deps) {
  app.get(
    '/api/leads',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['leads'],
        summary:
          'List leads (partner admins: their company’s; partner reps: theirs and those shared with them). Repeat a filter or separate values with commas to match any of them',
        querystring: LeadListQuery,
        response: { 200: page(Lead), ...errorResponses(400, 401) },
      },
    },
    (req) => service.listLeads(deps, ctx(req), req.query),
  );

  app.get(
    '/api/leads/count',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['leads'],
        summary: 'How many leads the same filters as the list match',
        querystring: LeadFilters,
        response: { 200: RecordCount, ...errorResponses(400, 401) },
      },
    },
    (req) => service.countLeads(deps, ctx(req), req.query),
  );

  app.get(
    '/api/leads/board',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['leads'],
        summary:
          'Kanban columns (by status, rating or partner) with the count and the base-currency sum of estimated value; cards come from the list with the column’s filter',
        querystring: LeadBoardQuery,
        response: { 200: Board, ...errorResponses(400, 401) },
      },
    },
    (req) => service.leadBoard(deps, ctx(req), req.query),
  );

  app.post(
    '/api/leads',
    {
      config: { access: LEAD_WRITERS },
      schema: {
        tags: ['leads'],
        summary:
          'Create a lead (partner users: always assigned to their company, with them as referrer; reps: also as partner rep)',
        body: CreateLeadInput,
        response: { 201: Lead, ...errorResponses(400, 401, 403) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createLead(deps, ctx(req), req.body)),
  );

  app.post(
    '/api/leads/bulk',
    {
      config: { access: LEAD_WRITERS },
      schema: {
        tags: ['leads'],
        summary:
          'Set the owner, status or partner of many leads; each lead that cannot change is listed with the reason',
        body: BulkLeadInput,
        response: { 200: BulkResult, ...errorResponses(400, 401, 403) },
      },
    },
    (req) => service.bulkUpdate(deps, ctx(req), req.body),
  );

  app.get(
    '/api/leads/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['leads'],
        params: IdParams,
        response: { 200: Lead, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.getLead(deps, ctx(req), req.params.id),
  );

  app.patch(
    '/api/leads/:id',
    {
      config: { access: LEAD_WRITERS },
      schema: {
        tags: ['leads'],
        summary: 'Change a lead (not once converted); send its version or If-Match',
        params: IdParams,
        body: UpdateLeadInput,
        response: { 200: Lead, ...errorResponses(400, 401, 403, 404, 409, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      const v = expectedVersion(version, req.headers['if-match']);
      return service.updateLead(deps, ctx(req), req.params.id, v, changes);
    },
  );

  app.delete(
    '/api/leads/:id',
    {
      config: { access: LEAD_DELETERS },
      schema: {
        tags: ['leads'],
        summary: 'Delete a lead with its notes, files, tasks and follows',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await service.deleteLead(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/leads/:id/advance',
    {
      config: { access: LEAD_WRITERS },
      schema: {
        tags: ['leads'],
        summary: '“Mark status as complete”: move to the next open status on the path',
        params: IdParams,
        body: AdvanceLeadInput,
        response: { 200: Lead, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    (req) => service.advanceLead(deps, ctx(req), req.params.id, req.body.version),
  );

  app.post(
    '/api/leads/:id/owner',
    {
      config: { access: LEAD_WRITERS },
      schema: {
        tags: ['leads'],
        summary: 'Change the owner (partner users: to a user of their company)',
        params: IdParams,
        body: ChangeOwnerInput,
        response: { 200: Lead, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (req) => service.changeOwner(deps, ctx(req), req.params.id, req.body.version, req.body.ownerId),
  );

  app.post(
    '/api/leads/:id/clone',
    {
      config: { access: LEAD_WRITERS },
      schema: {
        tags: ['leads'],
        summary:
          'Copy the lead into a new one owned by you: default status, no history, conversion or partner assignment',
        params: IdParams,
        response: { 201: Lead, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.cloneLead(deps, ctx(req), req.params.id)),
  );

  app.get(
    '/api/leads/:id/conversion-candidates',
    {
      config: { access: LEAD_WRITERS },
      schema: {
        tags: ['leads'],
        summary:
          'Existing accounts and contacts (within your scope) the conversion could reuse, with why each is proposed',
        params: IdParams,
        response: { 200: ConversionCandidates, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (req) => conversion.conversionCandidates(deps, ctx(req), req.params.id),
  );

  app.post(
    '/api/leads/:id/convert',
    {
      config: { access: LEAD_WRITERS },
      schema: {
        tags: ['leads'],
        summary:
          'Convert into an account, a contact and optionally an opportunity, in one transaction; a second conversion answers 409',
        params: IdParams,
        body: ConvertLeadInput,
        response: { 200: ConvertLeadResult, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    (req) => conversion.convertLead(deps, ctx(req), req.params.id, req.body),
  );

  exportRoutes(app, {
    entity: 'leads',
    tag: 'leads',
    access: 'authenticated',
    summary:
      'The list as a file: same filters and sort, chosen columns, labels rather than keys, your scope, spreadsheet-formula safe',
    querystring: LeadExportQuery,
    produce: (c, query) => service.exportLeads(deps, c, query),
  });
}
