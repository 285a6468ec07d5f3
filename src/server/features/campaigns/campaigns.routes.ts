import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { expectedVersion } from '../../http/versioning';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import {
  AttributionQuery,
  Campaign,
  CampaignAttribution,
  CampaignListQuery,
  CampaignSummary,
  CreateCampaignInput,
  UpdateCampaignInput,
} from '../../../shared/campaigns';
import { CAMPAIGN_WRITERS } from './campaigns.policy';
import * as service from './campaigns.service';

const tags = ['campaigns'];

export function campaignsRoutes(app: App, deps: Deps) {
  app.get(
    '/api/campaigns',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          "List campaigns (partner users: their company's, plus the vendor's planned and active ones without budget or owner)",
        querystring: CampaignListQuery,
        response: { 200: page(Campaign), ...errorResponses(400, 401) },
      },
    },
    (req) => service.listCampaigns(deps, ctx(req), req.query),
  );

  app.post(
    '/api/campaigns',
    {
      config: { access: CAMPAIGN_WRITERS },
      schema: {
        tags,
        summary: "Create a campaign (partner admins: always their own company's)",
        body: CreateCampaignInput,
        response: { 201: Campaign, ...errorResponses(400, 401, 403) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createCampaign(deps, ctx(req), req.body)),
  );

  app.get(
    '/api/campaigns/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        params: IdParams,
        response: { 200: Campaign, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.getCampaign(deps, ctx(req), req.params.id),
  );

  app.get(
    '/api/campaigns/:id/summary',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          "The campaign's leads, conversions, pipeline and won deals (within your scope), in the base currency",
        params: IdParams,
        response: { 200: CampaignSummary, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.campaignSummary(deps, ctx(req), req.params.id),
  );

  app.patch(
    '/api/campaigns/:id',
    {
      config: { access: CAMPAIGN_WRITERS },
      schema: {
        tags,
        params: IdParams,
        body: UpdateCampaignInput,
        response: { 200: Campaign, ...errorResponses(400, 401, 403, 404, 409, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      const v = expectedVersion(version, req.headers['if-match']);
      return service.updateCampaign(deps, ctx(req), req.params.id, v, changes);
    },
  );

  app.delete(
    '/api/campaigns/:id',
    {
      config: { access: CAMPAIGN_WRITERS },
      schema: {
        tags,
        summary: 'Delete a campaign no lead or opportunity came from (422 otherwise)',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (req, reply) => {
      await service.deleteCampaign(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/reports/attribution',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          'Leads, converted leads, opportunities and won amount per campaign or per partner, for records created in the period (partner users: their own records)',
        querystring: AttributionQuery,
        response: { 200: CampaignAttribution, ...errorResponses(400, 401) },
      },
    },
    (req) => service.attributionReport(deps, ctx(req), req.query),
  );
}
