import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { errorResponses, type App } from '../../http/types';
import { IdParams } from '../../../shared/common';
import {
  LeadScore,
  RescoreStarted,
  ScoreDistribution,
  ScoringModel,
  UpdateScoringInput,
  UpdateScoringResult,
} from '../../../shared/scoring';
import { SCORING_EDITORS, SCORING_READERS } from './scoring.policy';
import * as service from './scoring.service';

const tags = ['lead scoring'];

export function scoringRoutes(app: App, deps: Deps) {
  app.get(
    '/api/scoring',
    {
      config: { access: SCORING_READERS },
      schema: {
        tags,
        summary: 'The scoring rules and the hot/warm thresholds',
        response: { 200: ScoringModel, ...errorResponses(401, 403) },
      },
    },
    () => service.getModel(deps),
  );

  app.put(
    '/api/scoring',
    {
      config: { access: SCORING_EDITORS },
      schema: {
        tags,
        summary:
          'Replace every rule and both thresholds at once (with the settings version), then rescore all leads in the background',
        body: UpdateScoringInput,
        response: { 200: UpdateScoringResult, ...errorResponses(400, 401, 403, 409) },
      },
    },
    (req) => service.updateModel(deps, ctx(req), req.body),
  );

  app.post(
    '/api/scoring/rescore',
    {
      config: { access: SCORING_EDITORS },
      schema: {
        tags,
        summary:
          'Rescore every lead in the background; follow it with GET /api/scoring/distribution',
        response: { 202: RescoreStarted, ...errorResponses(401, 403) },
      },
    },
    async (req, reply) => reply.status(202).send(await service.startRescore(deps, ctx(req))),
  );

  app.get(
    '/api/scoring/distribution',
    {
      config: { access: SCORING_READERS },
      schema: {
        tags,
        summary: 'Leads per rating and per 10-point score bucket, and the latest rescoring job',
        response: { 200: ScoreDistribution, ...errorResponses(401, 403) },
      },
    },
    () => service.distribution(deps),
  );

  app.get(
    '/api/leads/:id/score',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: "A lead's score, its rating and the rules that matched",
        params: IdParams,
        response: { 200: LeadScore, ...errorResponses(401, 404) },
      },
    },
    (req) => service.leadScore(deps, ctx(req), req.params.id),
  );
}
