import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { can } from './roles';
import { visibleUsersSql } from './scope';
import type { AuditActorKind } from '../../../common/contract/admin';
import type { AuditEntryDto } from '../audit/query';

export interface ActorNames {
  actor: { kind: AuditActorKind; id: string | null; name: string | null };
  impersonator: { id: string; name: string | null } | null;
}

export type NamedAuditEntry = AuditEntryDto & ActorNames;

/**
 * Names the actors of a page of audit entries for one reader: a person's name only when the reader may see
 * that person (access/scope.ts, the People list's rule; people deleted but not yet purged included), a token's
 * name only when the reader may list tokens (settings.manage, as GET /tokens), and whether a token is the HR
 * sync (its scope is scim) or an API token. Two queries per page, whatever its length.
 */
export async function nameActors(sql: Sql, reader: Actor, entries: AuditEntryDto[]): Promise<NamedAuditEntry[]> {
  const personIds = new Set<string>();
  const tokenIds = new Set<string>();
  for (const e of entries) {
    if (e.actorType === 'user' && e.actorId) personIds.add(e.actorId);
    if (e.actorType === 'token' && e.actorId) tokenIds.add(e.actorId);
    if (e.impersonatorId) personIds.add(e.impersonatorId);
  }
  const people = new Map<string, string>();
  if (personIds.size) {
    const params: unknown[] = [[...personIds]];
    const visible = await visibleUsersSql(sql, reader, (v) => {
      params.push(v);
      return `$${params.length}`;
    });
    const rows = await sql.query<{ id: string; name: string }>(
      `select u.id, coalesce(nullif(trim(u.first_name || ' ' || u.last_name), ''), u.email) as name
         from users u where u.id = any($1::text[]) and ${visible}`,
      params,
    );
    for (const r of rows) people.set(r.id, r.name);
  }
  const tokens = new Map<string, { name: string; scim: boolean }>();
  if (tokenIds.size) {
    const rows = await sql.query<{ id: string; name: string; scopes: string[] }>(
      `select id, name, scopes from api_tokens where id = any($1::text[])`,
      [[...tokenIds]],
    );
    for (const r of rows) tokens.set(r.id, { name: r.name, scim: r.scopes.includes('scim') });
  }
  const seesTokens = can(reader, 'settings.manage');
  return entries.map((e) => {
    let actor: ActorNames['actor'];
    if (e.actorType === 'token') {
      const tok = e.actorId ? tokens.get(e.actorId) : undefined;
      actor = {
        kind: tok?.scim ? 'hr_token' : 'api_token',
        id: e.actorId,
        name: tok && seesTokens ? tok.name : null,
      };
    } else if (e.actorType === 'user' && e.actorId) {
      actor = { kind: 'person', id: e.actorId, name: people.get(e.actorId) ?? null };
    } else actor = { kind: 'system', id: null, name: null };
    const impersonator = e.impersonatorId ? { id: e.impersonatorId, name: people.get(e.impersonatorId) ?? null } : null;
    return { ...e, actor, impersonator };
  });
}
