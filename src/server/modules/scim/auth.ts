import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/index';
import type { Role } from '../../../common/domain';
import type { Actor } from '../../core/actor';
import { sha256 } from '../../core/crypto';
import { can } from '../access/policy';
import { ScimError } from './errors';
import { grantsJsonSql } from '../access/effective';

/**
 * /scim/v2 has its own bearer auth: only tokens with the `scim` scope, not revoked, created by an
 * Owner or Admin who still is one. Looked up on every request, so a revocation takes effect at once.
 * The actor acts with its creator's rights and is recorded in the audit log as the token.
 */
export async function scimActor(db: Db, req: FastifyRequest): Promise<Actor> {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  if (!bearer) throw new ScimError(401, null, 'A SCIM bearer token is required (Authorization: Bearer …).');
  const rows = await db.query<{
    id: string;
    created_by: string;
    role: Role;
    scopes: string[];
    last_used_at: Date | null;
    grants: Actor['grants'];
  }>(
    `select t.id, t.created_by, u.role, t.scopes, t.last_used_at,
            ${grantsJsonSql('u')} as grants
       from api_tokens t join users u on u.id = t.created_by
      where t.token_hash = $1 and t.revoked_at is null and u.status = 'confirmed' and u.deleted_at is null`,
    [sha256(bearer)],
  );
  const t = rows[0];
  if (!t || !t.scopes.includes('scim'))
    throw new ScimError(401, null, 'The SCIM token is not valid or has been revoked.');
  const actor: Actor = {
    type: 'token',
    userId: t.created_by,
    role: t.role,
    tokenId: t.id,
    ip: req.ip,
    requestId: req.id,
    grants: t.grants,
    scim: true,
    cause: 'scim',
  };
  if (!can(actor, 'settings.manage'))
    throw new ScimError(401, null, 'The SCIM token belongs to someone who is no longer an Owner or Admin.');
  // "Last used" is shown to the minute; writing it on every request would cost a write per call.
  if (!t.last_used_at || Date.now() - new Date(t.last_used_at).getTime() > 60_000)
    await db.query(`update api_tokens set last_used_at = now() where id = $1`, [t.id]);
  return actor;
}
