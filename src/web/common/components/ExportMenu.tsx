import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ExportFormat } from '../api';

/**
 * "Export" with a choice of CSV or Excel: each item is a plain download link, so the browser streams
 * the file to disk however large it is. The link carries the page's current filters. `what` names what is
 * exported, in the UI's language ("the audit log"): the button's accessible name is "Export <what>".
 */
export function ExportMenu({ href, what }: { href: (format: ExportFormat) => string; what: string }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" aria-label={t('common:export.what', { what })}>
          {t('common:export.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('common:export.scope')}</Menu.Label>
        <Menu.Item component="a" href={href('csv')} download>
          {t('common:export.csv')}
        </Menu.Item>
        <Menu.Item component="a" href={href('xlsx')} download>
          {t('common:export.xlsx')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
