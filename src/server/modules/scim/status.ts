import type { FastifyInstance } from 'fastify';
import type { Sql } from '../../db/index';
import type { AppContext } from '../../app';
import { actorOf } from '../../http/auth';
import { assertCan } from '../access/policy';

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

let written = 0;

export async function logRequest(sql: Sql, r: LoggedRequest): Promise<void> {
  await sql.query(`insert into scim_requests (token_id, method, path, status, outcome, scim_type, detail) values ($1, $2, $3, $4, $5, $6, $7)`, [
    r.tokenId, r.method, r.path.slice(0, 500), r.status, r.outcome, r.scimType, r.detail?.slice(0, 1000) ?? null,
  ]);
  // The log only serves the last day's counts and recent errors: prune now and then.
  if (++written % 1000 === 0) await sql.query(`delete from scim_requests where at < now() - interval '30 days'`);
}

export async function getStatus(sql: Sql) {
  const [c] = await sql.query<{ last: Date | null; creates: number; updates: number; deactivations: number; errors: number }>(
    `select (select max(at) from scim_requests) as last,
            count(*) filter (where outcome = 'create')::int as creates,
            count(*) filter (where outcome in ('update', 'reactivate'))::int as updates,
            count(*) filter (where outcome = 'deactivate')::int as deactivations,
            count(*) filter (where status >= 400)::int as errors
       from scim_requests where at > now() - interval '24 hours'`,
  );
  const errors = await sql.query<{ at: Date; method: string; path: string; status: number; scim_type: string | null; detail: string | null }>(
    `select at, method, path, status, scim_type, detail from scim_requests where status >= 400 order by at desc, id desc limit 20`,
  );
  return {
    lastRequestAt: c?.last ? new Date(c.last).toISOString() : null,
    last24h: { creates: c?.creates ?? 0, updates: c?.updates ?? 0, deactivations: c?.deactivations ?? 0, errors: c?.errors ?? 0 },
    recentErrors: errors.map((e) => ({ at: new Date(e.at).toISOString(), method: e.method, path: e.path, status: e.status, scimType: e.scim_type, detail: e.detail ?? '' })),
  };
}

/** `GET /api/v1/scim/status` (Owner/Admin). */
export async function scimStatusRoutes(api: FastifyInstance, { db }: AppContext) {
  api.get('/scim/status', { schema: { tags: ['scim'] } }, async (req) => {
    assertCan(actorOf(req), 'settings.manage');
    return getStatus(db);
  });
}
