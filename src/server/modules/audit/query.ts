import { z } from 'zod';
import type { Sql } from '../../db/index';
import { invalid } from '../../http/errors';

export const auditQuerySchema = z
  .object({
    actorId: z.string().max(100).optional(),
    targetId: z.string().max(100).optional(),
    action: z.string().max(100).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().regex(/^\d+$/, 'Invalid cursor.').optional(),
  })
  .strict();

/** The audit log, newest first, with the filters of docs/api.md; the cursor is the last id seen. */
export async function listAudit(sql: Sql, q: z.infer<typeof auditQuerySchema>) {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (cond: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(cond(`$${params.length}`));
  };
  if (q.actorId) add((p) => `(actor_id = ${p} or impersonator_id = ${p})`, q.actorId);
  if (q.targetId) add((p) => `target_id = ${p}`, q.targetId);
  if (q.action) add((p) => (q.action!.endsWith('.') ? `action like ${p} || '%'` : `action = ${p}`), q.action);
  if (q.from) add((p) => `at >= ${p}`, new Date(q.from));
  if (q.to) add((p) => `at < ${p}`, new Date(q.to));
  if (q.from && q.to && new Date(q.from) > new Date(q.to)) throw invalid('"from" must be before "to".', [{ field: 'from' }]);
  const filter = where.length ? where.join(' and ') : 'true';
  const [{ n }] = (await sql.query<{ n: number }>(`select count(*)::int as n from audit_log where ${filter}`, params)) as [{ n: number }];
  const pageParams = [...params];
  let pageFilter = filter;
  if (q.cursor) {
    pageParams.push(Number(q.cursor));
    pageFilter += ` and id < $${pageParams.length}`;
  }
  const rows = await sql.query(`select * from audit_log where ${pageFilter} order by id desc limit ${q.limit + 1}`, pageParams);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((e: any) => ({
      id: String(e.id),
      at: e.at.toISOString(),
      actorId: e.actor_id,
      actorType: e.actor_type,
      impersonatorId: e.impersonator_id,
      action: e.action,
      targetType: e.target_type,
      targetId: e.target_id,
      before: e.before,
      after: e.after,
      ip: e.ip,
      cause: e.cause,
    })),
    nextCursor: rows.length > q.limit ? String(page[page.length - 1].id) : null,
    total: n,
  };
}
