import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { deliverDue, fanOut, runWebhooks } from '../../src/server/modules/webhooks/deliver';
import { isPrivateAddress } from '../../src/server/modules/webhooks/address';
import { createUser, expectError, signedIn } from '../helpers/api';
import { lastMailTo } from '../helpers/harness';
import { useApp } from '../helpers/useApp';

/**
 * Webhooks against a real HTTP receiver (docs/decisions/018-event-feed-and-webhooks.md). Over 300 lines: one
 * receiver and two apps (private addresses allowed, and by default) share the file, one test per delivery rule.
 */

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver on a loopback port: records every request; `answer` decides the reply. */
function receiver() {
  const got: Received[] = [];
  let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => res.end('ok');
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body });
      answer(req, res);
    });
  });
  return {
    got,
    set answer(fn: typeof answer) {
      answer = fn;
    },
    start: () => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r())),
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
    url: (path = '/hook') => `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
  };
}

const rx = receiver();
beforeAll(() => rx.start());
afterAll(() => rx.stop());

describe('with WEBHOOK_ALLOW_PRIVATE=true (a receiver on this machine)', () => {
  const { t, owner } = useApp({ env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });

  beforeEach(async () => {
    rx.got.length = 0;
    rx.answer = (_req, res) => res.end('ok');
    // Each test starts with no webhook and nothing left to fan out.
    for (const w of (await owner.get('/api/v1/webhooks')).body.items) await owner.delete(`/api/v1/webhooks/${w.id}`);
    await fanOut(t.db);
  });

  const create = async (body: Record<string, unknown> = {}) => {
    const res = await owner.post('/api/v1/webhooks', { url: rx.url(), events: ['*'], ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; secret: string };
  };
  const deliveries = async (id: string) => (await owner.get(`/api/v1/webhooks/${id}/deliveries`)).body.items;
  const runJob = async () => {
    expect(await t.jobs.trigger('webhooks')).toBe(true);
    await t.jobs.idle('webhooks');
  };

  it('signs each event as the Standard Webhooks library verifies it, with the feed’s JSON', async () => {
    const hook = await create({ description: 'LMS' });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const listed = await owner.get('/api/v1/webhooks');
    expect(listed.body.items).toEqual([expect.objectContaining({ id: hook.id, description: 'LMS', enabled: true })]);
    expect(JSON.stringify(listed.body)).not.toContain(hook.secret.slice(6));
    expect(JSON.stringify(await t.db.query(`select * from webhooks`))).not.toContain(hook.secret.slice(6));

    const before = (await owner.get('/api/v1/events?types=user.deleted&limit=1000')).body.nextCursor;
    const u = await createUser(owner);
    await runJob();
    expect(rx.got).toHaveLength(1);
    const [req] = rx.got;
    const payload = new Webhook(hook.secret).verify(req!.body, req!.headers as Record<string, string>);
    const feed = (await owner.get(`/api/v1/events?after=${before}`)).body.items;
    expect(payload).toEqual(feed.find((e: any) => e.subject.id === u.id));
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['webhook-id']).toMatch(/^msg_/);
    // A tampered body fails verification.
    expect(() => new Webhook(hook.secret).verify(req!.body.replace('user', 'usr'), req!.headers as any)).toThrow();
    expect(await deliveries(hook.id)).toEqual([
      expect.objectContaining({
        id: req!.headers['webhook-id'],
        status: 'succeeded',
        attempts: 1,
        responseStatus: 200,
        eventType: 'user.created',
        nextAttemptAt: null,
      }),
    ]);
  });

  it('sends only the subscribed types, and nothing while disabled', async () => {
    const hook = await create({ events: ['user.deleted'] });
    const u = await createUser(owner);
    expect((await owner.delete(`/api/v1/users/${u.id}`)).status).toBe(204);
    await runJob();
    expect(rx.got.map((r) => JSON.parse(r.body).type)).toEqual(['user.deleted']);
    expect((await owner.patch(`/api/v1/webhooks/${hook.id}`, { enabled: false })).body).toMatchObject({
      enabled: false,
      disabledReason: expect.any(String),
    });
    await owner.post(`/api/v1/users/${u.id}/restore`);
    const v = await createUser(owner);
    await owner.delete(`/api/v1/users/${v.id}`);
    await runJob();
    expect(rx.got).toHaveLength(1);
  });

  it('retries after a 500 with the same webhook-id, with back-off', async () => {
    const hook = await create();
    let calls = 0;
    rx.answer = (_req, res) => {
      res.statusCode = ++calls === 1 ? 500 : 204;
      res.end();
    };
    await createUser(owner);
    await runJob();
    const [first] = await deliveries(hook.id);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, responseStatus: 500 });
    const wait = new Date(first.nextAttemptAt).getTime() - new Date(first.lastAttemptAt).getTime();
    expect(wait).toBe(10_000);
    // Not due yet: nothing is sent.
    await runJob();
    expect(rx.got).toHaveLength(1);
    // Ten seconds later it is.
    expect(await deliverDue(t.db, { now: () => new Date(Date.now() + 11_000) })).toBe(1);
    expect(rx.got).toHaveLength(2);
    expect(rx.got[1]!.headers['webhook-id']).toBe(rx.got[0]!.headers['webhook-id']);
    expect(rx.got[1]!.body).toBe(rx.got[0]!.body);
    expect((await deliveries(hook.id))[0]).toMatchObject({ status: 'succeeded', attempts: 2, responseStatus: 204 });
    // "Retry now" sends it again, still under the same id.
    const retried = await owner.post(`/api/v1/webhooks/${hook.id}/deliveries/${first.id}/retry`);
    expect(retried.body).toMatchObject({ id: first.id, status: 'pending' });
    await runJob();
    expect(rx.got.map((r) => r.headers['webhook-id'])).toEqual([first.id, first.id, first.id]);
    expectError(await owner.post(`/api/v1/webhooks/${hook.id}/deliveries/msg_nope/retry`), 404, 'not_found');
  });

  it('does not follow a redirect', async () => {
    const hook = await create();
    rx.answer = (req, res) => {
      if (req.url === '/elsewhere') return res.end('ok');
      res.writeHead(307, { location: rx.url('/elsewhere') });
      res.end();
    };
    await createUser(owner);
    await runJob();
    expect(rx.got.map((r) => r.path)).toEqual(['/hook']);
    expect((await deliveries(hook.id))[0]).toMatchObject({
      status: 'pending',
      responseStatus: 307,
      lastError: expect.stringMatching(/redirect/i),
    });
  });

  it('gives up on a receiver that does not answer within 10 seconds', async () => {
    const hook = await create();
    rx.answer = () => {}; // never answers
    await createUser(owner);
    await runJob();
    const [d] = await deliveries(hook.id);
    expect(d).toMatchObject({ status: 'pending', responseStatus: null, lastError: expect.stringMatching(/10 s/) });
    expect(d.durationMs).toBeGreaterThanOrEqual(9_900);
    expect(d.durationMs).toBeLessThan(15_000);
  }, 40_000);

  it('during a rotation signs with the old and the new secret, for 24 hours', async () => {
    const hook = await create();
    const rotated = await owner.post(`/api/v1/webhooks/${hook.id}/rotate-secret`);
    expect(rotated.status).toBe(201);
    expect(rotated.body.secret).not.toBe(hook.secret);
    expect((await owner.get(`/api/v1/webhooks/${hook.id}`)).body.previousSecretUntil).toEqual(expect.any(String));
    await createUser(owner);
    await runJob();
    const req = rx.got[0]!;
    expect(String(req.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(new Webhook(hook.secret).verify(req.body, req.headers as any)).toBeTruthy();
    expect(new Webhook(rotated.body.secret).verify(req.body, req.headers as any)).toBeTruthy();
    // A day later only the new secret signs.
    await createUser(owner);
    await fanOut(t.db);
    const later = new Date(Date.now() + 25 * 3600_000);
    await deliverDue(t.db, { now: () => later });
    const next = rx.got[1]!;
    const signatures = String(next.headers['webhook-signature']).split(' ');
    expect(signatures).toEqual([
      new Webhook(rotated.body.secret).sign(String(next.headers['webhook-id']), later, next.body),
    ]);
  });

  it('disables a webhook failing for 3 days and emails its creator', async () => {
    const admin = await signedIn(t, 'admin');
    const made = await admin.client.post('/api/v1/webhooks', { url: rx.url(), events: ['*'] });
    const id = made.body.id;
    rx.answer = (_req, res) => {
      res.statusCode = 503;
      res.end();
    };
    await createUser(owner);
    await fanOut(t.db);
    const t0 = Date.now();
    await deliverDue(t.db, { now: () => new Date(t0) });
    expect((await owner.get(`/api/v1/webhooks/${id}`)).body).toMatchObject({
      enabled: true,
      failingSince: new Date(t0).toISOString(),
    });
    // Two days on, still failing: still enabled.
    await deliverDue(t.db, { now: () => new Date(t0 + 2 * 86_400_000) });
    expect((await owner.get(`/api/v1/webhooks/${id}`)).body.enabled).toBe(true);
    // Three days on: disabled, the creator told.
    await deliverDue(t.db, { now: () => new Date(t0 + 3 * 86_400_000 + 60_000) });
    const w = (await owner.get(`/api/v1/webhooks/${id}`)).body;
    expect(w).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/3 days/) });
    await t.sweep();
    expect(await lastMailTo(t.db, admin.email)).toContain(rx.url());
    // A disabled webhook is not attempted; enabling it again clears its failing state.
    const sent = rx.got.length;
    await deliverDue(t.db, { now: () => new Date(t0 + 4 * 86_400_000) });
    expect(rx.got).toHaveLength(sent);
    expect((await owner.patch(`/api/v1/webhooks/${id}`, { enabled: true })).body).toMatchObject({
      enabled: true,
      disabledReason: null,
      failingSince: null,
    });
  });

  it('validates input, answers 404 for unknown webhooks and deletes with the deliveries', async () => {
    expectError(
      await owner.post('/api/v1/webhooks', { url: 'ftp://x.example', events: ['*'] }),
      400,
      'validation_failed',
    );
    expectError(
      await owner.post('/api/v1/webhooks', { url: rx.url(), events: ['user.exploded'] }),
      400,
      'validation_failed',
    );
    expectError(await owner.post('/api/v1/webhooks', { url: rx.url(), events: [] }), 400, 'validation_failed');
    expectError(await owner.get('/api/v1/webhooks/nope'), 404, 'not_found');
    expectError(await owner.get('/api/v1/webhooks/nope/deliveries'), 404, 'not_found');
    const hook = await create({ events: ['user.created', 'user.created'] });
    expect((await owner.get(`/api/v1/webhooks/${hook.id}`)).body.events).toEqual(['user.created']);
    await createUser(owner);
    await runWebhooks(t.db);
    expect((await owner.delete(`/api/v1/webhooks/${hook.id}`)).status).toBe(204);
    expect(await t.db.query(`select 1 from webhook_deliveries where webhook_id = $1`, [hook.id])).toEqual([]);
    const hr = await signedIn(t, 'hr');
    expectError(await hr.client.get('/api/v1/webhooks'), 403, 'forbidden');
  });
});

describe('by default (no WEBHOOK_ALLOW_PRIVATE)', () => {
  const { t, owner } = useApp();

  it('refuses a private address when the webhook is made', async () => {
    for (const url of [
      rx.url(),
      'http://localhost:9/x',
      'http://[::1]:9/',
      'http://169.254.169.254/latest',
      'http://[::ffff:127.0.0.1]/',
    ])
      expectError(await owner.post('/api/v1/webhooks', { url, events: ['*'] }), 400, 'validation_failed');
  });

  it('refuses to deliver to a host name that resolves to a private address', async () => {
    rx.got.length = 0;
    const port = new URL(rx.url()).port;
    // Stored as it would be had the name pointed elsewhere when the webhook was made.
    await t.db.query(
      `insert into webhooks (id, url, events, secret_sealed, created_at, updated_at)
       select 'wh-private', $1, '["*"]', secret_sealed, now(), now() from (select $2::text as secret_sealed) s`,
      [
        `http://localhost:${port}/hook`,
        (await import('../../src/server/modules/mail/secrets')).seal('whsec_' + 'A'.repeat(44)),
      ],
    );
    await createUser(owner);
    await runWebhooks(t.db);
    expect(rx.got).toEqual([]);
    const [d] = (await owner.get('/api/v1/webhooks/wh-private/deliveries')).body.items;
    expect(d).toMatchObject({ status: 'pending', lastError: expect.stringMatching(/private/) });
  });
});

it('classifies addresses: private, loopback, link-local and IPv4 hidden in IPv6 are refused', () => {
  for (const a of [
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    '2002:c0a8:101::1',
    'not-an-address',
  ])
    expect(isPrivateAddress(a), a).toBe(true);
  for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '2a00:1450:4001::200e'])
    expect(isPrivateAddress(a), a).toBe(false);
});
