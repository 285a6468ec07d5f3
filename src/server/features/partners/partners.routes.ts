import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { exportRoutes } from '../../http/export';
import { expectedVersion } from '../../http/versioning';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import { INTERNAL_ROLES } from '../../../shared/roles';
import {
  BulkPartnerInput,
  BulkPartnerResult,
  CreatePartnerInput,
  DeleteImpact,
  DeletePartnerQuery,
  DuplicateQuery,
  Partner,
  PartnerCount,
  PartnerCounts,
  PartnerDuplicates,
  PartnerExportQuery,
  PartnerFilters,
  PartnerListQuery,
  UpdatePartnerInput,
} from '../../../shared/partners';
import { PARTNER_EDITORS } from './partners.policy';
import * as service from './partners.service';

export function partnersRoutes(app: App, deps: Deps) {
  app.get(
    '/api/partners',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['partners'],
        summary:
          'List partners (partner users: only their own company). Repeat a filter or separate values with commas to match any of them; archived partners only with includeArchived=true or status=archived',
        querystring: PartnerListQuery,
        response: { 200: page(Partner), ...errorResponses(400, 401) },
      },
    },
    (req) => service.listPartners(deps, ctx(req), req.query),
  );

  app.get(
    '/api/partners/count',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['partners'],
        summary: 'How many partners the same filters as the list match',
        querystring: PartnerFilters,
        response: { 200: PartnerCount, ...errorResponses(400, 401) },
      },
    },
    (req) => service.countPartners(deps, ctx(req), req.query),
  );

  app.get(
    '/api/partners/duplicates',
    {
      config: { access: INTERNAL_ROLES },
      schema: {
        tags: ['partners'],
        summary:
          'Partners with the same name (any case) or the same web domain, to warn before saving',
        querystring: DuplicateQuery,
        response: { 200: PartnerDuplicates, ...errorResponses(400, 401, 403) },
      },
    },
    (req) => service.findDuplicates(deps, ctx(req), req.query),
  );

  app.post(
    '/api/partners',
    {
      config: { access: PARTNER_EDITORS },
      schema: {
        tags: ['partners'],
        summary:
          'Create a partner; without a level or stage it starts at the lowest level and the first stage',
        body: CreatePartnerInput,
        response: { 201: Partner, ...errorResponses(400, 401, 403) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createPartner(deps, ctx(req), req.body)),
  );

  app.post(
    '/api/partners/bulk',
    {
      config: { access: PARTNER_EDITORS },
      schema: {
        tags: ['partners'],
        summary:
          'Set the level, stage or channel manager of many partners, or archive them, in one transaction',
        body: BulkPartnerInput,
        response: { 200: BulkPartnerResult, ...errorResponses(400, 401, 403) },
      },
    },
    (req) => service.bulkUpdate(deps, ctx(req), req.body),
  );

  app.get(
    '/api/partners/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['partners'],
        params: IdParams,
        response: { 200: Partner, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.getPartner(deps, ctx(req), req.params.id),
  );

  app.get(
    '/api/partners/:id/counts',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['partners'],
        summary: "Counts for the detail page's tabs (partner reps: what is theirs)",
        params: IdParams,
        response: { 200: PartnerCounts, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.partnerCounts(deps, ctx(req), req.params.id),
  );

  app.patch(
    '/api/partners/:id',
    {
      // Partner users reach the service so that another company's id answers 404, not 403.
      config: { access: 'authenticated' },
      schema: {
        tags: ['partners'],
        params: IdParams,
        body: UpdatePartnerInput,
        response: { 200: Partner, ...errorResponses(400, 401, 403, 404, 409, 422, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      return service.updatePartner(
        deps,
        ctx(req),
        req.params.id,
        expectedVersion(version, req.headers['if-match']),
        changes,
      );
    },
  );

  app.get(
    '/api/partners/:id/delete-impact',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['partners'],
        summary:
          'What archiving or permanently deleting this partner would affect, and what blocks it',
        params: IdParams,
        response: { 200: DeleteImpact, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (req) => service.deleteImpact(deps, ctx(req), req.params.id),
  );

  app.delete(
    '/api/partners/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['partners'],
        summary:
          'Archive the partner (its users lose access at once); with permanent=true, remove an archived partner for good',
        params: IdParams,
        querystring: DeletePartnerQuery,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      await service.deletePartner(deps, ctx(req), req.params.id, {
        permanent: req.query.permanent === 'true',
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/partners/:id/restore',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['partners'],
        summary: 'Bring an archived partner back to the status it had; its users can sign in again',
        params: IdParams,
        response: { 200: Partner, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    (req) => service.restorePartner(deps, ctx(req), req.params.id),
  );

  exportRoutes(app, {
    entity: 'partners',
    tag: 'partners',
    access: INTERNAL_ROLES,
    summary:
      'The data view as a file: same filters and sort as the list, chosen columns, spreadsheet-formula safe',
    querystring: PartnerExportQuery,
    produce: (c, query) => service.exportPartners(deps, c, query),
  });
}
