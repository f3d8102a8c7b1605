import { verify } from '@node-rs/argon2';
import type { Db, Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError } from '../../core/errors';
import { MAX_FAILURES } from '../../core/throttle';
import { sha256 } from '../../core/crypto';
import { now } from '../../core/clock';
import * as audit from '../audit/audit';
import { getSettings } from '../settings/settings';
import { ssoConfigured } from './accounts';
import { findByEmail, type UserRow } from '../people/repo';
import { normalizeEmail } from '../people/email';
import { createSession } from '../sessions/sessions';
import { hasFactor } from '../mfa/factors';
import type { RelyingParty } from '../mfa/passkeys';
import { secondFactorRequired } from '../mfa/policy';
import { startSecondStep } from '../mfa/signIn';
import { noteSignInDevice } from '../notifications/devices';

/** Per-account throttling: this many failures within the window lock the account for the window. */
const WINDOW_MS = 15 * 60_000;

// A real hash of a random string, verified when the email is unknown so timing does not reveal accounts.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$DkmbPu8RpF6yOREl7x5rzg$yiSjFwPTGZKvuENkt7tfnrDT2qzcbiKHZJ+y6QemUq8';

type SignInContext = Pick<Actor, 'ip' | 'requestId'> & { userAgent?: string | null };

/**
 * A right password opens a session, unless the person has a second factor: then it answers with a
 * token for the second step (mfa/signIn.ts) and no session. Someone the organisation requires to have
 * a second factor who has none yet gets a session that may only enrol one (docs/decisions/013-second-factor.md).
 */
export async function login(db: Db, email: string, password: string, ctx: SignInContext, rp: RelyingParty) {
  const key = `acct:${sha256(normalizeEmail(email))}`;
  await assertNotLocked(db, key);
  const user = await findByEmail(db, email);
  const ok = await verify(user?.password_hash ?? DUMMY_HASH, password).catch(() => false);
  if (!user?.password_hash || !ok || user.deleted_at || user.status === 'anonymised') {
    await recordFailure(db, key);
    throw new AppError('invalid_credentials', 'The email or password is not correct.');
  }
  // The password was right: now it is safe to say why the account cannot be used.
  refuseUnusable(user);
  await refuseIfSsoOnly(db, user);
  await db.query(`delete from login_attempts where key = $1`, [key]);
  return db.tx(async (tx) => {
    if (await hasFactor(tx, user.id)) return { secondStep: await startSecondStep(tx, rp, user.id) };
    const enrolmentOnly = secondFactorRequired(await getSettings(tx), user.role);
    return { session: await openSession(tx, user, ctx, enrolmentOnly ? { mfaEnrolmentOnly: true } : undefined) };
  });
}

/** The session of a finished sign-in, recorded in the audit log (with how the second step was passed, if any). */
export async function openSession(
  tx: Sql,
  user: UserRow,
  { userAgent, ...ctx }: SignInContext,
  details?: Record<string, unknown>,
) {
  const session = await createSession(tx, user.id);
  await noteSignInDevice(tx, user, userAgent);
  const enrolmentOnly = details?.mfaEnrolmentOnly === true;
  if (enrolmentOnly)
    await tx.query(`update sessions set mfa_enrolment_only = true where id_hash = $1`, [sha256(session.token)]);
  await audit.record(
    tx,
    { type: 'user', userId: user.id, role: user.role, ...ctx },
    { action: 'user.signed_in', targetType: 'user', targetId: user.id, after: details },
  );
  return { user, enrolmentOnly, ...session };
}

/** The sign-in refusals of docs/api.md; expiry is checked against the date, not only the status. */
export function refuseUnusable(user: UserRow): void {
  if (user.status === 'deactivated')
    throw new AppError('account_deactivated', 'Your account is deactivated. Contact your administrator.');
  if (user.status === 'expired' || (user.expires_at && new Date(user.expires_at).getTime() <= Date.now()))
    throw new AppError('account_expired', 'Your access has expired. Contact your administrator.');
  if (user.status !== 'confirmed')
    throw new AppError(
      'account_not_confirmed',
      'Your account is not active yet. Use the link in your invitation email.',
    );
}

/** With password sign-in switched off (SSO only), Owners keep their password as the way back in. */
async function refuseIfSsoOnly(db: Db, user: UserRow): Promise<void> {
  const { sso } = await getSettings(db);
  if (!sso.passwordSignInAllowed && ssoConfigured(sso) && user.role !== 'owner')
    throw new AppError(
      'forbidden',
      `Your organisation signs in with ${sso.displayName}. Use the "Sign in with ${sso.displayName}" button.`,
      { sso: true },
    );
}

async function assertNotLocked(db: Db, key: string) {
  const rows = await db.query<{ locked_until: Date | null }>(`select locked_until from login_attempts where key = $1`, [
    key,
  ]);
  const until = rows[0]?.locked_until;
  if (until && new Date(until).getTime() > Date.now())
    throw new AppError('rate_limited', 'Too many failed sign-in attempts for this account. Try again in 15 minutes.');
}

async function recordFailure(db: Db, key: string) {
  await db.query(
    `insert into login_attempts (key, failures, window_started_at) values ($1, 1, $4)
     on conflict (key) do update set
       failures = case when login_attempts.window_started_at < $4::timestamptz - make_interval(secs => $2) then 1 else login_attempts.failures + 1 end,
       window_started_at = case when login_attempts.window_started_at < $4::timestamptz - make_interval(secs => $2) then $4 else login_attempts.window_started_at end,
       locked_until = case when login_attempts.failures + 1 >= $3 and login_attempts.window_started_at >= $4::timestamptz - make_interval(secs => $2)
                           then $4::timestamptz + make_interval(secs => $2) else login_attempts.locked_until end`,
    [key, WINDOW_MS / 1000, MAX_FAILURES, now()],
  );
}
