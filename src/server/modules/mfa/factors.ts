import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError, forbidden, notFound } from '../../core/errors';
import { assertCanActOn, assertNotSelf } from '../access/policy';
import * as audit from '../audit/audit';
import { getSettings } from '../settings/settings';
import { findUser } from '../people/repo';
import { listPasskeys, removePasskey } from './passkeys';
import { outranks } from '../access/policy';
import { secondFactorRequired } from './policy';

/** A confirmed authenticator app or at least one passkey: a password sign-in then needs the second step. */
export async function hasFactor(sql: Sql, userId: string): Promise<boolean> {
  const [row] = await sql.query<{ has: boolean }>(
    `select exists (select 1 from mfa_totp where user_id = $1 and confirmed_at is not null)
         or exists (select 1 from passkeys where user_id = $1) as has`,
    [userId],
  );
  return row!.has;
}

/** GET /me/mfa: the person's factors, how many recovery codes are left, and whether the organisation requires one. */
export async function factorSummary(sql: Sql, userId: string) {
  const user = await findUser(sql, userId);
  if (!user) throw notFound('User');
  const [totp] = await sql.query<{ confirmed_at: Date | null }>(
    `select confirmed_at from mfa_totp where user_id = $1`,
    [userId],
  );
  const [{ left }] = (await sql.query<{ left: number }>(
    `select count(*)::int as left from mfa_recovery_codes where user_id = $1 and used_at is null`,
    [userId],
  )) as [{ left: number }];
  return {
    totp: { enabled: Boolean(totp?.confirmed_at), enabledAt: totp?.confirmed_at?.toISOString() ?? null },
    passkeys: await listPasskeys(sql, userId),
    recoveryCodesLeft: left,
    required: secondFactorRequired(await getSettings(sql), user.role),
  };
}

/** Records a new factor; a session that was only allowed to enrol becomes a full one. */
export async function factorAdded(
  tx: Sql,
  actor: Actor,
  sessionTokenHash: string | undefined,
  factor: 'totp' | 'passkey',
): Promise<void> {
  if (sessionTokenHash)
    await tx.query(`update sessions set mfa_enrolment_only = false where id_hash = $1`, [sessionTokenHash]);
  await audit.record(tx, actor, {
    action: 'user.mfa_added',
    targetType: 'user',
    targetId: actor.userId!,
    after: { factor },
  });
}

/** Removes one of one's own factors; the last one stays while the organisation requires a second factor. */
export async function removeOwnFactor(
  tx: Sql,
  actor: Actor,
  factor: { kind: 'totp' } | { kind: 'passkey'; id: string },
): Promise<void> {
  const userId = actor.userId!;
  const user = await findUser(tx, userId, { forUpdate: true });
  if (!user) throw notFound('User');
  if (factor.kind === 'totp') {
    const removed = await tx.query(`delete from mfa_totp where user_id = $1 returning 1`, [userId]);
    if (!removed.length) throw notFound('Authenticator app');
  } else {
    await removePasskey(tx, userId, factor.id);
  }
  if (!(await hasFactor(tx, userId))) {
    if (secondFactorRequired(await getSettings(tx), user.role))
      throw new AppError(
        'conflict',
        'Your organisation requires a second factor: add another one before removing this one.',
      );
    await tx.query(`delete from mfa_recovery_codes where user_id = $1`, [userId]);
  }
  await audit.record(tx, actor, {
    action: 'user.mfa_removed',
    targetType: 'user',
    targetId: userId,
    before: { factor: factor.kind },
  });
}

/**
 * An administrator removes every second factor of someone of lower rank (a lost phone): their next
 * password sign-in asks for none, or only lets them enrol a new one when the organisation requires it.
 */
export async function resetFactors(tx: Sql, actor: Actor, targetId: string): Promise<void> {
  if (actor.impersonatorId) throw forbidden('Second factors cannot be changed while signed in as someone else.');
  const target = await findUser(tx, targetId, { forUpdate: true });
  if (!target) throw notFound('User');
  await assertCanActOn(tx, actor, target, 'people.lifecycle');
  assertNotSelf(actor, target.id, 'reset your own second factors (remove them under "My profile")');
  if (!outranks(actor, target)) throw forbidden('You can only reset the second factors of people below your rank.');
  const [removed] = await tx.query<{ totp: boolean; passkeys: number }>(
    `select exists (select 1 from mfa_totp where user_id = $1 and confirmed_at is not null) as totp,
            (select count(*)::int from passkeys where user_id = $1) as passkeys`,
    [target.id],
  );
  for (const table of ['mfa_totp', 'passkeys', 'mfa_recovery_codes', 'mfa_sign_ins', 'passkey_registrations'])
    await tx.query(`delete from ${table} where user_id = $1`, [target.id]);
  await audit.record(tx, actor, { action: 'user.mfa_reset', targetType: 'user', targetId: target.id, before: removed });
}
