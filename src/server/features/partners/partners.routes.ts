import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { expectedVersion } from '../../http/versioning';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import {
  CreatePartnerInput,
  Partner,
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
        summary: 'List partners (partner users: only their own company)',
        querystring: PartnerListQuery,
        response: { 200: page(Partner), ...errorResponses(400, 401) },
      },
    },
    (req) => service.listPartners(deps, ctx(req), req.query),
  );

  app.post(
    '/api/partners',
    {
      config: { access: PARTNER_EDITORS },
      schema: {
        tags: ['partners'],
        body: CreatePartnerInput,
        response: { 201: Partner, ...errorResponses(400, 401, 403) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createPartner(deps, ctx(req), req.body)),
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

  app.patch(
    '/api/partners/:id',
    {
      // Partner users reach the service so that another company's id answers 404, not 403.
      config: { access: 'authenticated' },
      schema: {
        tags: ['partners'],
        params: IdParams,
        body: UpdatePartnerInput,
        response: { 200: Partner, ...errorResponses(400, 401, 403, 404, 409, 428) },
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
}
