import type { Deps } from '../../deps';
import { scopeOf, type Ctx } from '../../http/actor';
import { notFound } from '../../http/errors';
import type { PartnerForecast } from '../../../shared/opportunities';
import { findPartner } from '../partners/partners.repo';
import * as repo from './forecast.repo';

/**
 * The Forecasts tab of a partner: its open pipeline for this quarter and the next two, and how
 * it converts and closes, each beside the network's median. Visible to whoever may see the
 * partner (a partner user: their own company only; others answer 404 like a missing partner).
 */
export async function partnerForecast(
  deps: Deps,
  ctx: Ctx,
  partnerId: string,
): Promise<PartnerForecast> {
  if (!(await findPartner(deps.db, scopeOf(ctx.actor), partnerId))) throw notFound('Partner');
  const f = await repo.forecastFigures(deps.db, partnerId);
  if (!f) throw notFound('Partner');
  const quarters = Array.from({ length: repo.QUARTERS }, (_, i) => {
    const q = i as 0 | 1 | 2;
    return {
      quarter: f[`label${q}`],
      from: f[`from${q}`],
      to: f[`to${q}`],
      weighted: f[`w${q}`],
      committed: f[`c${q}`],
      bestCase: f[`b${q}`],
      pipeline: f[`p${q}`],
      networkMedianWeighted: f[`mw${q}`],
      networkSample: f[`kw${q}`],
    };
  });
  return {
    partnerId,
    baseCurrency: f.base_currency,
    quarters,
    winRate: {
      value: f.win_rate,
      networkMedian: f.m_win_rate,
      sample: f.won + f.lost,
      networkSample: f.k_win_rate,
    },
    averageDealSize: {
      value: f.deal_size,
      networkMedian: f.m_deal_size,
      sample: f.won_with_amount,
      networkSample: f.k_deal_size,
    },
    averageSalesCycleDays: {
      value: f.cycle_days,
      networkMedian: f.m_cycle_days,
      sample: f.won,
      networkSample: f.k_cycle_days,
    },
    leadConversionRate: {
      value: f.conversion,
      networkMedian: f.m_conversion,
      sample: f.lead_sample,
      networkSample: f.k_conversion,
    },
    networkSize: f.network_size,
  };
}
