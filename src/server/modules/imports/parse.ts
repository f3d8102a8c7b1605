import iconv from 'iconv-lite';
import { parse, type Options } from 'csv-parse/sync';
import { AppError } from '../../core/errors';
import type { CustomField } from '../customFields/customFields';
import { resolveHeader } from './columns';

/** Upload limit: 100,000 rows of a dozen columns is about 15 MB. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
export const MAX_ROWS = 200_000;
/** Said at upload (routes.ts, by the multipart limit) and here alike. */
export const FILE_TOO_LARGE = `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; split it into several imports.`;

export interface Decoded {
  text: string;
  encoding: 'utf-8' | 'windows-1252';
  warnings: string[];
}

const invalidFile = (message: string, details?: { field: string; message: string }[]) =>
  new AppError('import_invalid_file', message, details);

/**
 * Strict UTF-8 first (a BOM is dropped); a file that is not valid UTF-8 is read as Windows-1252
 * (what Excel writes for "CSV" in western locales) with a warning the preview shows.
 */
export function decode(buf: Buffer): Decoded {
  if (buf.length === 0) throw invalidFile('The file is empty.');
  if (buf.includes(0))
    throw invalidFile('This is not a CSV file (it contains binary data). Export the sheet as "CSV UTF-8".');
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf);
    return { text, encoding: 'utf-8', warnings: [] };
  } catch {
    return {
      text: iconv.decode(buf, 'win1252'),
      encoding: 'windows-1252',
      warnings: [
        'The file is not valid UTF-8, so it was read as Windows-1252 (Excel "CSV"). Check accented names in the preview; to avoid this, save as "CSV UTF-8".',
      ],
    };
  }
}

/** Comma or semicolon: whichever appears more often outside quotes on the header line. */
export function detectDelimiter(text: string): ',' | ';' {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > commas ? ';' : ',';
}

export interface FileHeader extends Decoded {
  delimiter: ',' | ';';
  /** Column name per position (canonical: `firstName`, `cf.key`). */
  columns: string[];
}

/** File-level checks at upload: encoding, delimiter, headers (unknown, duplicate, missing match key). */
export function readHeader(buf: Buffer, fields: readonly CustomField[], matchOn: string): FileHeader {
  if (buf.length > MAX_FILE_BYTES) throw invalidFile(FILE_TOO_LARGE);
  const decoded = decode(buf);
  const text = decoded.text.replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(text);
  let header: string[];
  try {
    const firstLine = /^(?:[^"\r\n]|"(?:[^"]|"")*")*/.exec(text)?.[0] ?? '';
    header = (parse(firstLine, { delimiter, relax_quotes: false }) as string[][])[0] ?? [];
  } catch {
    throw invalidFile(
      'The header line could not be read as CSV. Export the sheet as "CSV UTF-8" (comma or semicolon separated).',
    );
  }
  header = header.map((h) => h.trim());
  if (!header.some(Boolean))
    throw invalidFile(
      'The file has no header line. The first line must name the columns; download the template to see them.',
    );
  const columns: string[] = [];
  const unknown: string[] = [];
  const seen = new Map<string, string>();
  const duplicate: string[] = [];
  for (const h of header) {
    const col = h === '' ? null : resolveHeader(h, fields);
    if (!col) unknown.push(h || '(empty)');
    else if (seen.has(col)) duplicate.push(h);
    else seen.set(col, h);
    columns.push(col ?? '');
  }
  const details = [
    ...unknown.map((h) => ({ field: h, message: 'Unknown column.' })),
    ...duplicate.map((h) => ({ field: h, message: 'This column appears more than once.' })),
  ];
  if (unknown.length || duplicate.length) {
    const parts = [];
    if (unknown.length)
      parts.push(`unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.map((h) => `"${h}"`).join(', ')}`);
    if (duplicate.length)
      parts.push(`duplicate column${duplicate.length > 1 ? 's' : ''}: ${duplicate.map((h) => `"${h}"`).join(', ')}`);
    throw invalidFile(`The file has ${parts.join('; ')}. Download the template for the column names.`, details);
  }
  if (!seen.has(matchOn))
    throw invalidFile(`The file has no "${matchOn}" column, which is needed to match rows to people.`, [
      { field: matchOn, message: 'Missing column.' },
    ]);
  return { ...decoded, delimiter, columns };
}

export interface ParsedRecord {
  line: number;
  /** Column name → cell text, or null when the row could not be read (see `error`). */
  cells: Record<string, string> | null;
  error?: string;
}

/** Every data row with the line it starts on; a row with the wrong number of cells is an error row. */
export function parseRecords(text: string, delimiter: string, columns: string[]): ParsedRecord[] {
  const out: ParsedRecord[] = [];
  let unclosed: number | null = null;
  let header = true;
  // CRLF → LF first: csv-parse counts a CRLF inside quotes as two lines, which would shift every line number after it.
  parseOrExplain(text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n'), {
    delimiter,
    bom: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // Each record becomes its ParsedRecord here (returning null keeps csv-parse from collecting a second copy).
    on_record: ((record: string[], context: { lines: number }) => {
      if (header) {
        header = false;
        return null;
      }
      // `lines` is the line a record ends on; quoted newlines inside it move its start up.
      let inside = 0;
      const cells: Record<string, string> = {};
      columns.forEach((c, i) => {
        const cell = record[i] ?? '';
        if (cell.includes('\n')) inside += cell.split('\n').length - 1;
        cells[c] = cell.trim();
      });
      out.push({ line: context.lines - inside, cells });
      return null;
    }) as unknown as Options['on_record'],
    on_skip: (err: { message: string; code?: string; lines?: number } | undefined) => {
      if (!err) return;
      if (err.code === 'CSV_QUOTE_NOT_CLOSED') unclosed = err.lines ?? 0;
      else out.push({ line: err.lines ?? 0, cells: null, error: readable(err.message, columns.length) });
    },
  });
  if (unclosed !== null)
    throw invalidFile(
      `The file could not be read as CSV: a quote opened before line ${unclosed} is never closed, so the rows after it cannot be told apart. Check for a stray " in that area.`,
    );
  if (out.length > MAX_ROWS)
    throw invalidFile(`The file has more than ${MAX_ROWS.toLocaleString('en')} rows; split it into several imports.`);
  return out.sort((a, b) => a.line - b.line);
}

/** A file csv-parse cannot read to the end (an unclosed quote) is refused with the line it stops at. */
function parseOrExplain(text: string, options: Options): unknown {
  try {
    return parse(text, options);
  } catch (err: any) {
    const line = typeof err?.lines === 'number' ? ` near line ${err.lines}` : '';
    throw invalidFile(
      `The file could not be read as CSV${line}: ${String(err?.message ?? err).replace(/ at line \d+.*$/, '')}. Check for an unclosed quote.`,
    );
  }
}

function readable(message: string, expected: number): string {
  const got = /got (\d+)/.exec(message)?.[1];
  if (got)
    return `This row has ${got} cells where the header has ${expected}. Check for a missing or extra separator, or an unclosed quote.`;
  return `This row could not be read as CSV (${message.replace(/ on line \d+.*$/, '')}).`;
}
