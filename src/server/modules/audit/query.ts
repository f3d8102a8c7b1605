import { z } from 'zod';
import type { Sql } from '../../db/index';
import { invalid } from '../../core/errors';

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
export type AuditQuery = z.infer<typeof auditQuerySchema>;
export type AuditFilters = Omit<AuditQuery, 'limit' | 'cursor'>;

/** The WHERE clause of the audit filters of docs/api.md, shared by the page and the export. */
function auditFilter(q: AuditFilters) {
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
  if (q.from && q.to && new Date(q.from) > new Date(q.to))
    throw invalid('"from" must be before "to".', [{ field: 'from' }]);
  return { filter: where.length ? where.join(' and ') : 'true', params };
}

/** Up to `limit` entries older than the entry `beforeId` (newest first). */
async function auditPage(sql: Sql, f: ReturnType<typeof auditFilter>, beforeId: number | null, limit: number) {
  const params = [...f.params];
  let filter = f.filter;
  if (beforeId !== null) {
    params.push(beforeId);
    filter += ` and id < $${params.length}`;
  }
  return sql.query(`select * from audit_log where ${filter} order by id desc limit ${limit}`, params);
}

export type AuditEntryDto = ReturnType<typeof toAuditDto>;

/** What a reader who may not read notes sees instead of a note's text in note.updated / note.deleted entries. */
export const HIDDEN_NOTE_TEXT = '[hidden: only note readers see note texts]';

/**
 * Audit readers need not be note readers (a Reporter reads the audit log, not notes): for them the texts kept by
 * note edits and deletions (access/notes.ts) are replaced. The entries themselves, who and when, stay.
 */
function hideNoteText(payload: Record<string, unknown> | null) {
  return payload && 'body' in payload ? { ...payload, body: HIDDEN_NOTE_TEXT } : payload;
}

/** Who reads the audit: whether they may read note texts too (`notes` organisation-wide). */
export interface AuditReader {
  readsNotes: boolean;
}

function toAuditDto(e: any, reader: AuditReader) {
  const hide = !reader.readsNotes && typeof e.action === 'string' && e.action.startsWith('note.');
  return {
    id: String(e.id),
    at: e.at.toISOString() as string,
    actorId: e.actor_id as string | null,
    actorType: e.actor_type as string,
    impersonatorId: e.impersonator_id as string | null,
    action: e.action as string,
    targetType: e.target_type as string | null,
    targetId: e.target_id as string | null,
    before: (hide ? hideNoteText(e.before) : e.before) as Record<string, unknown> | null,
    after: (hide ? hideNoteText(e.after) : e.after) as Record<string, unknown> | null,
    ip: e.ip as string | null,
    cause: e.cause as string | null,
  };
}

/** The audit log, newest first, with the filters docs/api.md lists; the cursor is the last id seen. */
export async function listAudit(sql: Sql, q: AuditQuery, reader: AuditReader) {
  const f = auditFilter(q);
  const [{ n }] = (await sql.query<{ n: number }>(
    `select count(*)::int as n from audit_log where ${f.filter}`,
    f.params,
  )) as [{ n: number }];
  const rows = await auditPage(sql, f, q.cursor ? Number(q.cursor) : null, q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((e) => toAuditDto(e, reader)),
    nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null,
    total: n,
  };
}

/**
 * Every entry the filters match as of now (exports): the count, and the entries newest first in keyset
 * batches. Entries written after this call (such as the export's own entry) are not included.
 */
export async function matchingAudit(sql: Sql, q: AuditFilters, reader: AuditReader, batchSize = 1000) {
  const f = auditFilter(q);
  const [{ n, last }] = (await sql.query<{ n: number; last: number | null }>(
    `select count(*)::int as n, max(id) as last from audit_log where ${f.filter}`,
    f.params,
  )) as [{ n: number; last: number | null }];
  async function* batches(): AsyncGenerator<AuditEntryDto[]> {
    if (last === null) return;
    let beforeId = Number(last) + 1;
    for (;;) {
      const rows = await auditPage(sql, f, beforeId, batchSize);
      if (rows.length) yield rows.map((e) => toAuditDto(e, reader));
      if (rows.length < batchSize) return;
      beforeId = Number(rows[rows.length - 1]!.id);
    }
  }
  return { total: n, batches: batches() };
}
