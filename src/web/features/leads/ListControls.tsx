import {
  DEFAULT_LEAD_COLUMNS,
  LEAD_COLUMN_LABELS,
  LEAD_COLUMNS,
  type LeadColumn,
} from '../../../shared/leads';
import { ColumnsMenu, RangeFilter } from '../../components/data-view/FilterControls';

/** Estimated value between two amounts (either end open), applied as soon as a field is left. */
export function ValueRangeFilter(props: {
  min: string;
  max: string;
  onChange: (min: string, max: string) => void;
}) {
  return (
    <RangeFilter
      label="Value"
      fromLabel="Estimated value from"
      toLabel="Estimated value up to"
      applyOnBlur
      {...props}
    />
  );
}

/** The lead column chooser: the name is the link to the lead, so it always stays. */
export function LeadColumnsMenu(props: {
  columns: LeadColumn[];
  onChange: (columns: LeadColumn[]) => void;
}) {
  return (
    <ColumnsMenu
      all={LEAD_COLUMNS}
      labels={LEAD_COLUMN_LABELS}
      defaults={DEFAULT_LEAD_COLUMNS}
      anchor="name"
      {...props}
    />
  );
}
