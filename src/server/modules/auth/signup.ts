import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Db, Sql } from '../../db/index';
import { systemActor, type Actor } from '../../core/actor';
import { AppError, invalid, notFound } from '../../core/errors';
import { newSecret, sha256 } from '../../core/crypto';
import * as audit from '../audit/audit';
import * as outbox from '../mail/outbox';
import {
  signupDecisionEmail,
  signupExistingAccountEmail,
  signupPendingApprovalEmail,
  signupVerificationEmail,
} from '../mail/templates';
import { getSettings } from '../settings/settings';
import type { Settings } from '../../../common/contract/settings';
import type { SignupInput } from '../../../common/contract/auth';
import { insertMember } from '../teams/members';
import { findTeam } from '../teams/repo';
import { findByEmail, type UserRow } from '../people/repo';
import { normalizeEmail } from '../people/email';
import { checkPassword } from '../people/password';
import { INACTIVE_STATUSES, isStatusIn } from '../../../common/domain';
import { createConfirmedUser, domainAllowed } from './accounts';
import { addressAllowed, assertIpAllowed } from '../../core/throttle';

/** A verification link works once, for this long. */
export const VERIFY_VALID_HOURS = 24;

interface SignupRow {
  id: string;
  email: string;
  email_normalized: string;
  first_name: string;
  last_name: string;
  password_hash: string;
  state: 'unverified' | 'pending_approval' | 'approved' | 'declined' | 'superseded';
  user_id: string | null;
  created_at: Date;
  verified_at: Date | null;
  expires_at: Date;
}

type Ctx = Pick<Actor, 'ip' | 'requestId'>;
const signupActor = (ctx: Ctx): Actor => ({ ...systemActor('self_signup'), ...ctx });

/** Sign-up must be switched on, and the address in an allowed domain (an empty list allows every domain). */
function assertOpenTo(settings: Settings, email: string): void {
  if (!settings.selfSignup.enabled)
    throw notFound(
      'Self sign-up is not available in this organisation; ask your administrator for an invitation. Sign-up',
    );
  if (settings.selfSignup.allowedDomains.length && !domainAllowed(email, settings.selfSignup.allowedDomains))
    throw invalid(`Sign-up is open to addresses at ${settings.selfSignup.allowedDomains.join(', ')} only.`, [
      { field: 'email', message: 'Domain not allowed.' },
    ]);
}

/**
 * `POST /signup`: the answer is the same whether or not the address already has an account. A new address
 * gets a verification link; the owner of an existing active account is told someone tried; a deactivated,
 * deleted or anonymised account gets nothing. The password is hashed in every case, so timing says nothing either.
 */
export async function requestSignup(db: Db, input: SignupInput, ctx: Ctx): Promise<void> {
  const settings = await getSettings(db);
  assertOpenTo(settings, input.email);
  checkPassword(input.password, settings.passwordMinScore, input);
  const passwordHash = await hash(input.password);
  await assertIpAllowed(db, 'signup', ctx.ip, 20, 3600);
  if (!(await addressAllowed(db, 'signup', normalizeEmail(input.email), 3, 3600))) return;
  await db.tx(async (tx) => {
    const existing = await findByEmail(tx, input.email);
    if (existing) return tellExistingOwner(tx, existing, settings);
    await tx.query(
      `update signup_requests set state = 'superseded' where email_normalized = $1 and state = 'unverified'`,
      [normalizeEmail(input.email)],
    );
    const token = newSecret();
    const id = randomUUID();
    await tx.query(
      `insert into signup_requests (id, email, email_normalized, first_name, last_name, password_hash, token_hash, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        input.email.trim(),
        normalizeEmail(input.email),
        input.firstName,
        input.lastName,
        passwordHash,
        sha256(token),
        new Date(Date.now() + VERIFY_VALID_HOURS * 3600_000),
      ],
    );
    const mail = signupVerificationEmail({
      to: { firstName: input.firstName, language: input.language },
      org: settings,
      token,
      validHours: VERIFY_VALID_HOURS,
    });
    await outbox.enqueueSecurityMail(tx, { userId: null, address: input.email.trim() }, 'signup_verification', mail);
    await audit.record(tx, signupActor(ctx), {
      action: 'signup.requested',
      targetType: 'signup_request',
      targetId: id,
    });
  });
}

async function tellExistingOwner(tx: Sql, user: UserRow, settings: Settings): Promise<void> {
  if (user.deleted_at || !user.email || isStatusIn(INACTIVE_STATUSES, user.status)) return;
  const mail = signupExistingAccountEmail({
    to: { firstName: user.first_name, language: user.language },
    org: settings,
  });
  await outbox.enqueueSecurityMail(tx, { userId: user.id, address: user.email }, 'signup_existing_account', mail);
}

export type VerifyResult = { state: 'confirmed'; user: UserRow } | { state: 'pending_approval' };

/**
 * `POST /signup/verify/{token}`: the address is proven. Without an approval step the account is created
 * (confirmed, default role) and signed in; with one, the request waits in the administrators' queue.
 */
export async function verifySignup(db: Db, token: string, ctx: Ctx): Promise<VerifyResult> {
  return db.tx(async (tx) => {
    const req = await loadByToken(tx, token);
    const settings = await getSettings(tx);
    assertOpenTo(settings, req.email);
    const actor = signupActor(ctx);
    if (await findByEmail(tx, req.email)) {
      await tx.query(`update signup_requests set state = 'superseded', password_hash = '' where id = $1`, [req.id]);
      throw new AppError(
        'email_taken',
        'This address already has an account. Sign in, or use "Forgot your password?".',
      );
    }
    await tx.query(`update signup_requests set verified_at = now(), state = 'pending_approval' where id = $1`, [
      req.id,
    ]);
    await audit.record(tx, actor, { action: 'signup.verified', targetType: 'signup_request', targetId: req.id });
    if (settings.selfSignup.requireApproval) {
      const mail = signupPendingApprovalEmail({ to: { firstName: req.first_name }, org: settings });
      await outbox.enqueueSecurityMail(tx, { userId: null, address: req.email }, 'signup_pending_approval', mail);
      return { state: 'pending_approval' as const };
    }
    const user = await createFromRequest(tx, actor, req, settings);
    return { state: 'confirmed' as const, user };
  });
}

async function createFromRequest(tx: Sql, actor: Actor, req: SignupRow, settings: Settings): Promise<UserRow> {
  const user = await createConfirmedUser(tx, actor, {
    email: req.email,
    firstName: req.first_name,
    lastName: req.last_name,
    role: settings.selfSignup.defaultRole,
    passwordHash: req.password_hash,
  });
  await tx.query(
    `update signup_requests set state = 'approved', user_id = $2, password_hash = '', email = '', email_normalized = '', first_name = '', last_name = '' where id = $1`,
    [req.id, user.id],
  );
  await audit.record(tx, actor, {
    action: 'user.signed_up',
    targetType: 'user',
    targetId: user.id,
    after: { signupRequestId: req.id, role: user.role },
  });
  // The default team, if one is set and still exists (a deleted team is skipped rather than refusing the person).
  const teamId = settings.selfSignup.defaultTeamId;
  if (teamId && (await findTeam(tx, teamId).catch(() => null)))
    await insertMember(tx, actor, teamId, user.id, 'signup_default_team');
  return user;
}

async function loadByToken(tx: Sql, token: string): Promise<SignupRow> {
  const bad = new AppError(
    'not_found',
    'This confirmation link is not valid: it was already used, has expired, or was replaced by a newer one. Sign up again.',
  );
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw bad;
  const rows = await tx.query<SignupRow>(`select * from signup_requests where token_hash = $1 for update`, [
    sha256(token),
  ]);
  const req = rows[0];
  if (!req || req.state !== 'unverified' || new Date(req.expires_at).getTime() <= Date.now()) throw bad;
  return req;
}

/** The approval queue: verified requests waiting for an administrator. */
export async function listPending(sql: Sql) {
  const rows = await sql.query<SignupRow>(
    `select * from signup_requests where state = 'pending_approval' order by verified_at, id limit 500`,
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    firstName: r.first_name,
    lastName: r.last_name,
    requestedAt: r.created_at.toISOString(),
    verifiedAt: r.verified_at!.toISOString(),
  }));
}

/** Approve (the account is created, confirmed, and the person told) or decline (the person is told). */
export async function decide(tx: Sql, actor: Actor, id: string, approve: boolean): Promise<{ userId: string | null }> {
  const rows = await tx.query<SignupRow>(`select * from signup_requests where id = $1 for update`, [id]);
  const req = rows[0];
  if (!req || req.state !== 'pending_approval') throw notFound('Pending sign-up request');
  const settings = await getSettings(tx);
  let userId: string | null = null;
  if (approve) userId = (await createFromRequest(tx, actor, req, settings)).id;
  else await tx.query(`update signup_requests set state = 'declined', password_hash = '' where id = $1`, [id]);
  // Decided: the request keeps no personal data (an approved person's details live on their user).
  await tx.query(
    `update signup_requests set decided_by = $2, decided_at = now(), email = '', email_normalized = '', first_name = '', last_name = '' where id = $1`,
    [id, actor.userId],
  );
  await audit.record(tx, actor, {
    action: approve ? 'signup.approved' : 'signup.declined',
    targetType: 'signup_request',
    targetId: id,
    after: { userId },
  });
  const mail = signupDecisionEmail({
    to: { firstName: req.first_name },
    org: settings,
    approved: approve,
  });
  await outbox.enqueueSecurityMail(
    tx,
    { userId, address: req.email },
    approve ? 'signup_approved' : 'signup_declined',
    mail,
  );
  return { userId };
}

/** Sign-ups waiting for an administrator's approval, however old (the administrators' daily digest). */
export async function pendingSignupCount(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ n: number }>(
    `select count(*)::int as n from signup_requests where state = 'pending_approval'`,
  );
  return row!.n;
}
