import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { errorResponses, type App } from '../../http/types';
import { IdParams } from '../../../shared/common';
import { INTERNAL_ROLES } from '../../../shared/roles';
import { PartnerForecast } from '../../../shared/opportunities';
import * as service from './forecast.service';

/**
 * A partner's forecast compares it with the whole network, so it is for the vendor and for the
 * partner's own admin; a rep sees only their own deals and has no company-wide figures.
 */
const FORECAST_READERS = [...INTERNAL_ROLES, 'partner_admin'] as const;

export function forecastRoutes(app: App, deps: Deps) {
  app.get(
    '/api/partners/:id/forecast',
    {
      config: { access: FORECAST_READERS },
      schema: {
        tags: ['partners'],
        summary:
          "The partner's Forecasts tab: open pipeline weighted by stage probability for this quarter and the next two (committed, best case, all), win rate, average deal size, sales cycle and lead conversion, each beside the network median",
        params: IdParams,
        response: { 200: PartnerForecast, ...errorResponses(400, 401, 403, 404) },
      },
    },
    (req) => service.partnerForecast(deps, ctx(req), req.params.id),
  );
}
