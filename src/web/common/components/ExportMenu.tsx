import { Button, Menu } from '@mantine/core';
import type { ExportFormat } from '../api';

/**
 * "Export" with a choice of CSV or Excel: each item is a plain download link, so the browser streams
 * the file to disk however large it is. The link carries the page's current filters.
 */
export function ExportMenu({ href, what }: { href: (format: ExportFormat) => string; what: string }) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" aria-label={`Export ${what}`}>
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Everything matching the filters</Menu.Label>
        <Menu.Item component="a" href={href('csv')} download>
          CSV (.csv)
        </Menu.Item>
        <Menu.Item component="a" href={href('xlsx')} download>
          Excel (.xlsx)
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
