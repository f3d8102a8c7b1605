/**
 * The Roster server of the HTTP benches (bench/run.ts, bench/access.ts, bench/scim.ts): the runtime on the database a
 * bench seeded, listening on a loopback port, and sessions signed in over HTTP as a browser signs in.
 * (Not in measure.ts: bench/import.ts imports measure.ts and measures its own process's memory.)
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createOwner } from '../src/server/bootstrap';
import { loadConfig } from '../src/server/core/config';
import type { Db } from '../src/server/db/index';
import { startRuntime, type Runtime } from '../src/server/runtime';
import { HttpClient } from './measure';

/** The runtime on `db`: no background sweeps, no logs, not listening yet; `env` adds settings (e.g. a list bound). */
export function startBenchRuntime(db: Db, env: Record<string, string> = {}): Promise<Runtime> {
  const config = loadConfig({
    ...process.env,
    ...env,
    DATABASE_URL: '',
    PORT: '0',
    HOST: '127.0.0.1',
    PUBLIC_URL: 'http://127.0.0.1',
    ROSTER_JOB_INTERVAL: '0',
    LOG_LEVEL: 'silent',
  });
  return startRuntime(config, { logger: false, db });
}

/** Starts listening on a free loopback port; the base URL. */
export async function listen(rt: Runtime): Promise<string> {
  await rt.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(rt.app.server.address() as AddressInfo).port}`;
}

/** Signs in with a password: a client that sends the session cookie, and the CSRF token for writes. */
export async function signIn(
  base: string,
  email: string,
  password: string,
): Promise<{ session: HttpClient; csrfToken: string }> {
  const login = await new HttpClient(base).json<{ csrfToken: string }>('POST', '/api/v1/auth/login', {
    email,
    password,
  });
  const cookie = login.res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('roster_session='));
  if (!cookie) throw new Error('login did not set the session cookie');
  return { session: new HttpClient(base, { cookie }), csrfToken: login.body.csrfToken };
}

/** Creates an Owner in `db`, starts listening and signs the Owner in. */
export async function listenWithOwner(
  rt: Runtime,
  db: Db,
): Promise<{ base: string; session: HttpClient; csrfToken: string }> {
  const password = randomBytes(12).toString('hex');
  await createOwner(db, { email: 'bench-owner@example.com', password, firstName: 'Bench', lastName: 'Owner' });
  const base = await listen(rt);
  return { base, ...(await signIn(base, 'bench-owner@example.com', password)) };
}
