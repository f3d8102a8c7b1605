import type { FastifyInstance } from 'fastify';
import type { Sql } from '../../db/index';
import type { AppContext } from '../../core/context';
import { actorAllowedTo } from '../access/guardedRoutes';
import { scimStatusSchema } from '../../../common/contract/scim';

/** The SCIM request log behind the sync status page (settings). */
export interface LoggedRequest {
  tokenId: string | null;
  method: string;
  path: string;
  status: number;
  outcome: string | null;
  scimType: string | null;
  detail: string | null;
}

/**
 * Request log lines are buffered and written in one multi-row INSERT per batch (every FLUSH_MS, or at
 * BATCH rows) instead of one write transaction per SCIM call: with a commit per request a GET cost a
 * disk flush. The status page flushes first, so it always counts this process's requests; a crash can
 * lose at most FLUSH_MS of log lines, which only feed the status page.
 */
const FLUSH_MS = 250;
const BATCH = 200;
const pending = new WeakMap<
  Sql,
  { rows: LoggedRequest[]; timer: NodeJS.Timeout | null; writing: Promise<void>; onError: (err: unknown) => void }
>();

export function logRequest(sql: Sql, r: LoggedRequest, onError: (err: unknown) => void): void {
  let buf = pending.get(sql);
  if (!buf) pending.set(sql, (buf = { rows: [], timer: null, writing: Promise.resolve(), onError }));
  buf.rows.push(r);
  if (buf.rows.length >= BATCH) void flushRequestLog(sql);
  else if (!buf.timer) buf.timer = setTimeout(() => void flushRequestLog(sql), FLUSH_MS).unref();
}

/** Writes the buffered log lines; resolves once everything logged before the call is stored. */
export function flushRequestLog(sql: Sql): Promise<void> {
  const buf = pending.get(sql);
  if (!buf) return Promise.resolve();
  if (buf.timer) clearTimeout(buf.timer);
  buf.timer = null;
  const rows = buf.rows.splice(0);
  buf.writing = buf.writing.then(() => (rows.length ? insertRows(sql, rows) : undefined)).catch(buf.onError);
  return buf.writing;
}

async function insertRows(sql: Sql, rows: LoggedRequest[]): Promise<void> {
  const cols = 7;
  const params = rows.flatMap((r) => [
    r.tokenId,
    r.method,
    r.path.slice(0, 500),
    r.status,
    r.outcome,
    r.scimType,
    r.detail?.slice(0, 1000) ?? null,
  ]);
  const values = rows
    .map((_, i) => `(${Array.from({ length: cols }, (_, j) => `$${i * cols + j + 1}`).join(', ')})`)
    .join(', ');
  await sql.query(
    `insert into scim_requests (token_id, method, path, status, outcome, scim_type, detail) values ${values}`,
    params,
  );
}

/** The log only serves the last day's counts and recent errors: the maintenance job (jobs/catalog.ts) drops what is older than `before`. */
export async function pruneRequestLog(sql: Sql, before: Date): Promise<number> {
  const [r] = await sql.query<{ n: number }>(
    `with gone as (delete from scim_requests where at < $1 returning 1) select count(*)::int as n from gone`,
    [before],
  );
  return r!.n;
}

export async function getStatus(sql: Sql) {
  await flushRequestLog(sql);
  const [c] = await sql.query<{
    last: Date | null;
    creates: number;
    updates: number;
    deactivations: number;
    errors: number;
  }>(
    `select (select max(at) from scim_requests) as last,
            count(*) filter (where outcome = 'create')::int as creates,
            count(*) filter (where outcome in ('update', 'reactivate'))::int as updates,
            count(*) filter (where outcome = 'deactivate')::int as deactivations,
            count(*) filter (where status >= 400)::int as errors
       from scim_requests where at > now() - interval '24 hours'`,
  );
  const errors = await sql.query<{
    at: Date;
    method: string;
    path: string;
    status: number;
    scim_type: string | null;
    detail: string | null;
  }>(
    `select at, method, path, status, scim_type, detail from scim_requests where status >= 400 order by at desc, id desc limit 20`,
  );
  return {
    lastRequestAt: c?.last ? new Date(c.last).toISOString() : null,
    last24h: {
      creates: c?.creates ?? 0,
      updates: c?.updates ?? 0,
      deactivations: c?.deactivations ?? 0,
      errors: c?.errors ?? 0,
    },
    recentErrors: errors.map((e) => ({
      at: new Date(e.at).toISOString(),
      method: e.method,
      path: e.path,
      status: e.status,
      scimType: e.scim_type,
      detail: e.detail ?? '',
    })),
  };
}

/** `GET /api/v1/scim/status` (Owner/Admin). */
export async function scimStatusRoutes(api: FastifyInstance, { db }: AppContext) {
  api.get('/scim/status', { schema: { tags: ['scim'], response: { 200: scimStatusSchema } } }, async (req) => {
    actorAllowedTo(req, 'settings.manage');
    return getStatus(db);
  });
}

/** SCIM requests answered with an error since a time (the administrators' daily digest). */
export async function scimErrorsSince(sql: Sql, since: Date): Promise<number> {
  const [row] = await sql.query<{ n: number }>(
    `select count(*)::int as n from scim_requests where status >= 400 and at >= $1`,
    [since],
  );
  return row!.n;
}
