import { escapeHtml } from '../mail/templates';
import type { AnonymisationCertificate, PersonalDataExport } from '../../../common/contract/personalData';

/**
 * The readable forms of the personal-data export and the anonymisation certificate: one self-contained HTML
 * page each (no scripts, no outside resources), every value escaped. The JSON stays the reference form.
 */

const STYLE = `body{font:14px/1.5 system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1.5rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}th{background:#f3f3f3}
pre{white-space:pre-wrap;word-break:break-all}`;

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>\n`;
}

const cell = (v: unknown) =>
  escapeHtml(v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Rows as a table with one column per key; a lone row (the user row) as the same; nothing as "None". */
function rowsTable(value: unknown): string {
  const rows = (Array.isArray(value) ? value : value ? [value] : []) as Record<string, unknown>[];
  if (!rows.length) return '<p>None.</p>';
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${columns.map((c) => `<td>${cell(r[c])}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A table's export is rows, one row, or rows grouped by how they concern the person (notes about / written). */
function tableSection(name: string, value: unknown): string {
  const grouped =
    value && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every(Array.isArray);
  if (!grouped) return `<h3>${escapeHtml(name)}</h3>${rowsTable(value)}`;
  return Object.entries(value as Record<string, unknown>)
    .map(([group, rows]) => `<h3>${escapeHtml(name)} (${escapeHtml(group)})</h3>${rowsTable(rows)}`)
    .join('');
}

export function personalDataHtml(e: PersonalDataExport): string {
  const modules = Object.entries(e.data)
    .map(
      ([module, tables]) =>
        `<h2>${escapeHtml(module)}</h2>${Object.entries(tables)
          .map(([table, value]) => tableSection(table, value))
          .join('')}`,
    )
    .join('');
  return page(
    'Personal data',
    `<h1>Personal data</h1><p>Everything Roster holds about person ${escapeHtml(e.userId)}, exported ${escapeHtml(e.exportedAt)}. ` +
      `Secrets are shown as “set”, never their value.</p>${modules}` +
      `<h2>Machine-readable copy (JSON)</h2><pre>${escapeHtml(JSON.stringify(e, null, 2))}</pre>`,
  );
}

export function certificateHtml(c: AnonymisationCertificate): string {
  const by = c.anonymisedBy.id
    ? `${c.anonymisedBy.name || c.anonymisedBy.id} (${c.anonymisedBy.id})`
    : c.anonymisedBy.type;
  const rows = c.removed
    .filter((r) => r.rows > 0)
    .map(
      (r) =>
        `<tr><td>${escapeHtml(r.module)}</td><td>${escapeHtml(r.table)}</td><td>${escapeHtml(r.columns.join(', '))}</td><td>${r.rows}</td></tr>`,
    )
    .join('');
  return page(
    'Anonymisation certificate',
    `<h1>Anonymisation certificate</h1>` +
      `<p>Person ${escapeHtml(c.userId)}, now known as ${escapeHtml(c.pseudonym ?? '')}, was anonymised on ${escapeHtml(c.anonymisedAt)} by ${escapeHtml(by)}.</p>` +
      `<p>Each table below held something about them. Its personal columns were erased or the rows removed; ` +
      `what stays names them only by their pseudonymous id. No removed value is recorded here.</p>` +
      `<table><thead><tr><th>Module</th><th>Table</th><th>Columns concerned</th><th>Rows</th></tr></thead><tbody>${rows}</tbody></table>`,
  );
}
