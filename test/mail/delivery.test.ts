import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, RETRY_FOR_SECONDS, retryDelaySeconds } from '../../src/server/modules/mail/worker';
import { messageIdOf } from '../../src/server/modules/mail/transport';
import { enqueueMany, type OutgoingMail } from '../../src/server/modules/mail/outbox';
import { createUser } from '../helpers/api';
import { insertUser, type Client, type TestApp } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { messageIdIn, startFaultySmtp, type FaultySmtp } from './smtpServer';

// Mail delivery under SMTP faults (docs/decisions/008-mail-delivery-and-secrets.md), against real SMTP
// servers on loopback that misbehave on purpose.

/**
 * Timeouts short enough for a test, passed the way an operator would: in SMTP_URL's query string. The greeting's is
 * well below the socket's, so a server that never greets fails on the greeting even on a loaded machine (with both
 * at 1.5 s the idle-socket timer sometimes fired first).
 */
const FAST_TIMEOUTS = 'connectionTimeout=3000&greetingTimeout=1000&socketTimeout=3000';

async function outboxOf(t: TestApp, userId: string) {
  const [row] = await t.db.query<{
    id: string;
    status: string;
    attempts: number;
    last_error: string | null;
    wait: number;
  }>(
    `select id, status, attempts, last_error, extract(epoch from send_after - now())::float8 as wait from outbox where user_id = $1 order by created_at desc limit 1`,
    [userId],
  );
  return row!;
}
const dueNow = (t: TestApp, userId: string) =>
  t.db.query(`update outbox set send_after = now() where user_id = $1`, [userId]);
const delivery = async (owner: Client, userId: string) =>
  (await owner.get(`/api/v1/users/${userId}/invitations`)).body.items[0];

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a silent SMTP server', () => {
  let smtp: FaultySmtp;
  beforeAll(async () => {
    smtp = await startFaultySmtp();
  });
  afterAll(() => smtp.close());
  const { t, owner } = useApp({ env: () => ({ SMTP_URL: `${smtp.url}?${FAST_TIMEOUTS}` }) });

  it('fails a send after the greeting or the DATA timeout, and the mail goes out once the server answers', async () => {
    const u = await createUser(owner, { invite: 'now' });
    smtp.mode = 'no_greeting';
    let started = Date.now();
    await t.sweep();
    expect(Date.now() - started).toBeLessThan(8000);
    expect(await outboxOf(t, u.id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: expect.stringMatching(/greeting/i),
    });
    expect(await delivery(owner, u.id)).toMatchObject({
      delivery: 'queued',
      deliveryError: expect.stringMatching(/greeting/i),
    });

    smtp.mode = 'no_data_reply';
    await dueNow(t, u.id);
    started = Date.now();
    await t.sweep();
    expect(Date.now() - started).toBeLessThan(8000);
    expect(smtp.received).toHaveLength(1);
    expect(await outboxOf(t, u.id)).toMatchObject({
      status: 'pending',
      attempts: 2,
      last_error: expect.stringMatching(/timeout/i),
    });

    smtp.mode = 'accept';
    await dueNow(t, u.id);
    await t.sweep();
    expect(await outboxOf(t, u.id)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(await delivery(owner, u.id)).toMatchObject({ delivery: 'sent', deliveryError: null });
  });

  it('sends every attempt of a message with the same Message-ID', async () => {
    const u = await createUser(owner, { invite: 'now' });
    smtp.mode = 'defer_data';
    await t.sweep();
    const first = await outboxOf(t, u.id);
    expect(first).toMatchObject({ status: 'pending', last_error: expect.stringMatching(/451/) });
    smtp.mode = 'accept';
    await dueNow(t, u.id);
    await t.sweep();
    expect((await outboxOf(t, u.id)).status).toBe('sent');
    const attempts = smtp.received.filter((raw) => raw.includes(messageIdOf(first.id)));
    expect(attempts).toHaveLength(2);
    expect(attempts.map(messageIdIn)).toEqual([messageIdOf(first.id), messageIdOf(first.id)]);
  });
});

describe('mail delivery in its own loop', () => {
  let smtp: FaultySmtp;
  beforeAll(async () => {
    smtp = await startFaultySmtp();
    smtp.mode = 'no_greeting';
  });
  afterAll(() => smtp.close());
  // The server's own loops run (every 0.2 s); the greeting timeout is long enough to watch the other sweeps meanwhile.
  const { t, owner } = useApp({
    env: () => ({ SMTP_URL: `${smtp.url}?connectionTimeout=6000&greetingTimeout=6000`, ROSTER_JOB_INTERVAL: '0.2' }),
  });

  it('keeps expiring users while a send hangs', async () => {
    const invited = await createUser(owner, { invite: 'now' });
    expect(
      (
        await until(
          () => outboxOf(t, invited.id),
          (r) => r.status === 'sending',
          3000,
        )
      ).status,
    ).toBe('sending');
    const hangingSince = Date.now();

    const leaving = await insertUser(t.db);
    await t.db.query(`update users set expires_at = now() - interval '1 minute' where id = $1`, [leaving.id]);
    const status = async () =>
      (await t.db.query<{ status: string }>(`select status from users where id = $1`, [leaving.id]))[0]!.status;
    expect(await until(status, (s) => s === 'expired', 3000)).toBe('expired');
    expect(Date.now() - hangingSince).toBeLessThan(4000);
    expect((await outboxOf(t, invited.id)).status).toBe('sending');
  });
});

describe('several messages to one person', () => {
  let smtp: FaultySmtp;
  beforeAll(async () => {
    smtp = await startFaultySmtp();
  });
  afterAll(() => smtp.close());
  const { t } = useApp({ env: () => ({ SMTP_URL: smtp.url }) });

  it("arrive in the order queued, while other people's mail goes out beside them", async () => {
    const mail = (to: string, subject: string): OutgoingMail => ({
      userId: null,
      to,
      kind: 'test',
      category: 'security',
      subject,
      text: subject,
    });
    // The first message is answered slowly: sent in parallel, the second would overtake it.
    smtp.holdAnswer = (raw) => (/^Subject: Ana 1$/m.test(raw) ? 600 : 0);
    await t.db.tx((tx) =>
      enqueueMany(tx, [
        mail('ana@example.com', 'Ana 1'),
        mail('ben@example.com', 'Ben 1'),
        mail('ana@example.com', 'Ana 2'),
      ]),
    );
    await t.db.tx((tx) => enqueueMany(tx, [mail('ANA@example.com', 'Ana 3'), mail('ben@example.com', 'Ben 2')]));
    await t.sweep();
    const subjects = smtp.accepted.map((raw) => /^Subject: (.+)$/m.exec(raw)![1]!.trim());
    expect(subjects.filter((s) => s.startsWith('Ana'))).toEqual(['Ana 1', 'Ana 2', 'Ana 3']);
    expect(subjects.filter((s) => s.startsWith('Ben'))).toEqual(['Ben 1', 'Ben 2']);
    // Ben's mail did not wait behind Ana's slow one.
    expect(subjects.indexOf('Ben 2')).toBeLessThan(subjects.indexOf('Ana 1'));
  });
});

describe('an SMTP outage', () => {
  let smtp: FaultySmtp;
  beforeAll(async () => {
    // A port where a server was and is no more: connections are refused until it is back.
    smtp = await startFaultySmtp();
    await smtp.close();
  });
  afterAll(() => smtp.close());
  const { t, owner } = useApp({ env: () => ({ SMTP_URL: `${smtp.url}?${FAST_TIMEOUTS}` }) });

  it('retries with back-off for over a day, delivers when the server is back, and a failed invitation is resent in one call', async () => {
    expect(
      Array.from({ length: MAX_ATTEMPTS - 1 }, (_, k) => retryDelaySeconds(k + 1)).reduce((a, b) => a + b, 0),
    ).toBeGreaterThanOrEqual(RETRY_FOR_SECONDS);
    expect(RETRY_FOR_SECONDS).toBeGreaterThanOrEqual(24 * 3600);

    const waiting = await createUser(owner, { invite: 'now' });
    // Eight failed attempts, three more than the old give-up point; the clock is driven through send_after.
    for (let attempt = 1; attempt <= 8; attempt++) {
      await dueNow(t, waiting.id);
      await t.sweep();
      const row = await outboxOf(t, waiting.id);
      expect(row).toMatchObject({
        status: 'pending',
        attempts: attempt,
        last_error: expect.stringMatching(/ECONNREFUSED/),
      });
      expect(Math.abs(row.wait - retryDelaySeconds(attempt))).toBeLessThan(5);
    }
    expect((await delivery(owner, waiting.id)).delivery).toBe('queued');

    // Another invitation reaches its last attempt during the outage: it fails for good.
    const failing = await createUser(owner, { invite: 'now' });
    await t.db.query(`update outbox set attempts = $2 - 1 where user_id = $1`, [failing.id, MAX_ATTEMPTS]);
    await t.sweep();
    expect(await outboxOf(t, failing.id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect((await delivery(owner, failing.id)).delivery).toBe('failed');
    expect((await owner.get(`/api/v1/users/${failing.id}`)).body.allowedActions).toContain('resend_invite');

    smtp = await startFaultySmtp(smtp.port);
    await dueNow(t, waiting.id);
    await t.sweep();
    expect((await outboxOf(t, waiting.id)).status).toBe('sent');
    expect((await delivery(owner, waiting.id)).delivery).toBe('sent');

    expect((await owner.post(`/api/v1/users/${failing.id}/invite`)).status).toBe(200);
    await t.sweep();
    expect((await delivery(owner, failing.id)).delivery).toBe('sent');
    expect(smtp.accepted).toHaveLength(2);
  });
});
