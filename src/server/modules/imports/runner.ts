import type { Db } from '../../db/index';
import { grantsJsonSql } from '../access/effective';
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import { collectGarbageIfGrown } from '../../core/heap';
import { holderIsDead, newHolder } from '../../scheduler/holder';
import { isShuttingDown, jobFailure } from '../../scheduler/failure';
import { runnerOf, triggerJob } from '../../scheduler/runner';
import type { Role } from '../../../common/domain';
import { assertMayImport } from '../access/policy';
import { commitChunk } from './apply';
import { runPreview } from './preview';
import { countRows, IMPORT_COLUMNS, type ImportRow } from './repo';

/**
 * The `imports` job (jobs/catalog.ts): previews and commits run in the background, each import claimed
 * from the imports table with a lease of its own (FOR UPDATE SKIP LOCKED), so a restart or crash resumes
 * it and two processes on one PostgreSQL never run the same import. A lease whose holder died on this host
 * (scheduler/holder.ts) is taken over at once; otherwise it is taken over when it expires.
 */
const LEASE_SECONDS = 30;
const HOLDER = newHolder();
const leaseUntil = () => new Date(Date.now() + LEASE_SECONDS * 1000);
/** The users columns a commit chunk looks people up by (its statistics are refreshed as the table grows). */
const LOOKUP_COLUMNS = 'id, email_normalized, employee_id, manager_id';
const chunkSize = (db: Db) => (db.kind === 'pglite' ? 1000 : 5000);

/** Starts working on pending imports in the background (returns at once): a run of the `imports` job, now. */
export function kickImports(db: Db): void {
  void triggerJob(db, 'imports').catch(() => {
    // The database went away (shutdown): the import resumes when a runner next looks.
  });
}

/** Resolves when this process has no import work left (tests, the CLI). */
export async function importsIdle(db: Db): Promise<void> {
  await runnerOf(db)?.idle('imports');
}

/** Runs every import that needs work, one after another, until none is left or the job is told to stop. */
export async function runImports(db: Db, signal: AbortSignal): Promise<number> {
  let n = 0;
  while (!signal.aborted && (await runNext(db, signal))) n++;
  return n;
}

/** Claims one import that needs work; false when there is none. */
async function runNext(db: Db, signal: AbortSignal): Promise<boolean> {
  const imp = await db.tx(async (tx) => {
    const rows = await tx.query<ImportRow & { lease_owner: string | null; lease_expired: boolean }>(
      `select ${IMPORT_COLUMNS}, lease_owner, (lease_until is null or lease_until < $1) as lease_expired
         from imports where state in ('previewing', 'committing') order by created_at limit 20 for update skip locked`,
      [new Date()],
    );
    // PGlite is one process per data folder: any lease there belongs to a process that is gone.
    const free = rows.find((r) => r.lease_expired || db.kind === 'pglite' || holderIsDead(r.lease_owner));
    if (!free || free.lease_owner === HOLDER) return null;
    await tx.query(`update imports set lease_owner = $2, lease_until = $3 where id = $1`, [
      free.id,
      HOLDER,
      leaseUntil(),
    ]);
    return free;
  });
  if (!imp) return false;
  try {
    const actor = await actorOf(db, imp);
    if (imp.state === 'previewing') await preview(db, imp, actor);
    else await commit(db, imp, actor, signal);
  } catch (err) {
    if (!(err instanceof AppError) && (await isShuttingDown(db, signal))) throw err;
    const e = jobFailure(
      err,
      `Import ${imp.id}`,
      'The import stopped on an unexpected error; it was rolled back to the last completed chunk.',
    );
    await db.query(
      `update imports set state = 'failed', error = $2, file = '', lease_owner = null, lease_until = null, completed_at = now() where id = $1`,
      [imp.id, JSON.stringify(e)],
    );
  }
  return true;
}

async function heartbeat(db: Db, id: string, progress?: { done: number; total: number }) {
  await db.query(
    `update imports set lease_until = $3 ${progress ? ', progress_done = $4, progress_total = $5' : ''} where id = $1 and lease_owner = $2`,
    progress ? [id, HOLDER, leaseUntil(), progress.done, progress.total] : [id, HOLDER, leaseUntil()],
  );
}

async function preview(db: Db, imp: ImportRow, actor: Actor) {
  const { counts, total } = await runPreview(db, imp.id, actor, imp.options, (done, t) =>
    heartbeat(db, imp.id, { done, total: t }),
  );
  await db.query(
    // Only the preview reads the uploaded bytes (the commit works from the staged rows): they go now.
    `update imports set state = 'previewed', file = '', counts = $2, progress_done = $3, progress_total = $3, lease_owner = null, lease_until = null
      where id = $1 and state = 'previewing'`,
    [imp.id, JSON.stringify(counts), total],
  );
}

async function commit(db: Db, imp: ImportRow, actor: Actor, signal: AbortSignal) {
  const size = chunkSize(db);
  for (let chunks = 0; !signal.aborted; chunks++) {
    // Fresh statistics as the users table grows (PGlite has no autovacuum), so lookups stay index scans:
    // before chunks 0, 1, 2, 4, 8… — about each time the import has doubled what it added, a handful per import.
    if (chunks === 0) await db.query('analyze import_rows (import_id, seq, action, line)');
    if ((chunks & (chunks - 1)) === 0) await db.query(`analyze users (${LOOKUP_COLUMNS})`);
    const n = await commitChunk(db, imp.id, actor, imp.options, size);
    if (n === 0) break;
    await heartbeat(db, imp.id);
    collectGarbageIfGrown();
    // Let queued API requests in between chunks (PGlite has a single connection).
    await new Promise((r) => setImmediate(r));
  }
  if (signal.aborted) return;
  const counts = await countRows(db, imp.id);
  await db.query(
    `update imports set state = 'completed', counts = $2, completed_at = now(), lease_owner = null, lease_until = null where id = $1 and state = 'committing'`,
    [imp.id, JSON.stringify(counts)],
  );
}

/** The job acts with the rights its starter has now: someone who lost them cannot finish an import. */
async function actorOf(db: Db, imp: ImportRow): Promise<Actor> {
  const [u] = await db.query<{ role: Role; ok: boolean; grants: Actor['grants'] }>(
    `select u.role, (u.status = 'confirmed' and u.deleted_at is null) as ok,
            ${grantsJsonSql('u')} as grants
       from users u where u.id = $1`,
    [imp.actor.userId],
  );
  if (!u || !u.ok)
    throw new AppError('forbidden', 'The person who started this import can no longer sign in, so it was stopped.');
  const actor: Actor = {
    type: imp.actor.type,
    userId: imp.actor.userId,
    role: u.role,
    tokenId: imp.actor.tokenId ?? null,
    impersonatorId: imp.actor.impersonatorId ?? null,
    grants: u.grants,
    cause: `import:${imp.id}`,
  };
  assertMayImport(actor, imp.options.mode);
  return actor;
}
