import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/index';
import type { Actor } from '../../core/actor';
import { systemActor } from '../../core/actor';
import { AppError } from '../../core/errors';
import { newSecret, sha256 } from '../../core/crypto';
import * as audit from '../audit/audit';
import * as outbox from '../mail/outbox';
import { passwordResetEmail } from '../mail/templates';
import { getSettings } from '../settings/settings';
import { findByEmail, findUser, type UserRow } from '../people/repo';
import { normalizeEmail } from '../people/email';
import { storePassword } from '../users/service';
import { addressAllowed, assertIpAllowed } from '../../core/throttle';

/** A reset link works once, for this long. */
export const RESET_VALID_HOURS = 1;

type RequestCtx = Pick<Actor, 'ip' | 'requestId'>;

/** Only a confirmed, usable account may reset its password by email. */
function mayReset(user: UserRow | null): user is UserRow {
  if (!user || user.deleted_at || user.status !== 'confirmed' || !user.email) return false;
  return !(user.expires_at && new Date(user.expires_at).getTime() <= Date.now());
}

/**
 * `POST /auth/password-reset`: emails a reset link to a confirmed user. The answer never says whether
 * the address has an account; over the per-address limit nothing is sent, over the per-IP limit it is a 429.
 */
export async function requestPasswordReset(db: Db, email: string, ctx: RequestCtx): Promise<void> {
  await assertIpAllowed(db, 'password_reset', ctx.ip, 20, 3600);
  if (!(await addressAllowed(db, 'password_reset', normalizeEmail(email), 3, 3600))) return;
  await db.tx(async (tx) => {
    const found = await findByEmail(tx, email);
    if (!mayReset(found)) return;
    const user = (await findUser(tx, found.id, { forUpdate: true }))!;
    const settings = await getSettings(tx);
    // With password sign-in switched off, only Owners keep a password (their way back in if SSO breaks).
    if (!settings.sso.passwordSignInAllowed && user.role !== 'owner') return;
    // One live link per user: a new request replaces the previous one.
    await tx.query(`delete from password_resets where user_id = $1 and used_at is null`, [user.id]);
    const token = newSecret();
    const id = randomUUID();
    await tx.query(`insert into password_resets (id, user_id, token_hash, expires_at) values ($1, $2, $3, $4)`, [
      id,
      user.id,
      sha256(token),
      new Date(Date.now() + RESET_VALID_HOURS * 3600_000),
    ]);
    const mail = passwordResetEmail({
      to: { firstName: user.first_name, language: user.language },
      org: settings,
      token,
      validHours: RESET_VALID_HOURS,
    });
    await outbox.enqueueSecurityMail(tx, { userId: user.id, address: user.email! }, 'password_reset', mail);
    await audit.record(
      tx,
      { ...systemActor('password_reset'), ...ctx },
      { action: 'user.password_reset_requested', targetType: 'user', targetId: user.id },
    );
  });
}

/** `GET /auth/password-reset/{token}`: whether the link can still be used (the page shows the form or the reason). */
export async function checkResetToken(db: Db, token: string): Promise<{ email: string }> {
  const row = await loadReset(db, token, false);
  return { email: row.user.email! };
}

/** `POST /auth/password-reset/{token}`: sets the password, uses up the link and ends every session of the user. */
export async function resetPassword(db: Db, token: string, password: string, ctx: RequestCtx): Promise<void> {
  await db.tx(async (tx) => {
    const { resetId, user } = await loadReset(tx, token, true);
    await tx.query(`update password_resets set used_at = now() where id = $1`, [resetId]);
    await tx.query(`delete from password_resets where user_id = $1 and used_at is null`, [user.id]);
    await storePassword(tx, user, password); // ends all sessions
    // A successful reset also lifts a sign-in lock caused by failed attempts.
    await tx.query(`delete from login_attempts where key = $1`, [`acct:${sha256(user.email_normalized!)}`]);
    const actor: Actor = { type: 'user', userId: user.id, role: user.role, ...ctx };
    await audit.record(tx, actor, { action: 'user.password_reset', targetType: 'user', targetId: user.id });
  });
}

const INVALID =
  'This password reset link is not valid: it was already used, has expired, or was replaced by a newer one. Ask for a new link.';

async function loadReset(
  sql: Pick<Db, 'query'>,
  token: string,
  forUpdate: boolean,
): Promise<{ resetId: string; user: UserRow }> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new AppError('not_found', INVALID);
  const rows = await sql.query<{ id: string; user_id: string; expires_at: Date; used_at: Date | null }>(
    `select id, user_id, expires_at, used_at from password_resets where token_hash = $1 ${forUpdate ? 'for update' : ''}`,
    [sha256(token)],
  );
  const r = rows[0];
  if (!r || r.used_at || new Date(r.expires_at).getTime() <= Date.now()) throw new AppError('not_found', INVALID);
  const user = await findUser(sql, r.user_id, { forUpdate });
  if (!mayReset(user)) throw new AppError('not_found', INVALID);
  return { resetId: r.id, user };
}
