import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { PartnerForecast as PartnerForecastSchema } from '../../../shared/opportunities';
import { api } from '../../lib/api';

export type PartnerForecast = z.infer<typeof PartnerForecastSchema>;
export type ForecastMetric = PartnerForecast['winRate'];
export type QuarterForecast = PartnerForecast['quarters'][number];

export const forecastKeys = {
  all: ['forecast'] as const,
  partner: (partnerId: string) => ['forecast', 'partner', partnerId] as const,
};

/** The partner's weighted pipeline and closing metrics beside the network's medians. */
export function usePartnerForecast(partnerId: string) {
  return useQuery({
    queryKey: forecastKeys.partner(partnerId),
    queryFn: ({ signal }) =>
      api.get<PartnerForecast>(
        `/api/partners/${encodeURIComponent(partnerId)}/forecast`,
        undefined,
        signal,
      ),
    staleTime: 60_000,
  });
}
