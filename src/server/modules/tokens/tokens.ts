import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { notFound } from '../../core/errors';
import { newSecret, sha256 } from '../../core/crypto';
import { TOKEN_SCOPE_NAMES } from '../../../common/domain';
import * as audit from '../audit/audit';

/**
 * One scope per token: an `api` token works only on /api/v1, a `scim` token only on /scim/v2, a `metrics`
 * token only on /metrics (a leaked HR or monitoring secret is not an admin key).
 */
export const tokenInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z
      .array(z.enum(TOKEN_SCOPE_NAMES))
      .length(1, `A token has one scope: ${TOKEN_SCOPE_NAMES.map((s) => `["${s}"]`).join(', ')}.`)
      .default(['api']),
  })
  .strict();

/** API tokens act with their creator's rights; the secret is returned once and stored hashed. */
export async function createToken(tx: Sql, actor: Actor, input: z.infer<typeof tokenInputSchema>) {
  const id = randomUUID();
  const token = newSecret('rst_');
  await tx.query(`insert into api_tokens (id, name, token_hash, scopes, created_by) values ($1, $2, $3, $4, $5)`, [
    id,
    input.name,
    sha256(token),
    JSON.stringify(input.scopes),
    actor.userId,
  ]);
  await audit.recordCreated(tx, actor, 'token', id, { name: input.name, scopes: input.scopes });
  return { id, token, name: input.name, scopes: input.scopes };
}

export async function listTokens(sql: Sql) {
  const rows = await sql.query(
    `select id, name, scopes, created_by, created_at, last_used_at from api_tokens where revoked_at is null order by created_at desc`,
  );
  return rows.map((t: any) => ({
    id: t.id,
    name: t.name,
    scopes: t.scopes,
    createdBy: t.created_by,
    createdAt: t.created_at.toISOString(),
    lastUsedAt: t.last_used_at?.toISOString() ?? null,
  }));
}

export async function revokeToken(tx: Sql, actor: Actor, id: string) {
  const rows = await tx.query(
    `update api_tokens set revoked_at = now() where id = $1 and revoked_at is null returning name`,
    [id],
  );
  if (!rows[0]) throw notFound('Token');
  await audit.record(tx, actor, { action: 'token.revoked', targetType: 'token', targetId: id });
}
