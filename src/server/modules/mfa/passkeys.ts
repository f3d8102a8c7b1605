import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { Sql } from '../../db/index';
import { AppError, invalid, notFound } from '../../core/errors';

const CHALLENGE_MS = 5 * 60_000;

/** The relying party is the host of PUBLIC_URL: passkeys work on that origin only. */
export interface RelyingParty {
  id: string;
  origin: string;
}
export function relyingParty(publicUrl: string): RelyingParty {
  const url = new URL(publicUrl);
  return { id: url.hostname, origin: url.origin };
}

interface PasskeyRow {
  id: string;
  name: string;
  public_key: string;
  counter: string;
  transports: string[];
  created_at: Date;
  last_used_at: Date | null;
}

export async function listPasskeys(sql: Sql, userId: string) {
  const rows = await sql.query<PasskeyRow>(`select * from passkeys where user_id = $1 order by created_at, id`, [
    userId,
  ]);
  return rows.map((p) => ({
    id: p.id,
    name: p.name,
    createdAt: p.created_at.toISOString(),
    lastUsedAt: p.last_used_at?.toISOString() ?? null,
  }));
}

/** Options for navigator.credentials.create(); the challenge is kept for 5 minutes. */
export async function registrationOptions(
  tx: Sql,
  rp: RelyingParty & { name: string },
  user: { id: string; email: string | null; first_name: string; last_name: string },
) {
  const existing = await tx.query<{ id: string; transports: string[] }>(
    `select id, transports from passkeys where user_id = $1`,
    [user.id],
  );
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: user.email ?? user.id,
    userID: new TextEncoder().encode(user.id),
    userDisplayName: `${user.first_name} ${user.last_name}`.trim(),
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: p.transports })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await tx.query(
    `insert into passkey_registrations (user_id, challenge, expires_at) values ($1, $2, $3)
     on conflict (user_id) do update set challenge = excluded.challenge, expires_at = excluded.expires_at`,
    [user.id, options.challenge, new Date(Date.now() + CHALLENGE_MS)],
  );
  return options;
}

/** Verifies the authenticator's answer to the pending registration and stores the new passkey. */
export async function registerPasskey(
  tx: Sql,
  rp: RelyingParty,
  userId: string,
  name: string,
  response: RegistrationResponseJSON,
) {
  const [pending] = await tx.query<{ challenge: string }>(
    `delete from passkey_registrations where user_id = $1 and expires_at > now() returning challenge`,
    [userId],
  );
  if (!pending) throw new AppError('conflict', 'The passkey registration has expired. Start again.');
  const verification = await verifyRegistrationResponse({
    response,
    expectedChallenge: pending.challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: false,
  }).catch((err: Error) => {
    throw invalid(`The passkey could not be verified: ${err.message}`, [
      { field: 'response', message: 'Not a valid registration response.' },
    ]);
  });
  if (!verification.verified)
    throw invalid('The passkey could not be verified.', [{ field: 'response', message: 'Not verified.' }]);
  const { credential } = verification.registrationInfo;
  const taken = await tx.query(`select 1 from passkeys where id = $1`, [credential.id]);
  if (taken.length) throw new AppError('conflict', 'This passkey is already registered.');
  await tx.query(
    `insert into passkeys (id, user_id, name, public_key, counter, transports) values ($1, $2, $3, $4, $5, $6)`,
    [
      credential.id,
      userId,
      name,
      isoBase64URL.fromBuffer(credential.publicKey),
      credential.counter,
      JSON.stringify(credential.transports ?? []),
    ],
  );
  return (await listPasskeys(tx, userId)).find((p) => p.id === credential.id)!;
}

export async function removePasskey(tx: Sql, userId: string, passkeyId: string): Promise<void> {
  const removed = await tx.query(`delete from passkeys where user_id = $1 and id = $2 returning 1`, [
    userId,
    passkeyId,
  ]);
  if (!removed.length) throw notFound('Passkey');
}

/** Options for navigator.credentials.get() at sign-in, limited to the person's passkeys; null when they have none. */
export async function authenticationOptions(sql: Sql, rp: RelyingParty, userId: string) {
  const passkeys = await sql.query<{ id: string; transports: string[] }>(
    `select id, transports from passkeys where user_id = $1`,
    [userId],
  );
  if (!passkeys.length) return null;
  return generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: passkeys.map((p) => ({ id: p.id, transports: p.transports as never })),
    userVerification: 'preferred',
  });
}

/** Checks a signed assertion against the challenge issued at sign-in and the person's stored passkey. */
export async function checkAssertion(
  tx: Sql,
  rp: RelyingParty,
  userId: string,
  challenge: string,
  response: AuthenticationResponseJSON,
): Promise<boolean> {
  const [passkey] = await tx.query<PasskeyRow>(`select * from passkeys where user_id = $1 and id = $2 for update`, [
    userId,
    response.id,
  ]);
  if (!passkey) return false;
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    credential: {
      id: passkey.id,
      publicKey: isoBase64URL.toBuffer(passkey.public_key),
      counter: Number(passkey.counter),
      transports: passkey.transports as never,
    },
    requireUserVerification: false,
  }).catch(() => ({ verified: false as const, authenticationInfo: null }));
  if (!verification.verified) return false;
  await tx.query(`update passkeys set counter = $2, last_used_at = now() where id = $1`, [
    passkey.id,
    verification.authenticationInfo.newCounter,
  ]);
  return true;
}
