import { Button, Menu } from '@mantine/core';
import {
  IconChevronDown,
  IconDownload,
  IconFileSpreadsheet,
  IconFileTypeCsv,
} from '@tabler/icons-react';
import type { ExportFormat } from '../../shared/exports';

/**
 * "Export" with a CSV and an Excel item: each downloads what the list shows right now (its
 * filters, sort and columns), built by `url` for the format.
 */
export function ExportMenu({ url }: { url: (format: ExportFormat) => string }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          variant="default"
          leftSection={<IconDownload size={16} aria-hidden />}
          rightSection={<IconChevronDown size={14} aria-hidden />}
        >
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          component="a"
          href={url('csv')}
          download
          leftSection={<IconFileTypeCsv size={16} aria-hidden />}
        >
          CSV
        </Menu.Item>
        <Menu.Item
          component="a"
          href={url('xlsx')}
          download
          leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
        >
          Excel (.xlsx)
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
