import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { collectGarbageIfGrown } from '../../core/heap';

/**
 * A spreadsheet must never run a cell as a formula (OWASP "CSV injection"): text starting with
 * = + - @, a tab or a carriage return gets a leading single quote. Every CSV or XLSX cell Roster
 * writes (exports, the import's people log) goes through this one function.
 */
export function spreadsheetSafe(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** A CSV download built in memory (small files): UTF-8 with a BOM so Excel reads accents, CRLF, every cell safe. */
export function csvDownload(rows: readonly (readonly unknown[])[]): string {
  return (
    '\uFEFF' +
    stringify(
      rows.map((r) => r.map(spreadsheetSafe)),
      { record_delimiter: '\r\n' },
    )
  );
}

/** A cell: text (made safe when written), a number, or empty. */
export type Cell = string | number | null;
export const FORMATS = ['csv', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];

export const CONTENT_TYPES: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * An export's batches are garbage as soon as they are written, but V8 lets such garbage grow the process by
 * 200 MB for an XLSX of 100,000 people before collecting it (bench/export.ts); past this much growth the heap is
 * collected between batches (core/heap.ts), so a download's memory stays near one batch's.
 */
const EXPORT_GARBAGE_SLACK_MB = 32;

const safeCell = (v: Cell) => (typeof v === 'number' ? v : spreadsheetSafe(v));

/**
 * One header row, then the rows of each batch as they come, as a CSV or XLSX byte stream. Batches are
 * pulled only when the consumer has taken the previous ones (backpressure), so memory holds about
 * one batch whatever the number of rows.
 */
export function tableStream(
  format: Format,
  sheetName: string,
  header: string[],
  batches: AsyncIterable<Cell[][]>,
): Readable {
  return format === 'csv' ? csvStream(header, batches) : xlsxStream(sheetName, header, batches);
}

function csvStream(header: string[], batches: AsyncIterable<Cell[][]>): Readable {
  // One chunk per batch (not a stream object per row). CRLF as RFC 4180 says; a BOM, or Excel reads
  // UTF-8 as the local code page.
  const lines = (rows: Cell[][]) => stringify(rows, { record_delimiter: '\r\n' });
  async function* chunks() {
    yield '\uFEFF' + lines([header.map(spreadsheetSafe)]);
    for await (const batch of batches) {
      yield lines(batch.map((row) => row.map(safeCell)));
      collectGarbageIfGrown(EXPORT_GARBAGE_SLACK_MB);
    }
  }
  // Byte mode: the next batch is read only once less than 64 KB wait to be sent.
  return Readable.from(chunks(), { objectMode: false, highWaterMark: 64 * 1024 });
}

function xlsxStream(sheetName: string, header: string[], batches: AsyncIterable<Cell[][]>): Readable {
  const out = new PassThrough();
  // Inline strings (no shared-string table, which would keep every distinct string until the end).
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet(sheetName);
  async function write() {
    sheet.addRow(header.map(spreadsheetSafe)).commit();
    for await (const batch of batches) {
      for (const row of batch) sheet.addRow(row.map(safeCell)).commit();
      // The zip pipes into `out`; wait while the reader is behind instead of piling rows up in memory.
      if (out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')]);
      if (out.destroyed) return;
      collectGarbageIfGrown(EXPORT_GARBAGE_SLACK_MB);
    }
    sheet.commit();
    await workbook.commit();
  }
  write().catch((err: Error) => out.destroy(err));
  return out;
}

/** `people-2026-12-03.csv`: the Content-Disposition of a download. */
export function attachment(base: string, format: Format): string {
  return `attachment; filename="${base}-${new Date().toISOString().slice(0, 10)}.${format}"`;
}
