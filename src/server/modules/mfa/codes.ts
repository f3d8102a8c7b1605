import { randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify as verifyCode } from 'otplib';
import QRCode from 'qrcode';
import type { Sql } from '../../db/index';
import { AppError, invalid } from '../../core/errors';
import { sha256 } from '../../core/crypto';
import { hit, MAX_FAILURES } from '../../core/throttle';
import { now } from '../../core/clock';

/** Codes from one step before or after the server's clock are accepted (clock drift). */
const EPOCH_TOLERANCE_SECONDS = 30;
export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i: read aloud or typed from paper

/**
 * Code attempts per person, as for passwords (auth/login.ts): MAX_FAILURES within 15 minutes, counted
 * in the shared request_throttle table. Every attempt counts, right ones included: they are rare.
 */
export async function assertCodeAttemptAllowed(sql: Sql, userId: string): Promise<void> {
  if (!(await hit(sql, `mfa:user:${userId}`, MAX_FAILURES, 15 * 60)))
    throw new AppError('rate_limited', 'Too many code attempts for this account. Try again in 15 minutes.');
}

export const wrongCode = () => new AppError('invalid_credentials', 'The code is not correct.');

/** Starts (or restarts) enrolment of an authenticator app: a new secret, not active until a code confirms it. */
export async function startTotp(tx: Sql, user: { id: string; email: string | null }, issuer: string) {
  const [active] = await tx.query(`select 1 from mfa_totp where user_id = $1 and confirmed_at is not null`, [user.id]);
  if (active)
    throw new AppError('conflict', 'An authenticator app is already set up. Remove it first to set up another.');
  const secret = generateSecret();
  await tx.query(
    `insert into mfa_totp (user_id, secret, created_at) values ($1, $2, $3)
     on conflict (user_id) do update set secret = excluded.secret, confirmed_at = null, last_used_step = null, created_at = excluded.created_at`,
    [user.id, secret, now()],
  );
  const otpauthUri = generateURI({ issuer, label: user.email ?? user.id, secret });
  return { secret, otpauthUri, qrCode: await QRCode.toDataURL(otpauthUri) };
}

/** Activates the pending secret when the code matches; the code's time step counts as used. */
export async function confirmTotp(tx: Sql, userId: string, code: string): Promise<void> {
  const [row] = await tx.query<{ secret: string }>(
    `select secret from mfa_totp where user_id = $1 and confirmed_at is null for update`,
    [userId],
  );
  if (!row) throw new AppError('conflict', 'Start setting up an authenticator app first.');
  const result = await verifyTotp(row.secret, code);
  if (!result.valid)
    throw invalid('The code is not correct: check the time on your phone and enter the code the app shows now.', [
      { field: 'code', message: 'Not correct.' },
    ]);
  await tx.query(`update mfa_totp set confirmed_at = now(), last_used_step = $2 where user_id = $1`, [
    userId,
    result.timeStep,
  ]);
}

/**
 * Checks a code of the active authenticator app. A code is accepted once: its time step must be later
 * than the last accepted one, and the conditional update keeps two concurrent requests from both winning.
 */
export async function checkTotp(tx: Sql, userId: string, code: string): Promise<boolean> {
  const [row] = await tx.query<{ secret: string; last_used_step: string | null }>(
    `select secret, last_used_step from mfa_totp where user_id = $1 and confirmed_at is not null`,
    [userId],
  );
  if (!row) return false;
  const afterTimeStep = row.last_used_step === null ? undefined : Number(row.last_used_step);
  const result = await verifyTotp(row.secret, code, afterTimeStep);
  if (!result.valid) return false;
  const updated = await tx.query(
    `update mfa_totp set last_used_step = $2 where user_id = $1 and (last_used_step is null or last_used_step < $2) returning 1`,
    [userId, result.timeStep],
  );
  return updated.length === 1;
}

/** A TOTP check (RFC 6238, 30-second steps, 6 digits); a valid result names the time step it matched. */
async function verifyTotp(
  secret: string,
  token: string,
  afterTimeStep?: number,
): Promise<{ valid: false } | { valid: true; timeStep: number }> {
  const result = await verifyCode({
    strategy: 'totp',
    secret,
    token,
    epochTolerance: EPOCH_TOLERANCE_SECONDS,
    afterTimeStep,
  });
  return result.valid && 'timeStep' in result ? { valid: true, timeStep: result.timeStep } : { valid: false };
}

/** Replaces the person's recovery codes with new ones; the plain codes are returned once and never stored. */
export async function issueRecoveryCodes(tx: Sql, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.query(`delete from mfa_recovery_codes where user_id = $1`, [userId]);
  await tx.query(`insert into mfa_recovery_codes (user_id, code_hash) select $1, unnest($2::text[])`, [
    userId,
    codes.map(hashRecoveryCode),
  ]);
  return codes;
}

/** Uses up one recovery code; false when it is unknown or already used. */
export async function useRecoveryCode(tx: Sql, userId: string, code: string): Promise<boolean> {
  const used = await tx.query(
    `update mfa_recovery_codes set used_at = now() where user_id = $1 and code_hash = $2 and used_at is null returning 1`,
    [userId, hashRecoveryCode(code)],
  );
  return used.length === 1;
}

/** Ten characters in two groups ("abcde-fghjk"); typed with or without the dash, in any case. */
function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

function hashRecoveryCode(code: string): string {
  return sha256(code.toLowerCase().replace(/[\s-]/g, ''));
}

export const looksLikeTotp = (code: string) => /^\d{6}$/.test(code.replace(/\s/g, ''));
