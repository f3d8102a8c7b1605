import type { FastifyReply } from 'fastify';
import { attachment, CONTENT_TYPES, tableStream, type Cell, type Format } from './spreadsheet';

/** A table to download: its format, file name (without extension), sheet, header row and rows in batches. */
export interface DownloadTable {
  format: Format;
  fileBase: string;
  sheetName: string;
  header: string[];
  batches: AsyncIterable<Cell[][]>;
}

/** Sends the table as a CSV or XLSX attachment, streamed as its batches are pulled, never cached. */
export function sendTable(reply: FastifyReply, t: DownloadTable) {
  return reply
    .header('content-type', CONTENT_TYPES[t.format])
    .header('content-disposition', attachment(t.fileBase, t.format))
    .header('cache-control', 'no-store')
    .send(tableStream(t.format, t.sheetName, t.header, t.batches));
}
