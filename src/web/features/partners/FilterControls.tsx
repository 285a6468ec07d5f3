import { Popover, TagsInput } from '@mantine/core';
import {
  DEFAULT_PARTNER_COLUMNS,
  PARTNER_COLUMN_LABELS,
  PARTNER_COLUMNS,
  type PartnerColumn,
} from '../../../shared/partners';
import { ColumnsMenu, FilterButton } from '../../components/data-view/FilterControls';

export function TagFilter({
  selected,
  onChange,
}: {
  selected: string[];
  onChange: (values: string[]) => void;
}) {
  return (
    <Popover position="bottom-start" shadow="md" width={280} trapFocus>
      <Popover.Target>
        <FilterButton label="Tags" count={selected.length} />
      </Popover.Target>
      <Popover.Dropdown>
        <TagsInput
          label="Partners tagged with any of"
          placeholder="Type a tag and press Enter"
          value={selected}
          onChange={onChange}
          splitChars={[',']}
          clearable
          size="sm"
        />
      </Popover.Dropdown>
    </Popover>
  );
}

/** The partner column chooser: the company column is the link to the partner, so it stays. */
export function PartnerColumnsMenu(props: {
  columns: PartnerColumn[];
  onChange: (columns: PartnerColumn[]) => void;
}) {
  return (
    <ColumnsMenu
      all={PARTNER_COLUMNS}
      labels={PARTNER_COLUMN_LABELS}
      defaults={DEFAULT_PARTNER_COLUMNS}
      anchor="companyName"
      {...props}
    />
  );
}
