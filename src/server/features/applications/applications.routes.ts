import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import {
  Application,
  ApplicationCounts,
  ApplicationFormToken,
  ApplicationListQuery,
  ApplicationReceipt,
  ApprovalOptions,
  ApproveApplicationInput,
  DeclineApplicationInput,
  SubmitApplicationInput,
} from '../../../shared/applications';
import { APPLICATION_REVIEWERS } from './applications.policy';
import * as service from './applications.service';

export function applicationsRoutes(app: App, deps: Deps) {
  app.get(
    '/api/applications/form',
    {
      config: { access: 'public' },
      schema: {
        tags: ['applications'],
        summary: 'A signed token for the public application form; send it back with the form',
        response: { 200: ApplicationFormToken },
      },
    },
    async (_req, reply) => {
      void reply.header('cache-control', 'no-store');
      return service.issueFormToken(deps);
    },
  );

  app.post(
    '/api/applications',
    {
      config: { access: 'public' },
      schema: {
        tags: ['applications'],
        summary:
          'Apply to become a partner (no sign-in; rate limited per client address; needs a form token from GET /api/applications/form)',
        body: SubmitApplicationInput,
        response: { 201: ApplicationReceipt, ...errorResponses(400, 413, 429) },
      },
    },
    async (req, reply) => {
      const receipt = await service.submitApplication(
        deps,
        {
          requestId: String(req.id),
          ip: req.ip,
          userAgent: req.headers['user-agent'] ?? null,
        },
        req.body,
      );
      return reply.status(201).send(receipt);
    },
  );

  app.get(
    '/api/applications',
    {
      config: { access: APPLICATION_REVIEWERS },
      schema: {
        tags: ['applications'],
        summary: 'Applications to review, newest first, each with possible duplicates flagged',
        querystring: ApplicationListQuery,
        response: { 200: page(Application), ...errorResponses(400, 401, 403) },
      },
    },
    (req) => service.listApplications(deps, ctx(req), req.query),
  );

  app.get(
    '/api/applications/counts',
    {
      config: { access: APPLICATION_REVIEWERS },
      schema: {
        tags: ['applications'],
        summary: 'How many applications are pending, approved and declined',
        response: { 200: ApplicationCounts, ...errorResponses(401, 403) },
      },
    },
    (req) => service.countApplications(deps, ctx(req)),
  );

  app.get(
    '/api/applications/approval-options',
    {
      config: { access: APPLICATION_REVIEWERS },
      schema: {
        tags: ['applications'],
        summary: 'Levels, activation stages and channel managers to choose from when approving',
        response: { 200: ApprovalOptions, ...errorResponses(401, 403) },
      },
    },
    (req) => service.approvalOptions(deps, ctx(req)),
  );

  app.get(
    '/api/applications/:id',
    {
      config: { access: APPLICATION_REVIEWERS },
      schema: {
        tags: ['applications'],
        params: IdParams,
        response: { 200: Application, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (req) => service.getApplication(deps, ctx(req), req.params.id),
  );

  app.post(
    '/api/applications/:id/approve',
    {
      config: { access: APPLICATION_REVIEWERS },
      schema: {
        tags: ['applications'],
        summary:
          'Create the partner from the application and invite the applicant as its partner admin',
        params: IdParams,
        body: ApproveApplicationInput,
        response: { 200: Application, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (req) => service.approveApplication(deps, ctx(req), req.params.id, req.body),
  );

  app.post(
    '/api/applications/:id/decline',
    {
      config: { access: APPLICATION_REVIEWERS },
      schema: {
        tags: ['applications'],
        summary: 'Decline with a reason; the applicant receives it by email',
        params: IdParams,
        body: DeclineApplicationInput,
        response: { 200: Application, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    (req) => service.declineApplication(deps, ctx(req), req.params.id, req.body),
  );
}
