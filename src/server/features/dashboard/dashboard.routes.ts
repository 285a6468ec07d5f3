import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { errorResponses, type App } from '../../http/types';
import { DashboardSummary } from '../../../shared/dashboard';
import { summary } from './dashboard.service';

export function dashboardRoutes(app: App, deps: Deps) {
  app.get(
    '/api/dashboard/summary',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['dashboard'],
        summary: 'Counts and recent activity for the home page, within your scope',
        response: { 200: DashboardSummary, ...errorResponses(401) },
      },
    },
    (req) => summary(deps, ctx(req)),
  );
}
