/**
 * The sign-in scenario of `npm run bench` (BENCH_SCENARIOS=signin): what a second factor adds to a password sign-in.
 *
 *   1. password only: POST /auth/login of a person with no second factor (argon2id check, session, audit);
 *   2. with TOTP: POST /auth/login (answers mfaRequired) then POST /auth/mfa with the app's code;
 *   3. SAML: POST /auth/saml/acs with a signed response (bench/signinSaml.ts).
 *
 * Each sign-in is one person's (BENCH_SIGNIN_PEOPLE per case): a TOTP code is accepted once per person and
 * time step, and code attempts are limited per person. Requests go in-process (Fastify inject) from a
 * different address each, because /auth/login allows 30 requests a minute per address.
 *
 *   BENCH_SIGNIN_PEOPLE (150 per case)   BENCH_SIGNIN_WARMUP (10)
 */
import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { generate, generateSecret } from 'otplib';
import type { Db } from '../src/server/db/index';
import type { Runtime } from '../src/server/runtime';
import { stats } from './measure';
import { startBenchRuntime } from './server';
import { measureSamlAcs } from './signinSaml';

export interface SignInBenchOptions {
  people: number;
  warmup: number;
  emit: (obj: Record<string, unknown>) => void;
  note: (line: string) => void;
}

const PASSWORD = 'bench-signin-password';

/** `count` confirmed people with PASSWORD (one hash for all); with an active authenticator app when `secret` is given. */
async function insertPeople(db: Db, prefix: string, count: number, secret?: string): Promise<string[]> {
  const passwordHash = await hash(PASSWORD);
  const emails = Array.from({ length: count }, (_, i) => `${prefix}-${i}@example.com`);
  const ids = emails.map(() => randomUUID());
  await db.query(
    `insert into users (id, email, email_normalized, first_name, last_name, role, status, password_hash, confirmed_at)
     select id, email, email, 'Bench', 'Person', 'learner', 'confirmed', $3, now() from unnest($1::text[], $2::text[]) as x(id, email)`,
    [ids, emails, passwordHash],
  );
  if (secret)
    await db.query(`insert into mfa_totp (user_id, secret, confirmed_at) select unnest($1::text[]), $2, now()`, [
      ids,
      secret,
    ]);
  return emails;
}

let address = 0;
async function post(rt: Runtime, url: string, body: unknown) {
  address += 1;
  const res = await rt.app.inject({
    method: 'POST',
    url,
    payload: body as object,
    remoteAddress: `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`,
  });
  if (res.statusCode !== 200) throw new Error(`POST ${url} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  return res.json() as { mfaRequired?: boolean; mfaToken?: string };
}

async function measure(emails: string[], warmup: number, signIn: (email: string) => Promise<void>) {
  for (const email of emails.slice(0, warmup)) await signIn(email);
  const samples: number[] = [];
  for (const email of emails.slice(warmup)) {
    const t0 = performance.now();
    await signIn(email);
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

export async function benchSignIn(kind: 'pglite' | 'postgres', db: Db, opts: SignInBenchOptions): Promise<void> {
  const rt = await startBenchRuntime(db);
  try {
    const secret = generateSecret();
    const count = opts.people + opts.warmup;
    const plain = await insertPeople(db, 'plain', count);
    const withTotp = await insertPeople(db, 'totp', count, secret);
    opts.note(`${kind}: ${count} sign-ins per case`);

    const passwordOnly = await measure(plain, opts.warmup, async (email) => {
      if ((await post(rt, '/api/v1/auth/login', { email, password: PASSWORD })).mfaRequired)
        throw new Error('unexpected second step');
    });
    opts.emit({ bench: 'signin_password_only', db: kind, ...passwordOnly });

    const code = await generate({ secret });
    const secondSteps: number[] = [];
    const totp = await measure(withTotp, opts.warmup, async (email) => {
      const first = await post(rt, '/api/v1/auth/login', { email, password: PASSWORD });
      if (!first.mfaToken) throw new Error('no second step');
      const t0 = performance.now();
      await post(rt, '/api/v1/auth/mfa', { mfaToken: first.mfaToken, code });
      secondSteps.push(performance.now() - t0);
    });
    opts.emit({ bench: 'signin_with_totp', db: kind, ...totp });
    // The second request alone (POST /auth/mfa): what the factor adds, without the argon2id check's noise.
    opts.emit({ bench: 'signin_second_step', db: kind, ...stats(secondSteps.slice(opts.warmup)) });

    // Passwordless people matched by email on their first SAML sign-in (the IdP's NameID is the email here).
    const saml = await insertPeople(db, 'saml', count);
    opts.emit({ bench: 'signin_saml_acs', db: kind, ...(await measureSamlAcs(rt, db, saml, opts.warmup)) });
  } finally {
    await rt.stop();
  }
}
