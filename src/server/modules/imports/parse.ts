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
  /** Column name per position (canonical: `firstName`, `cf.key`); '' for an unknown column, which is not read. */
  columns: string[];
  /** The headers of unknown columns, as written (a blank one as "(column N)"). */
  unknown: string[];
}

/** File-level checks at upload: encoding, delimiter, headers (duplicate, missing match key; unknown ones are listed). */
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
  header.forEach((h, i) => {
    const col = h === '' ? null : resolveHeader(h, fields);
    // An unknown column is read past (its cells are never staged) and reported; the import waits until
    // someone chooses to ignore it (docs/decisions/006-imports.md, "Unknown columns").
    if (!col) unknown.push(h || `(column ${i + 1})`);
    else if (seen.has(col)) duplicate.push(h);
    else seen.set(col, h);
    columns.push(col && !duplicate.includes(h) ? col : '');
  });
  if (duplicate.length)
    throw invalidFile(
      `The file has duplicate column${duplicate.length > 1 ? 's' : ''}: ${duplicate.map((h) => `"${h}"`).join(', ')}. Download the template for the column names.`,
      duplicate.map((h) => ({ field: h, message: 'This column appears more than once.' })),
    );
  if (!seen.has(matchOn))
    throw invalidFile(`The file has no "${matchOn}" column, which is needed to match rows to people.`, [
      { field: matchOn, message: 'Missing column.' },
    ]);
  return { ...decoded, delimiter, columns, unknown };
}

export interface ParsedRecord {
  line: number;
  /** Column name → cell text, or null when the row could not be read (see `error`). */
  cells: Record<string, string> | null;
  error?: string;
  /** The column the error is in, when known. */
  column?: string | null;
}

/** Every data row with the line it starts on; a row with the wrong number of cells is an error row. */
export function parseRecords(text: string, delimiter: string, columns: string[]): ParsedRecord[] {
  const out: ParsedRecord[] = [];
  let unclosed: number | null = null;
  // After text follows a closing quote, csv-parse reads the rest of the file as one quoted cell.
  let badClosing: number | null = null;
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
        if (c) cells[c] = cell.trim();
      });
      out.push({ line: context.lines - inside, cells });
      return null;
    }) as unknown as Options['on_record'],
    on_skip: (err: { message: string; code?: string; lines?: number; index?: number } | undefined) => {
      if (!err) return;
      if (err.code === 'CSV_QUOTE_NOT_CLOSED') unclosed = err.lines ?? 0;
      else {
        if (/CLOSING_QUOTE/.test(err.code ?? '')) badClosing ??= err.lines ?? 0;
        out.push({ line: err.lines ?? 0, cells: null, ...readable(err, columns) });
      }
    },
  });
  if (unclosed !== null && badClosing !== null)
    throw invalidFile(
      `The file could not be read as CSV: on line ${badClosing} a quoted cell has text after its closing quote, so the rows after it cannot be told apart. Inside a quoted cell, write a quote twice (""), or put the whole cell in quotes.`,
    );
  if (unclosed !== null)
    throw invalidFile(
      `The file could not be read as CSV: a quote opened before line ${unclosed} is never closed, so the rows after it cannot be told apart. Check for a stray " in that area.`,
    );
  if (out.length > MAX_ROWS)
    throw invalidFile(`The file has more than ${MAX_ROWS.toLocaleString('en')} rows; split it into several imports.`);
  return onePerLine(out.sort((a, b) => a.line - b.line));
}

/**
 * csv-parse reports each bad quote of a record separately (two stray quotes in one row are two errors on
 * the same line), and a staged row is keyed by its line: a line keeps its first report (the list is sorted,
 * and the sort is stable).
 */
function onePerLine(sorted: ParsedRecord[]): ParsedRecord[] {
  return sorted.filter((r, i) => i === 0 || sorted[i - 1]!.line !== r.line);
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

/** A row csv-parse could not read, in words, with the column when it knows it. */
function readable(
  err: { message: string; code?: string; index?: number },
  columns: string[],
): { error: string; column: string | null } {
  const got = /got (\d+)/.exec(err.message)?.[1];
  if (got)
    return {
      column: null,
      error: `This row has ${got} cells where the header has ${columns.length}. Check for a missing or extra separator, or an unclosed quote.`,
    };
  const column = typeof err.index === 'number' ? columns[err.index] || null : null;
  if (/OPENING_QUOTE/.test(err.code ?? ''))
    return {
      column,
      error:
        'This cell has a stray quote ("). A cell that contains a quote must itself be in quotes, with the quote doubled: "O""Neil".',
    };
  if (/CLOSING_QUOTE/.test(err.code ?? ''))
    return {
      column,
      error:
        'This quoted cell has text after its closing quote. Inside a quoted cell, write a quote twice (""), e.g. "Ann ""Annie"" Lee".',
    };
  return { column, error: `This row could not be read as CSV (${err.message.replace(/ (on|at) line \d+.*$/, '')}).` };
}
