import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { expectedVersion } from '../../http/versioning';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import {
  CreateLeadStatusInput,
  CreateOpportunityStageInput,
  CreatePicklistValueInput,
  Currency,
  CurrencyParams,
  LeadStatus,
  OpportunityStage,
  PicklistParams,
  PicklistValue,
  PicklistValueParams,
  SalesSetup,
  SetupReorderInput,
  UpdateLeadStatusInput,
  UpdateOpportunityStageInput,
  UpdatePicklistValueInput,
  UpsertCurrencyInput,
} from '../../../shared/sales-setup';
import { SETUP_ADMINS } from './sales-setup.policy';
import * as service from './sales-setup.service';

const tags = ['sales setup'];

export function salesSetupRoutes(app: App, deps: Deps) {
  app.get(
    '/api/setup',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          'Every pick list (retired values included), the lead status path, opportunity stages and currencies, in order',
        response: { 200: SalesSetup, ...errorResponses(401) },
      },
    },
    () => service.getSetup(deps),
  );

  // --- Pick lists -------------------------------------------------------------------------------
  app.post(
    '/api/setup/picklists/:list/values',
    {
      config: { access: SETUP_ADMINS },
      schema: {
        tags,
        summary:
          'Add a value at the end of a pick list; the key is derived from the label if omitted',
        params: PicklistParams,
        body: CreatePicklistValueInput,
        response: { 201: PicklistValue, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await service.createPicklistValue(deps, ctx(req), req.params.list, req.body)),
  );

  app.post(
    '/api/setup/picklists/:list/reorder',
    {
      config: { access: SETUP_ADMINS },
      schema: {
        tags,
        summary: 'Set the order of every value of a pick list at once',
        params: PicklistParams,
        body: SetupReorderInput,
        response: { 200: page(PicklistValue), ...errorResponses(400, 401, 403) },
      },
    },
    (req) => service.reorderPicklist(deps, ctx(req), req.params.list, req.body.ids),
  );

  app.patch(
    '/api/setup/picklists/:list/values/:id',
    {
      config: { access: SETUP_ADMINS },
      schema: {
        tags,
        summary: 'Rename, retire (active: false) or reactivate a value; its key never changes',
        params: PicklistValueParams,
        body: UpdatePicklistValueInput,
        response: { 200: PicklistValue, ...errorResponses(400, 401, 403, 404, 409, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      const v = expectedVersion(version, req.headers['if-match']);
      return service.updatePicklistValue(
        deps,
        ctx(req),
        req.params.list,
        req.params.id,
        v,
        changes,
      );
    },
  );

  app.delete(
    '/api/setup/picklists/:list/values/:id',
    {
      config: { access: SETUP_ADMINS },
      schema: {
        tags,
        summary: 'Delete a value no record uses (422 otherwise: retire it instead)',
        params: PicklistValueParams,
        response: { 204: z.null(), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      await service.deletePicklistValue(deps, ctx(req), req.params.list, req.params.id);
      return reply.status(204).send(null);
    },
  );

  // --- Lead statuses ----------------------------------------------------------------------------
  app.post(
    '/api/setup/lead-statuses',
    {
      config: { access: SETUP_ADMINS },
      schema: {
        tags,
        summary: 'Add an open or closed status at the end of the path',
        body: CreateLeadStatusInput,
        response: { 201: LeadStatus, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createLeadStatus(deps, ctx(req), req.body)),
  );

  app.post(
    '/api/setup/lead-statuses/reorder',
    {
      config: { access: SETUP_ADMINS },
      schema: {
        tags,
        summary: 'Set the order of the whole status path at once',
        body: SetupReorderInput,
        response: { 200: page(LeadStatus), ...errorResponses(400, 401, 403) },
      },
    },
    (req) => service.reorderLeadStatuses(deps, ctx(req), req.body.ids),
  );

  app.patch(
    '/api/setup/lead-statuses/:id',
    {
      config: { access: SETUP_ADMINS },
      schema: {
        tags,
        summary:
          'Rename a status, change open/closed, or make it the default (the previous default lets go)',
        params: IdParams,
        body: UpdateLeadStatusInput,
        response: { 200: LeadStatus, ...errorResponses(400, 401, 403, 404, 409, 422, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      const v = expectedVersion(version, req.headers['if-match']);
      return service.updateLeadStatus(deps, ctx(req), req.params.id, v, changes);
    },
  );

  app.delete(
    '/api/setup/lead-statuses/:id',
    {
      config: { access: SETUP_ADMINS },
      schema: {
        tags,
        summary:
          'Delete an unused status (not the converted one, the default, or the last open one)',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      await service.deleteLeadStatus(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  // --- Opportunity stages -----------------------------------------------------------------------
  app.post(
    '/api/setup/opportunity-stages',
    {
      config: { access: SETUP_ADMINS },
      schema: {
        tags,
        summary: 'Add a stage at the end of the pipeline',
        body: CreateOpportunityStageInput,
        response: { 201: OpportunityStage, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createStage(deps, ctx(req), req.body)),
  );

  app.post(
    '/api/setup/opportunity-stages/reorder',
    {
      config: { access: SETUP_ADMINS },
      schema: {
        tags,
        summary: 'Set the order of every stage at once',
        body: SetupReorderInput,
        response: { 200: page(OpportunityStage), ...errorResponses(400, 401, 403) },
      },
    },
    (req) => service.reorderStages(deps, ctx(req), req.body.ids),
  );

  app.patch(
    '/api/setup/opportunity-stages/:id',
    {
      config: { access: SETUP_ADMINS },
      schema: {
        tags,
        summary: 'Change a stage (label, probability 0–100, kind, forecast category)',
        params: IdParams,
        body: UpdateOpportunityStageInput,
        response: { 200: OpportunityStage, ...errorResponses(400, 401, 403, 404, 409, 422, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      const v = expectedVersion(version, req.headers['if-match']);
      return service.updateStage(deps, ctx(req), req.params.id, v, changes);
    },
  );

  app.delete(
    '/api/setup/opportunity-stages/:id',
    {
      config: { access: SETUP_ADMINS },
      schema: {
        tags,
        summary: 'Delete an unused stage (one open, one won and one lost stage always remain)',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      await service.deleteStage(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  // --- Currencies -------------------------------------------------------------------------------
  app.put(
    '/api/setup/currencies',
    {
      config: { access: SETUP_ADMINS },
      schema: {
        tags,
        summary:
          'Add a currency or change its rate (units per one unit of the base currency; the base stays 1)',
        body: UpsertCurrencyInput,
        response: { 200: Currency, 201: Currency, ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (req, reply) => {
      const { currency, created } = await service.upsertCurrency(deps, ctx(req), req.body);
      return reply.status(created ? 201 : 200).send(currency);
    },
  );

  app.delete(
    '/api/setup/currencies/:code',
    {
      config: { access: SETUP_ADMINS },
      schema: {
        tags,
        summary: 'Delete a currency no record uses (never the base currency)',
        params: CurrencyParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      await service.deleteCurrency(deps, ctx(req), req.params.code);
      return reply.status(204).send(null);
    },
  );
}
