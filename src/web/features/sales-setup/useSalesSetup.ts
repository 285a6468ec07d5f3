import { useQuery } from '@tanstack/react-query';
import type { PicklistName, SalesSetup } from '../../../shared/sales-setup';
import { api } from '../../lib/api';

export const salesSetupKey = ['sales-setup'] as const;

/**
 * Pick lists, the lead status path, opportunity stages and currencies, loaded once and shared
 * by every form, list, filter and board (GET /api/setup). Settings pages invalidate
 * `salesSetupKey` after a change.
 */
export function useSalesSetup() {
  return useQuery({
    queryKey: salesSetupKey,
    queryFn: () => api.get<SalesSetup>('/api/setup'),
    staleTime: 5 * 60_000,
  });
}

/** The label of a stored pick-list key; an unknown (deleted) key shows as itself. */
export function picklistLabel(
  setup: SalesSetup | undefined,
  list: PicklistName,
  key: string | null | undefined,
): string {
  if (!key) return '';
  return setup?.picklists[list]?.find((v) => v.key === key)?.label ?? key;
}

/** Select options for a pick list: active values, plus the current one if it was retired. */
export function picklistOptions(
  setup: SalesSetup | undefined,
  list: PicklistName,
  current?: string | null,
) {
  const values = setup?.picklists[list] ?? [];
  return values
    .filter((v) => v.active || v.key === current)
    .map((v) => ({ value: v.key, label: v.active ? v.label : `${v.label} (retired)` }));
}
