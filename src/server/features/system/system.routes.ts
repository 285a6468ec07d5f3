import { z } from 'zod';
import type { Deps } from '../../deps';
import { errorResponses, type App } from '../../http/types';
import { AppError } from '../../http/errors';
import { ping } from './system.repo';

export function systemRoutes(app: App, deps: Deps) {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Liveness: ok when the database answers',
        response: { 200: z.object({ status: z.literal('ok') }), ...errorResponses(503) },
      },
    },
    async () => {
      try {
        await ping(deps.db);
      } catch {
        throw new AppError('UNAVAILABLE', 'The database does not answer');
      }
      return { status: 'ok' as const };
    },
  );
}
