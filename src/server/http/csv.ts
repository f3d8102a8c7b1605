import { stringify } from 'csv-stringify/sync';

/**
 * A spreadsheet must never run a downloaded cell as a formula (OWASP CSV injection): a cell starting
 * with = + - @, a tab or a carriage return gets a leading single quote, which spreadsheets read as "text".
 */
export function spreadsheetSafe(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** A CSV download: UTF-8 with a BOM (so Excel reads accents), CRLF line ends, every cell spreadsheet-safe. */
export function csvDownload(rows: readonly (readonly unknown[])[]): string {
  return '\uFEFF' + stringify(rows.map((r) => r.map(spreadsheetSafe)), { record_delimiter: '\r\n' });
}
