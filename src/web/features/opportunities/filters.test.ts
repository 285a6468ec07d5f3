import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTERS,
  filtersToRecord,
  readFilters,
  readSort,
  readUrl,
  toApiQuery,
  writeUrl,
} from './filters';

const PARTNER = '249e1cde-cfe5-475c-9f1d-fce371a08d18';
const STAGE = '31a0e090-5c8d-42e3-8d8c-68b5c60ea2f4';

describe('opportunity list state', () => {
  it('survives a round trip through the address', () => {
    const state = {
      filters: {
        ...EMPTY_FILTERS,
        q: 'Contoso',
        partnerId: [PARTNER],
        stageKind: ['open' as const],
        closeFrom: '2026-01-01',
        minAmount: '1000.50',
        following: true,
      },
      sort: '-amount',
      columns: ['name' as const, 'amount' as const],
      viewId: null,
      display: 'pipeline' as const,
    };
    expect(readUrl(writeUrl(state))).toEqual(state);
  });

  it('drops what the server would refuse instead of sending it', () => {
    const f = readFilters(
      (k) =>
        ({
          partnerId: `${PARTNER},not-an-id`,
          stageKind: 'open,sideways',
          source: 'direct,carrier_pigeon',
          closeTo: '31/12/2026',
          minAmount: '12.345',
          maxAmount: '1,000',
        })[k],
    );
    expect(f.partnerId).toEqual([PARTNER]);
    expect(f.stageKind).toEqual(['open']);
    expect(f.source).toEqual(['direct']);
    expect(f.closeTo).toBe('');
    expect(f.minAmount).toBe('');
    expect(f.maxAmount).toBe('');
    expect(readSort('-password')).toBeNull();
    expect(readSort('closeDate')).toBe('closeDate');
  });

  it('stores only the filters that are set, and reads a saved view back', () => {
    const filters = { ...EMPTY_FILTERS, stageId: [STAGE], following: true };
    const record = filtersToRecord(filters);
    expect(record).toEqual({ stageId: [STAGE], following: true });
    expect(readFilters((k) => record[k])).toEqual(filters);
    expect(toApiQuery(filters)).toMatchObject({ stageId: [STAGE], following: 'true' });
  });
});
