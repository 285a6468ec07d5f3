import type { Deps } from '../../deps';
import { scopeOf, type Ctx } from '../../http/actor';
import { countPartnersByStatus } from '../partners/partners.repo';
import { listRecentEvents } from '../history/history.repo';
import { presentEvent } from '../history/history.service';
import { countUsersByRole } from './dashboard.repo';

export async function summary(deps: Deps, ctx: Ctx) {
  const scope = scopeOf(ctx.actor);
  const [partnersByStatus, usersByRole, events] = await Promise.all([
    countPartnersByStatus(deps.db, scope),
    countUsersByRole(deps.db, scope),
    listRecentEvents(deps.db, scope, 10),
  ]);
  return { partnersByStatus, usersByRole, recentEvents: events.map(presentEvent) };
}
