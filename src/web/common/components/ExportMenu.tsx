import { Button, Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ExportFormat } from '../api';

/**
 * A button opening a choice of CSV or Excel: each item is a plain download link, so the browser streams the file
 * to disk however large it is. `button` is its text, `label` its accessible name; `heading` heads the choice.
 */
export function DownloadMenu({
  href,
  button,
  label,
  heading,
}: {
  href: (format: ExportFormat) => string;
  button: string;
  label: string;
  heading?: string;
}) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" aria-label={label}>
          {button}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {heading && <Menu.Label>{heading}</Menu.Label>}
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

/**
 * "Export" with a choice of CSV or Excel. The link carries the page's current filters. `what` names what is
 * exported, in the UI's language ("the audit log"): the button's accessible name is "Export <what>".
 */
export function ExportMenu({ href, what }: { href: (format: ExportFormat) => string; what: string }) {
  const { t } = useTranslation();
  return (
    <DownloadMenu
      href={href}
      button={t('common:export.button')}
      label={t('common:export.what', { what })}
      heading={t('common:export.scope')}
    />
  );
}
