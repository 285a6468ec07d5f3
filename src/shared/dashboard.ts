import { z } from 'zod';
import { HistoryEvent } from './history';

export const DashboardSummary = z
  .object({
    partnersByStatus: z.record(z.string(), z.number()),
    usersByRole: z.record(z.string(), z.number()),
    recentEvents: z.array(HistoryEvent),
  })
  .meta({ id: 'DashboardSummary' });
