import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { migrate } from '../server/db/migrate';
import { startImportsRunner } from '../server/jobs/catalog';
import type { Db } from '../server/db/index';
import type { Actor } from '../server/core/actor';
import { importsIdle, kickImports } from '../server/modules/imports/runner';
import { findImport, toImportDto, type ImportDto } from '../server/modules/imports/repo';
import {
  cancelImport,
  commitImport,
  createImport,
  listRows,
  logCsv,
  uploadFieldsSchema,
} from '../server/modules/imports/service';
import { actingAs, openDatabase } from './database';
import { explainAppError } from './program';

export interface ImportCommandOptions {
  mode?: string;
  blankCells?: string;
  matchOn?: string;
  invite?: string;
  inviteAt?: string;
  createMissingTeams?: boolean;
  dryRun?: boolean;
  as?: string;
  log?: string;
}

/**
 * `roster import FILE`: the same engine as the API, in this process. Preview, then (unless
 * --dry-run) commit, with a progress bar on stderr and a summary on stdout. Exit code 1 when the
 * import fails or rows have errors.
 */
export async function importCommand(
  file: string,
  opts: ImportCommandOptions,
  out: (line: string) => void,
): Promise<number> {
  const bytes = fs.readFileSync(file);
  const fields = uploadFieldsSchema.safeParse({
    mode: opts.mode,
    blankCells: opts.blankCells,
    matchOn: opts.matchOn,
    invite: opts.invite,
    inviteAt: opts.inviteAt,
    createMissingTeams: opts.createMissingTeams ? 'true' : 'false',
  });
  if (!fields.success)
    throw new Error(fields.error.issues.map((i) => `--${kebab(String(i.path[0] ?? ''))}: ${i.message}`).join('; '));
  // On the embedded database a running server holds the data folder: openDatabase says so and stops here.
  const { db, where } = await openDatabase();
  let jobs: Awaited<ReturnType<typeof startImportsRunner>> | null = null;
  try {
    await migrate(db);
    jobs = await startImportsRunner(db);
    const actor = await actingAs(db, opts.as);
    let imp = await db
      .tx((tx) => createImport(tx, actor, path.basename(file), bytes, fields.data))
      .catch(explainAppError);
    out(
      `Previewing ${path.basename(file)} (${imp.encoding}, "${imp.delimiter}" separated) in ${where} as ${opts.as ?? 'the first Owner'}…`,
    );
    imp = await follow(db, imp.id, 'Preview');
    for (const w of imp.warnings) out(`Warning: ${w}`);
    if (imp.state !== 'previewed') return failed(imp, out);
    summary('Planned', imp, out);
    await printErrors(db, actor, imp.id, out);
    if (opts.dryRun) {
      await db.tx((tx) => cancelImport(tx, actor, imp.id));
      out('Dry run: nothing was written.');
      return imp.counts.error ? 1 : 0;
    }
    await db.tx((tx) => commitImport(tx, actor, imp.id)).catch(explainAppError);
    imp = await follow(db, imp.id, 'Commit');
    if (imp.state !== 'completed') return failed(imp, out);
    summary('Done', imp, out);
    if (opts.log) {
      fs.writeFileSync(opts.log, (await logCsv(db, actor, imp.id)).csv);
      out(`People log written to ${opts.log}`);
    }
    return imp.counts.error ? 1 : 0;
  } finally {
    await jobs?.stop();
    await db.close();
  }
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Runs the job in this process and shows its progress until it leaves `state`. */
async function follow(db: Db, id: string, label: string): Promise<ImportDto> {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} rows`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  kickImports(db);
  const done = importsIdle(db);
  let finished = false;
  void done.then(() => (finished = true));
  for (;;) {
    const row = (await findImport(db, id))!;
    if (row.progress_total > 0) {
      if (!started) bar.start(row.progress_total, row.progress_done);
      started = true;
      bar.update(row.progress_done);
    }
    if (finished || !['previewing', 'committing'].includes(row.state)) {
      await done;
      if (started) bar.stop();
      return toImportDto((await findImport(db, id))!);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function summary(label: string, imp: ImportDto, out: (line: string) => void) {
  const c = imp.counts;
  const will = (verb: string) => (label === 'Done' ? `${verb}d` : `to ${verb}`);
  out(
    `${label}: ${c.create} ${will('create')}, ${c.update} ${will('update')}, ${c.unchanged} unchanged, ${c.skip} skipped, ${c.error} with errors.`,
  );
}

async function printErrors(db: Db, actor: Actor, id: string, out: (line: string) => void) {
  const { items, total } = await listRows(db, actor, id, { action: 'error', offset: 0, limit: 20 });
  for (const r of items)
    out(`  line ${r.line}: ${r.errors.map((e) => (e.column ? `${e.column}: ${e.message}` : e.message)).join('; ')}`);
  if (total > items.length)
    out(`  … and ${total - items.length} more (see the people log: --log FILE, or the import page in the admin UI).`);
}

function failed(imp: ImportDto, out: (line: string) => void): number {
  out(`The import ${imp.state}: ${imp.error?.message ?? 'no reason recorded'}`);
  return 1;
}
