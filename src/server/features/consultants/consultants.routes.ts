import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { exportRoutes } from '../../http/export';
import { ConsultantExportQuery } from '../../../shared/exports';
import { expectedVersion } from '../../http/versioning';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import { INTERNAL_ROLES } from '../../../shared/roles';
import {
  Consultant,
  ConsultantListQuery,
  ConsultantLookupQuery,
  ConsultantLookupResult,
  CreateConsultantInput,
  PortalAccessInput,
  UpdateConsultantInput,
} from '../../../shared/consultants';
import { CONSULTANT_WRITERS } from './consultants.policy';
import * as service from './consultants.service';

export function consultantsRoutes(app: App, deps: Deps) {
  app.get(
    '/api/consultants',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['consultants'],
        summary:
          "List partners' people (partner admins: their company; partner reps: their company's listed people)",
        querystring: ConsultantListQuery,
        response: { 200: page(Consultant), ...errorResponses(400, 401) },
      },
    },
    (req) => service.listConsultants(deps, ctx(req), req.query),
  );

  app.get(
    '/api/consultants/lookup',
    {
      config: { access: [...INTERNAL_ROLES, 'partner_admin'] },
      schema: {
        tags: ['consultants'],
        summary:
          "Find people by name or email across partners and say why each is or is not in one partner's list",
        querystring: ConsultantLookupQuery,
        response: { 200: ConsultantLookupResult, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (req) => service.lookupConsultants(deps, ctx(req), req.query),
  );

  app.post(
    '/api/consultants',
    {
      config: { access: CONSULTANT_WRITERS },
      schema: {
        tags: ['consultants'],
        summary: 'Add a person to a partner, optionally with a portal login (invitation email)',
        body: CreateConsultantInput,
        response: { 201: Consultant, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createConsultant(deps, ctx(req), req.body)),
  );

  app.get(
    '/api/consultants/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['consultants'],
        params: IdParams,
        response: { 200: Consultant, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.getConsultant(deps, ctx(req), req.params.id),
  );

  app.patch(
    '/api/consultants/:id',
    {
      // Partner users reach the service so that another company's id answers 404, not 403.
      config: { access: 'authenticated' },
      schema: {
        tags: ['consultants'],
        summary: 'Edit a consultant; changing partnerId moves them to another partner',
        params: IdParams,
        body: UpdateConsultantInput,
        response: { 200: Consultant, ...errorResponses(400, 401, 403, 404, 409, 422, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      const v = expectedVersion(version, req.headers['if-match']);
      return service.updateConsultant(deps, ctx(req), req.params.id, v, changes);
    },
  );

  app.delete(
    '/api/consultants/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['consultants'],
        summary: 'Archive a consultant (kept with their history; restore brings them back)',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await service.archiveConsultant(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/consultants/:id/restore',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['consultants'],
        params: IdParams,
        response: { 200: Consultant, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (req) => service.restoreConsultant(deps, ctx(req), req.params.id),
  );

  app.post(
    '/api/consultants/:id/portal-access',
    {
      config: { access: CONSULTANT_WRITERS },
      schema: {
        tags: ['consultants'],
        summary: 'Create a portal login for the consultant and email them an invitation',
        params: IdParams,
        body: PortalAccessInput,
        response: { 200: Consultant, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    (req) => service.grantPortalAccess(deps, ctx(req), req.params.id, req.body.role),
  );

  exportRoutes(app, {
    entity: 'consultants',
    tag: 'consultants',
    access: 'authenticated',
    summary:
      "Partners' people as a file: same filters and sort as the list, chosen columns, your scope, spreadsheet-formula safe",
    querystring: ConsultantExportQuery,
    produce: (c, query) => service.exportConsultants(deps, c, query),
  });
}
