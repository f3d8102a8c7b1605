import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Db, Sql } from '../../db/index';
import { AppError } from '../../core/errors';
import { newSecret, sha256 } from '../../core/crypto';
import { assertCodeAttemptAllowed, checkTotp, looksLikeTotp, useRecoveryCode, wrongCode } from './codes';
import { authenticationOptions, checkAssertion, type RelyingParty } from './passkeys';

const MFA_TOKEN_MS = 5 * 60_000;

export type SecondFactorMethod = 'totp' | 'recovery_code' | 'passkey';

/** After a right password, for someone with a second factor: no session yet, a token for the second step. */
export async function startSecondStep(tx: Sql, rp: RelyingParty, userId: string) {
  const mfaToken = newSecret();
  const passkeyOptions = await authenticationOptions(tx, rp, userId);
  const [{ totp }] = (await tx.query<{ totp: boolean }>(
    `select exists (select 1 from mfa_totp where user_id = $1 and confirmed_at is not null) as totp`,
    [userId],
  )) as [{ totp: boolean }];
  await tx.query(`delete from mfa_sign_ins where user_id = $1 and expires_at < now()`, [userId]);
  await tx.query(
    `insert into mfa_sign_ins (token_hash, user_id, webauthn_challenge, expires_at) values ($1, $2, $3, $4)`,
    [sha256(mfaToken), userId, passkeyOptions?.challenge ?? null, new Date(Date.now() + MFA_TOKEN_MS)],
  );
  const methods: SecondFactorMethod[] = [
    ...(totp ? (['totp'] as const) : []),
    ...(passkeyOptions ? (['passkey'] as const) : []),
    'recovery_code',
  ];
  return { mfaRequired: true as const, mfaToken, methods, passkeyOptions };
}

export type SecondStepProof =
  { code: string; assertion?: undefined } | { assertion: AuthenticationResponseJSON; code?: undefined };

/**
 * Checks the second step of a password sign-in. Attempts are throttled per person; a wrong proof keeps
 * the token (within its 5 minutes) so the person can retry; the right one uses it up, under a row lock
 * so two requests cannot both succeed. `open` creates the session in the same transaction.
 */
export async function finishSecondStep<T>(
  db: Db,
  rp: RelyingParty,
  mfaToken: string,
  proof: SecondStepProof,
  open: (tx: Sql, userId: string, method: SecondFactorMethod) => Promise<T>,
): Promise<T> {
  const tokenHash = sha256(mfaToken);
  const expired = () =>
    new AppError('unauthenticated', 'This sign-in has expired or was already completed. Sign in again.');
  const [pending] = await db.query<{ user_id: string }>(
    `select user_id from mfa_sign_ins where token_hash = $1 and expires_at > now()`,
    [tokenHash],
  );
  if (!pending) throw expired();
  await assertCodeAttemptAllowed(db, pending.user_id);
  return db.tx(async (tx) => {
    const [row] = await tx.query<{ user_id: string; webauthn_challenge: string | null }>(
      `select user_id, webauthn_challenge from mfa_sign_ins where token_hash = $1 and expires_at > now() for update`,
      [tokenHash],
    );
    if (!row) throw expired();
    const method = await checkProof(tx, rp, row, proof);
    if (!method) throw wrongCode();
    await tx.query(`delete from mfa_sign_ins where token_hash = $1`, [tokenHash]);
    return open(tx, row.user_id, method);
  });
}

async function checkProof(
  tx: Sql,
  rp: RelyingParty,
  row: { user_id: string; webauthn_challenge: string | null },
  proof: SecondStepProof,
): Promise<SecondFactorMethod | null> {
  if (proof.assertion) {
    if (!row.webauthn_challenge) return null;
    return (await checkAssertion(tx, rp, row.user_id, row.webauthn_challenge, proof.assertion)) ? 'passkey' : null;
  }
  const code = proof.code.trim();
  if (looksLikeTotp(code)) return (await checkTotp(tx, row.user_id, code.replace(/\s/g, ''))) ? 'totp' : null;
  return (await useRecoveryCode(tx, row.user_id, code)) ? 'recovery_code' : null;
}
