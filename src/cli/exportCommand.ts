import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import cliProgress from 'cli-progress';
import type { z } from 'zod';
import type { Sql } from '../server/db/index';
import { migrate } from '../server/db/migrate';
import type { Actor } from '../server/core/actor';
import {
  auditExportQuerySchema,
  exportAudit,
  exportUsers,
  userExportQuerySchema,
  type TableExport,
} from '../server/modules/exports/exports';
import { tableStream, type Cell } from '../server/modules/exports/spreadsheet';
import { actingAs, openDatabase } from './database';
import { explainAppError } from './program';

export interface ExportCommandOptions {
  format: string;
  out: string;
  columns?: string;
  as?: string;
}

/**
 * `roster export users|audit`: the same export as the API (filters, scope, columns, audit entry), written
 * to a file with a progress bar on stderr. Filters are the API's query parameters as key=value arguments.
 */
export async function exportCommand(
  what: 'users' | 'audit',
  filters: string[],
  opts: ExportCommandOptions,
  out: (line: string) => void,
): Promise<void> {
  const query = {
    ...parseFilters(filters),
    format: opts.format,
    ...(opts.columns !== undefined && { columns: opts.columns }),
  };
  const start = prepare(what, query);
  const { db, where } = await openDatabase();
  try {
    await migrate(db);
    const actor = await actingAs(db, opts.as);
    const exp = await start(db, actor).catch(explainAppError);
    out(`Exporting ${exp.total} ${what === 'users' ? 'people' : 'audit entries'} from ${where} to ${opts.out}…`);
    const bar = new cliProgress.SingleBar(
      {
        format: 'Export [{bar}] {percentage}% | {value}/{total} rows',
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(exp.total, 0);
    let written = 0;
    try {
      await pipeline(
        tableStream(
          exp.format,
          exp.sheetName,
          exp.header,
          counted(exp, (n) => bar.update((written += n))),
        ),
        fs.createWriteStream(opts.out),
      );
    } finally {
      bar.stop();
    }
    out(`Done: ${written} rows written to ${opts.out}.`);
  } finally {
    await db.close();
  }
}

/** Checks the filters before the database is opened; returns the export to start. */
function prepare(
  what: 'users' | 'audit',
  query: Record<string, string>,
): (db: Sql, actor: Actor) => Promise<TableExport> {
  if (what === 'users') {
    const q = valid(userExportQuerySchema.safeParse(query));
    return (db, actor) => exportUsers(db, actor, q);
  }
  const q = valid(auditExportQuerySchema.safeParse(query));
  return (db, actor) => exportAudit(db, actor, q);
}

function valid<T>(result: { success: true; data: T } | { success: false; error: z.ZodError }): T {
  if (!result.success)
    throw new Error(result.error.issues.map((i) => `${String(i.path[0] ?? 'filters')}: ${i.message}`).join('; '));
  return result.data;
}

/** `status=confirmed cf.badge=B-7` → { status: 'confirmed', 'cf.badge': 'B-7' }. */
function parseFilters(args: string[]): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq < 1) throw new Error(`Filters are key=value (e.g. status=confirmed), not "${arg}".`);
    filters[arg.slice(0, eq)] = arg.slice(eq + 1);
  }
  return filters;
}

async function* counted(exp: TableExport, onBatch: (rows: number) => void): AsyncGenerator<Cell[][]> {
  for await (const batch of exp.batches) {
    yield batch;
    onBatch(batch.length);
  }
}
