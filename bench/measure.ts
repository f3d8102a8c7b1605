/**
 * Latency measurement over real HTTP (fetch, keep-alive), sequential or with a few concurrent clients; and a
 * database of its own on the PostgreSQL server for each PostgreSQL run (`withBenchDatabase`).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../src/server/db/index';

export interface Stats {
  n: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  mean_ms: number;
  max_ms: number;
  ops_per_s: number;
}

const round = (x: number) => Math.round(x * 100) / 100;

export function stats(samples: number[], wallMs?: number): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return {
    n: s.length,
    p50_ms: round(at(50)),
    p95_ms: round(at(95)),
    p99_ms: round(at(99)),
    mean_ms: round(mean),
    max_ms: round(s[s.length - 1]!),
    ops_per_s: round((s.length * 1000) / (wallMs ?? s.reduce((a, b) => a + b, 0))),
  };
}

export class HttpClient {
  constructor(
    readonly base: string,
    readonly headers: Record<string, string> = {},
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const h: Record<string, string> = { ...this.headers, ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    return fetch(this.base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  async json<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ res: Response; body: T }> {
    const res = await this.request(method, path, body, headers);
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
    return { res, body: JSON.parse(text) as T };
  }

  /** One GET whose body is read in full (what a browser waits for); throws unless 200. */
  async get(path: string): Promise<void> {
    const res = await this.request('GET', path);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  }
}

/** `warmup` unmeasured requests, then `n` measured ones, one at a time. `path(i)` may vary the URL. */
export async function sequential(
  client: HttpClient,
  path: (i: number) => string,
  warmup: number,
  n: number,
): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await client.get(path(i));
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await client.get(path(warmup + i));
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

/** `connections` clients each looping for `seconds`: throughput under a little concurrency. */
export async function concurrent(
  client: HttpClient,
  path: (i: number) => string,
  connections: number,
  seconds: number,
): Promise<Stats & { connections: number }> {
  const samples: number[] = [];
  const end = performance.now() + seconds * 1000;
  let i = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await client.get(path(i++));
        samples.push(performance.now() - t0);
      }
    }),
  );
  return { ...stats(samples, performance.now() - start), connections };
}

/** Wraps a Db so the SQL one request runs can be captured and explained with the same parameters. */
export function recorder(db: Db) {
  const state: { captured: { text: string; params?: unknown[] }[] | null } = { captured: null };
  const wrapped: Db = {
    ...db,
    async query(text, params) {
      // Copied: list.ts reuses its params array, appending the cursor values after the total query.
      state.captured?.push({ text, params: params ? [...params] : params });
      return db.query(text, params);
    },
  };
  return { db: wrapped, state };
}

/** The PostgreSQL server of the benches: BENCH_DATABASE_URL, else DATABASE_URL, else the local server. */
export function benchServerUrl(): string {
  return process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

export interface BenchDatabaseOptions {
  /** Leave the database in place at the end (its name is noted). */
  keep?: boolean;
  /** Use this database instead of a fresh one: created when missing, and kept. Lower-case letters, digits and _. */
  name?: string;
  /** Where the helper's notes go ("dropped …", "kept …"); nowhere by default. */
  note?: (line: string) => void;
  /** While the database exists, its clean-up is in this list, for a run that is interrupted (bench/run.ts on SIGINT). */
  cleanups?: (() => Promise<void>)[];
}

/**
 * Runs `fn` on a database of its own on the benches' PostgreSQL server (`benchServerUrl()`): `<prefix>_<random>` is
 * created, `fn` gets its URL, and it is dropped at the end, even when `fn` throws (`opts.keep` / `opts.name` keep it).
 * When the server is unreachable or refuses to create the database nothing runs and the answer is `{ skipped: reason }`:
 * the bench prints `{"bench":"skipped","db":"postgres","reason":…}` then.
 */
export async function withBenchDatabase<T>(
  prefix: string,
  fn: (url: string, db: { name: string; serverVersion: string }) => Promise<T>,
  opts: BenchDatabaseOptions = {},
): Promise<{ value: T } | { skipped: string }> {
  if (opts.name !== undefined && !/^[a-z_][a-z0-9_]*$/.test(opts.name))
    throw new Error(`database name ${JSON.stringify(opts.name)}: lower-case letters, digits and _ only`);
  const note = opts.note ?? (() => {});
  const serverUrl = benchServerUrl();
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (err) {
    return { skipped: `unreachable: ${reason(err)}` };
  }
  const name = opts.name || `${prefix}_${randomBytes(4).toString('hex')}`;
  const keep = !!opts.keep || !!opts.name;
  let serverVersion: string;
  try {
    const { rows: existing } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!existing.length) await admin.query(`create database ${name}`);
    serverVersion = (await admin.query<{ server_version: string }>('show server_version')).rows[0]!.server_version;
  } catch (err) {
    await admin.end();
    return { skipped: `create database failed: ${reason(err)}` };
  }

  let finished: Promise<void> | undefined;
  const finish = () =>
    (finished ??= (async () => {
      try {
        if (keep) {
          note(`postgres: kept ${name} (drop it with: drop database ${name} with (force))`);
          return;
        }
        // pg's Pool.end() resolves before its sockets are closed, and a pool with no 'error' listener crashes the
        // process when a forced drop cuts it off: wait for the connections to go first.
        for (let i = 0; i < 50; i++) {
          const { rows } = await admin.query<{ n: number }>(
            'select count(*)::int as n from pg_stat_activity where datname = $1',
            [name],
          );
          if (rows[0]!.n === 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        await admin.query(`drop database if exists ${name} with (force)`);
        note(`postgres: dropped ${name}`);
      } finally {
        await admin.end();
      }
    })());
  opts.cleanups?.push(finish);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return { value: await fn(url.toString(), { name, serverVersion }) };
  } finally {
    const i = opts.cleanups?.indexOf(finish) ?? -1;
    if (i >= 0) opts.cleanups!.splice(i, 1);
    await finish();
  }
}

function reason(err: unknown): string {
  // A refused connection to a name with several addresses is an AggregateError with an empty message.
  return err instanceof Error ? err.message || String((err as { code?: unknown }).code) : String(err);
}

/**
 * Wraps a Db to count round trips (each statement is one; a transaction adds its begin and commit) and rows
 * returned: the cost of a request in database terms (bench/fastPath.ts; docs/decisions/019-fast-path.md).
 */
export function counter(db: Db) {
  const counts = { roundTrips: 0, rows: 0 };
  const counted = (sql: { query: Db['query'] }) => ({
    async query(text: string, params?: unknown[]) {
      counts.roundTrips++;
      const rows = await sql.query(text, params);
      counts.rows += rows.length;
      return rows;
    },
  });
  const wrapped: Db = {
    ...db,
    query: counted(db).query as Db['query'],
    tx(fn) {
      counts.roundTrips += 2;
      return db.tx((tx) => fn(counted(tx) as typeof tx));
    },
  };
  return { db: wrapped, counts };
}
