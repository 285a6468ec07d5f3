import { useQueries } from '@tanstack/react-query';
import type { ComponentProps } from 'react';
import {
  RangeFilter,
  RemoteFacetFilter as SearchFacetFilter,
} from '../../components/data-view/FilterControls';
import { recordNameQuery, type NamedKind } from './api';

/** Names of records known by id (filters from a link or a saved view), for chips and lists. */
export function useRecordNames(kind: NamedKind, ids: string[]): Map<string, string> {
  const results = useQueries({ queries: ids.map((id) => recordNameQuery(kind, id)) });
  const names = new Map<string, string>();
  ids.forEach((id, i) => {
    const name = results[i]?.data;
    if (name) names.set(id, name);
  });
  return names;
}

/** A facet of partners, people, accounts or campaigns, the chosen ones named by their kind. */
export function RemoteFacetFilter({
  kind,
  ...props
}: Omit<ComponentProps<typeof SearchFacetFilter>, 'labels'> & { kind: NamedKind }) {
  return <SearchFacetFilter {...props} labels={useRecordNames(kind, props.selected)} />;
}

/** The amount range of deals, in each deal's own currency. */
export function AmountRangeFilter(props: {
  min: string;
  max: string;
  onChange: (min: string, max: string) => void;
}) {
  return (
    <RangeFilter
      label="Amount"
      fromLabel="At least"
      toLabel="At most"
      hint="In each deal’s own currency."
      {...props}
    />
  );
}
