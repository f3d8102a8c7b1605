import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/core/config';
import { useApp } from '../helpers/useApp';
import { OWNER, type TestApp } from '../helpers/harness';

/** The sign-in route allows 30 requests a minute per client address (auth/routes.ts). */
const LOGIN_LIMIT = 30;

/** Spends one address's sign-in budget with bodies refused before any password check, then tries once more from each address. */
async function loginBuckets(t: TestApp, first: string, second: string) {
  const client = t.anon(); // one connection, one remote address: only the header differs
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  for (let i = 0; i < LOGIN_LIMIT; i++)
    expect((await client.post('/api/v1/auth/login', {}, from(first))).status).toBe(400);
  return {
    sameAddress: (await client.post('/api/v1/auth/login', {}, from(first))).status,
    otherAddress: (await client.post('/api/v1/auth/login', {}, from(second))).status,
  };
}

const signInIp = async (t: TestApp, forwardedFor: string) => {
  expect(
    (
      await t
        .anon()
        .post(
          '/api/v1/auth/login',
          { email: OWNER.email, password: OWNER.password },
          { 'x-forwarded-for': forwardedFor },
        )
    ).status,
  ).toBe(200);
  const [row] = await t.db.query<{ ip: string }>(
    `select ip from audit_log where action = 'user.signed_in' order by at desc limit 1`,
  );
  return row!.ip;
};

describe('TRUST_PROXY set', () => {
  const { t } = useApp({ env: { TRUST_PROXY: 'loopback,127.0.0.0/8' }, signInOwner: false });

  it('gives each X-Forwarded-For client its own sign-in rate-limit bucket', async () => {
    const r = await loginBuckets(t, '198.51.100.1', '198.51.100.2');
    expect(r).toEqual({ sameAddress: 429, otherAddress: 400 });
  });

  it("records the client's address in the audit log", async () => {
    expect(await signInIp(t, '203.0.113.7')).toBe('203.0.113.7');
  });
});

describe('TRUST_PROXY unset', () => {
  const { t } = useApp({ signInOwner: false });

  it('ignores X-Forwarded-For: every client behind one address shares a bucket', async () => {
    const r = await loginBuckets(t, '198.51.100.1', '198.51.100.2');
    expect(r).toEqual({ sameAddress: 429, otherAddress: 429 });
  });

  it('records the connection address in the audit log, not the header', async () => {
    expect(await signInIp(t, '203.0.113.7')).toMatch(/^127\./);
  });
});

describe('TRUST_PROXY values', () => {
  const trust = (v: string) => loadConfig({ TRUST_PROXY: v }).trustProxy;
  it('reads true/false, address lists and CIDRs, and refuses the rest at start-up', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(trust('true')).toBe(true);
    expect(trust('false')).toBe(false);
    expect(trust('10.0.0.1, 192.168.0.0/16,::1,loopback')).toEqual(['10.0.0.1', '192.168.0.0/16', '::1', 'loopback']);
    expect(() => trust('2')).toThrow(/TRUST_PROXY: a hop count/);
    expect(() => trust('10.0.0.0/33')).toThrow(/TRUST_PROXY:.*not valid: 10\.0\.0\.0\/33/);
    expect(() => trust('proxy.internal')).toThrow(/not valid: proxy\.internal/);
  });
});
