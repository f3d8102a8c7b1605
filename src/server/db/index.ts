// Over 300 lines: the one door every statement goes through (docs/decisions/016-ready-for-organisations.md) —
// both drivers, their options, transactions and the named statements — kept together.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';

/**
 * Anything that runs SQL: the database itself or an open transaction. Every statement the application runs
 * goes through `query` and every transaction through `Db.tx` — the one place where an organisation id could
 * later be added to each statement and transaction (docs/decisions/016-ready-for-organisations.md). Only
 * code outside the application opens pg clients of its own: tests and benches creating and dropping their
 * databases and schemas, and bench/import.ts timing a raw COPY as the baseline an import is compared to.
 */
export interface Sql {
  query<T = Record<string, any>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; rolls back if it throws. */
  tx<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PGlite only: the data folder as a tarball (tests start new databases from a migrated copy). */
  dump?(): Promise<Blob>;
}

// One representation on both drivers: bigint → number, date → 'YYYY-MM-DD' string.
const INT8 = 20;
const DATE = 1082;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(DATE, (v) => v);

export interface ConnectOptions {
  databaseUrl?: string;
  /** Folder for the embedded database; omitted → in memory (tests). */
  dataDir?: string;
  /** PostgreSQL only: schema to use (tests isolate themselves this way). */
  schema?: string;
  /** A PGlite data-dir tarball to start from (tests reuse a migrated template). */
  loadDataDir?: Blob;
  /** PostgreSQL only: connections in the pool (default 10). */
  poolSize?: number;
  /**
   * PostgreSQL only, in seconds (0 or unset: no limit): the server cancels a statement running longer than
   * `statementTimeout` and ends a session left idle inside a transaction longer than `idleInTransactionTimeout`,
   * so a stuck query or a forgotten transaction cannot hold locks and connections forever. The app sets both
   * (config.ts); statements that are long by design raise their own limit (allowLongStatements).
   */
  statementTimeout?: number;
  idleInTransactionTimeout?: number;
  /**
   * PostgreSQL only (default true): a statement with parameters that runs again is sent as a named
   * (prepared) statement, parsed once per connection (`preparedStatements` below).
   */
  preparedStatements?: boolean;
}

/** A single statement that may run for minutes by design (migrations, a group over every user): its transaction's own limit. */
export const LONG_STATEMENT_TIMEOUT = '15min';

/**
 * Raises the statement timeout to LONG_STATEMENT_TIMEOUT for the caller's transaction; the returned
 * function puts the previous limit back for the statements that follow.
 */
export async function allowLongStatements(tx: Sql): Promise<() => Promise<void>> {
  const [before] = await tx.query<{ timeout: string }>(
    `select current_setting('statement_timeout') as timeout, set_config('statement_timeout', $1, true)`,
    [LONG_STATEMENT_TIMEOUT],
  );
  return async () => {
    await tx.query(`select set_config('statement_timeout', $1, true)`, [before!.timeout]);
  };
}

/**
 * Runs `fn` inside a savepoint of the caller's transaction: when it throws, what it wrote is rolled back and the
 * error rethrown, and the transaction can go on. For batches where one item's refusal must not undo the others
 * (bulk actions, scheduled changes); the caller decides which errors it lets the batch go on after.
 */
export async function inSavepoint<T>(tx: Sql, name: string, fn: () => Promise<T>): Promise<T> {
  await tx.query(`savepoint ${name}`);
  try {
    const value = await fn();
    await tx.query(`release savepoint ${name}`);
    return value;
  } catch (err) {
    await tx.query(`rollback to savepoint ${name}`);
    throw err;
  }
}

/** A PostgreSQL error raised by one of the limits above (57014: statement cancelled; 25P03: idle transaction ended). */
export function isDatabaseTimeout(err: unknown): boolean {
  const code = pgErrorCode(err);
  return code === '57014' || code === '25P03';
}

export async function connect(opts: ConnectOptions): Promise<Db> {
  return opts.databaseUrl ? connectPostgres(opts) : connectPglite(opts);
}

async function connectPostgres(opts: ConnectOptions): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: opts.databaseUrl,
    max: opts.poolSize ?? 10,
    // JIT off: our statements are short and set-based, and the planner's cost estimates for a
    // json_agg with per-row subplans (groups.refreshFor over a 2,500-row import chunk) passed the JIT
    // threshold, spending ~650 ms compiling a query that runs in 30 ms (seen with auto_explain).
    options: [
      `-c jit=off`,
      opts.schema ? `-c search_path=${opts.schema}` : '',
      opts.statementTimeout ? `-c statement_timeout=${Math.round(opts.statementTimeout * 1000)}` : '',
      opts.idleInTransactionTimeout
        ? `-c idle_in_transaction_session_timeout=${Math.round(opts.idleInTransactionTimeout * 1000)}`
        : '',
    ]
      .filter(Boolean)
      .join(' '),
  });
  // An idle connection dropped by the server (restart, timeout) must not crash the process;
  // the pool replaces it on the next checkout.
  pool.on('error', (err) => process.emitWarning(`PostgreSQL connection lost: ${err.message}`));
  // Fail fast with a readable message rather than on the first request.
  await pool.query('select 1');
  const prepared = preparedStatements(opts.preparedStatements ?? true);
  return {
    kind: 'postgres',
    async query(text, params) {
      return prepared.run(text, params, (q) => pool.query(q));
    },
    async tx(fn) {
      const client = await pool.connect();
      // The server may end a checked-out session (idle_in_transaction_session_timeout, a restart): without a
      // listener the client's 'error' event would crash the process. The broken client is dropped on release.
      let lost: Error | undefined;
      const onLost = (err: Error) => (lost = err);
      client.on('error', onLost);
      try {
        await client.query('begin');
        const result = await fn({
          async query(text, params) {
            return prepared.run(text, params, (q) => client.query(q), true);
          },
        });
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        client.off('error', onLost);
        client.release(lost);
      }
    },
    async close() {
      await pool.end();
    },
  };
}

/**
 * A statement whose text holds this comment is never named (prepared): PostgreSQL plans it for each call's
 * values. A kept statement may switch to a generic plan after five runs, and for the name search the right plan
 * depends on the term (a rare one through the trigram index, a common or short one along the name order): the
 * generic plan took seconds (docs/decisions/033-name-search-at-a-million.md).
 */
export const PLAN_PER_CALL = '/* plan per call */';

/** Distinct statement texts one process prepares at most; beyond, statements go unnamed as before. */
const MAX_PREPARED = 500;

/**
 * Named statements for pg (docs/decisions/019-fast-path.md): the second time a text with parameters is run, it
 * gets a name derived from the text, and each connection then parses it once and keeps it. Statements without
 * parameters (DDL, begin/commit, migrations) and texts beyond MAX_PREPARED stay unnamed. A kept statement whose
 * result columns a migration of another process changed fails once ("cached plan must not change result
 * type"): the text goes back to unnamed, and outside a transaction it is run again at once.
 */
function preparedStatements(enabled: boolean) {
  const names = new Map<string, string | null>(); // text → name; null: seen once, or never to be named
  const nameFor = (text: string, params: unknown[] | undefined): string | undefined => {
    if (!enabled || !params?.length || text.includes(PLAN_PER_CALL)) return undefined;
    const name = names.get(text);
    if (name) return name;
    if (name === undefined && names.size < MAX_PREPARED) names.set(text, null);
    else if (name === null && !unnamed.has(text)) {
      const n = `roster_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      names.set(text, n);
      return n;
    }
    return undefined;
  };
  const unnamed = new Set<string>();
  return {
    async run(
      text: string,
      params: unknown[] | undefined,
      send: (q: pg.QueryConfig) => Promise<pg.QueryResult>,
      inTransaction = false,
    ): Promise<any[]> {
      const name = nameFor(text, params);
      try {
        return (await send({ text, values: params as any[], ...(name ? { name } : {}) })).rows;
      } catch (err) {
        if (!name || pgErrorCode(err) !== '0A000') throw err;
        unnamed.add(text);
        names.set(text, null);
        if (inTransaction) throw err;
        return (await send({ text, values: params as any[] })).rows;
      }
    },
  };
}

async function connectPglite(opts: ConnectOptions): Promise<Db> {
  let release = () => {};
  let pgDir: string | undefined;
  if (opts.dataDir) {
    fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    release = takeDataDirLock(opts.dataDir);
    pgDir = path.join(opts.dataDir, 'pgdata');
  }
  const parsers = { [INT8]: (v: string) => Number(v), [DATE]: (v: string) => v };
  let db: PGlite;
  try {
    // One options object: `new PGlite(undefined, options)` (in memory) silently ignores the options. pg_trgm serves
    // the name search (migration 056, docs/decisions/033-name-search-at-a-million.md).
    db = new PGlite({ dataDir: pgDir, parsers, loadDataDir: opts.loadDataDir, extensions: { pg_trgm } });
    await db.waitReady;
  } catch (err) {
    release();
    throw err;
  }
  return {
    kind: 'pglite',
    async query(text, params) {
      return (await db.query<any>(text, params as any[], { parsers })).rows;
    },
    async tx(fn) {
      return db.transaction(async (t) =>
        fn({
          async query(text, params) {
            // The instance-level parsers option does not reach every query path: pass them on each query.
            return (await t.query<any>(text, params as any[], { parsers })).rows;
          },
        }),
      );
    },
    async close() {
      await db.close();
      release();
    },
    async dump() {
      return db.dumpDataDir('none');
    },
  };
}

/**
 * Two processes on one PGlite folder silently lose writes, so the folder is locked by pid.
 * A lock left by a process that no longer runs is taken over.
 */
function takeDataDirLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'roster.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (err: any) {
      if (err.code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(lockPath, 'utf8'));
      if (pid && pid !== process.pid && isRunning(pid)) {
        throw new Error(
          `The data folder ${dataDir} is in use by another Roster process (pid ${pid}). ` +
            'Stop it first, or set DATA_DIR to another folder. (Use DATABASE_URL to run several processes.)',
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: any) {
    return err.code === 'EPERM';
  }
}

/** PostgreSQL error code of a failed query, if any (23505 unique violation, …). */
export function pgErrorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as any).code) : undefined;
}

/** Runs a write a unique index may refuse: a unique violation (23505) throws the error `taken` makes instead. */
export async function unlessTaken<T>(write: Promise<T>, taken: () => Error): Promise<T> {
  try {
    return await write;
  } catch (err) {
    throw pgErrorCode(err) === '23505' ? taken() : err;
  }
}

export function constraintName(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'constraint' in err ? String((err as any).constraint) : undefined;
}

/** A placeholder for a value bound to the statement being written. */
export type Bind = (value: unknown) => string;

/** A parameter collector: `bind` appends a value and returns its placeholder. */
export function binder(start: unknown[] = []): { params: unknown[]; bind: Bind } {
  const params = [...start];
  return {
    params,
    bind: (value) => {
      params.push(value);
      return `$${params.length}`;
    },
  };
}

/** Escapes LIKE's wildcards (and the escape character) so a value matches literally. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
