import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { expectedVersion } from '../../http/versioning';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import {
  ActivationStage,
  CreateActivationStageInput,
  CreatePartnerLevelInput,
  PartnerLevel,
  ReorderInput,
  UpdateActivationStageInput,
  UpdatePartnerLevelInput,
} from '../../../shared/partners';
import { PROGRAM_ADMINS } from './partner-program.policy';
import * as service from './partner-program.service';

export function partnerProgramRoutes(app: App, deps: Deps) {
  // --- Levels -----------------------------------------------------------------------------------
  app.get(
    '/api/partner-levels',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['partner program'],
        summary: 'Partner levels, lowest rank first; partnerCount counts the partners you can see',
        response: { 200: page(PartnerLevel), ...errorResponses(401) },
      },
    },
    (req) => service.listLevels(deps, ctx(req)),
  );

  app.post(
    '/api/partner-levels',
    {
      config: { access: PROGRAM_ADMINS },
      schema: {
        tags: ['partner program'],
        summary: 'Add a level; it becomes the highest rank',
        body: CreatePartnerLevelInput,
        response: { 201: PartnerLevel, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createLevel(deps, ctx(req), req.body)),
  );

  app.post(
    '/api/partner-levels/reorder',
    {
      config: { access: PROGRAM_ADMINS },
      schema: {
        tags: ['partner program'],
        summary: 'Set the order of all levels at once (lowest rank first)',
        body: ReorderInput,
        response: { 200: page(PartnerLevel), ...errorResponses(400, 401, 403) },
      },
    },
    (req) => service.reorderLevels(deps, ctx(req), req.body.ids),
  );

  app.patch(
    '/api/partner-levels/:id',
    {
      config: { access: PROGRAM_ADMINS },
      schema: {
        tags: ['partner program'],
        params: IdParams,
        body: UpdatePartnerLevelInput,
        response: { 200: PartnerLevel, ...errorResponses(400, 401, 403, 404, 409, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      const v = expectedVersion(version, req.headers['if-match']);
      return service.updateLevel(deps, ctx(req), req.params.id, v, changes);
    },
  );

  app.delete(
    '/api/partner-levels/:id',
    {
      config: { access: PROGRAM_ADMINS },
      schema: {
        tags: ['partner program'],
        summary: 'Delete an unused level (not the last one); the others are renumbered',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      await service.deleteLevel(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  // --- Activation stages ------------------------------------------------------------------------
  app.get(
    '/api/activation-stages',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['partner program'],
        summary:
          'Activation stages in onboarding order; partnerCount counts the partners you can see',
        response: { 200: page(ActivationStage), ...errorResponses(401) },
      },
    },
    (req) => service.listStages(deps, ctx(req)),
  );

  app.post(
    '/api/activation-stages',
    {
      config: { access: PROGRAM_ADMINS },
      schema: {
        tags: ['partner program'],
        summary: 'Add a stage; it becomes the last one',
        body: CreateActivationStageInput,
        response: { 201: ActivationStage, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createStage(deps, ctx(req), req.body)),
  );

  app.post(
    '/api/activation-stages/reorder',
    {
      config: { access: PROGRAM_ADMINS },
      schema: {
        tags: ['partner program'],
        summary: 'Set the order of all stages at once (first stage first)',
        body: ReorderInput,
        response: { 200: page(ActivationStage), ...errorResponses(400, 401, 403) },
      },
    },
    (req) => service.reorderStages(deps, ctx(req), req.body.ids),
  );

  app.patch(
    '/api/activation-stages/:id',
    {
      config: { access: PROGRAM_ADMINS },
      schema: {
        tags: ['partner program'],
        params: IdParams,
        body: UpdateActivationStageInput,
        response: { 200: ActivationStage, ...errorResponses(400, 401, 403, 404, 409, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      const v = expectedVersion(version, req.headers['if-match']);
      return service.updateStage(deps, ctx(req), req.params.id, v, changes);
    },
  );

  app.delete(
    '/api/activation-stages/:id',
    {
      config: { access: PROGRAM_ADMINS },
      schema: {
        tags: ['partner program'],
        summary: 'Delete an unused stage (not the last one); the others are renumbered',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      await service.deleteStage(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
