import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { errorResponses, type App } from '../../http/types';
import { page } from '../../../shared/common';
import { HistoryEvent, HistoryQuery } from '../../../shared/history';
import { timeline } from './history.service';

export function historyRoutes(app: App, deps: Deps) {
  app.get(
    '/api/history',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['history'],
        summary: "A record's audit timeline, newest first (only for records you may see)",
        querystring: HistoryQuery,
        response: { 200: page(HistoryEvent), ...errorResponses(400, 401, 404) },
      },
    },
    (req) => timeline(deps, ctx(req), req.query),
  );
}
