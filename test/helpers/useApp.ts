import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Db } from '../../src/server/db/index';
import { Client, OWNER, signIn, startTestApp, testDb, type TestApp, type TestDb } from './harness';

export interface AppOptions {
  /**
   * The app's environment (loadConfig), e.g. `{ SMTP_URL }`. A function is called when the app starts, so it
   * may read what an earlier beforeAll of the file started (an SMTP server, an identity provider).
   */
  env?: Record<string, string> | (() => Record<string, string>);
  /** The app logs at info level and each parsed log line is pushed here. */
  logLines?: Record<string, any>[];
  /** Listens on a loopback port, for tests that speak real HTTP to it (`baseUrl()`). */
  listen?: boolean;
  /** false: the Owner exists but is not signed in (tests that count sign-ins or sessions). Default true. */
  signInOwner?: boolean;
  /** 'file' (default): one app for the file, or the describe block useApp is called in; 'test': a fresh one for every test. */
  per?: 'file' | 'test';
}

export interface UsedApp {
  /** The running app (a fresh, migrated database with one Owner, OWNER). Read it inside hooks and tests. */
  t: TestApp;
  /** The Owner's client, signed in before the tests run. */
  owner: Client;
  /** With `listen`: the app's http://127.0.0.1:port. */
  baseUrl(): string;
}

/**
 * The set-up most test files share: starts the app in beforeAll (or beforeEach with `per: 'test'`), signs
 * in the Owner and stops the app afterwards. Call it at the top level of a file or a describe block:
 *
 *   const { t, owner } = useApp();
 *
 * `t` stands for the app started by the hook — every property read goes to the running app — so tests use
 * it as they would the result of startTestApp(). The Owner is inserted directly, as startTestApp does, so no
 * second factor is required of it (a new install's first start would require one: src/server/bootstrap.ts).
 */
export function useApp(opts: AppOptions = {}): UsedApp {
  let started: TestApp | undefined;
  const t = late('useApp', () => started);
  const owner = new Client(t);

  const start = async () => {
    const env = typeof opts.env === 'function' ? opts.env() : opts.env;
    started = await startTestApp(env, { logLines: opts.logLines });
    if (opts.listen) await started.app.listen({ port: 0, host: '127.0.0.1' });
    if (opts.signInOwner ?? true) await signIn(owner, OWNER.email, OWNER.password);
  };
  const stop = async () => {
    await started?.stop();
    started = undefined;
  };
  if (opts.per === 'test') {
    beforeEach(start);
    afterEach(stop);
  } else {
    beforeAll(start);
    afterAll(stop);
  }
  return {
    t,
    owner,
    baseUrl: () => `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`,
  };
}

/**
 * Two "processes" on one database, for tests of work that must happen exactly once however many processes race
 * for it: two connection pools on one PostgreSQL database, or on PGlite one serialised connection used by two
 * callers at once. Opened in beforeAll, closed in afterAll; `db` and `second` are read inside tests.
 */
export function useTwoProcesses(): { db: TestDb; second: Db } {
  let first: TestDb | undefined;
  let other: Db | undefined;
  beforeAll(async () => {
    first = await testDb();
    other = await first.reopen();
  });
  afterAll(async () => {
    await other?.close();
    await first?.close();
  });
  return { db: late('useTwoProcesses', () => first), second: late('useTwoProcesses', () => other) };
}

/**
 * Stands for a value a hook sets later (`current()` returns it once set): every property read and write goes
 * to the current value, so a file can hold it in a const at its top level. Reading it before the hook ran throws.
 */
export function late<T extends object>(what: string, current: () => T | undefined): T {
  const value = (): T => {
    const v = current();
    if (v === undefined) throw new Error(`${what}: read before its beforeAll/beforeEach has run, or after it stopped`);
    return v;
  };
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(value(), key),
    set: (_, key, v) => Reflect.set(value(), key, v),
  });
}
