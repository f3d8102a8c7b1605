import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { useApp } from '../helpers/useApp';
import { createUser, dumpDatabase, expectError, uniqueEmail } from '../helpers/api';

interface Received {
  from: string;
  to: string[];
  data: string;
}

let server: SMTPServer;
const received: Received[] = [];
const REJECT = 'bounce-me';

beforeAll(async () => {
  server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (address.address.includes(REJECT)) {
        const err: Error & { responseCode?: number } = new Error(`Mailbox ${address.address} does not exist`);
        err.responseCode = 550;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => (data += chunk));
      stream.on('end', () => {
        received.push({
          from: String((session.envelope.mailFrom as any)?.address),
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
const { t, owner } = useApp({
  env: () => ({ SMTP_URL: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}` }),
});

/** Quoted-printable soft line breaks and escapes undone, so links can be read. */
const decodeQp = (s: string) =>
  s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));

describe('real SMTP delivery', () => {
  it('sends the invitation; its link works', async () => {
    const u = await createUser(owner, { invite: 'now', firstName: 'Smita' });
    expect(received).toHaveLength(0);
    const s = await t.sweep();
    expect(s.emails).toBe(1);
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual([u.email]);
    expect(received[0]!.from).toBe('no-reply@roster.local');
    const body = decodeQp(received[0]!.data);
    expect(body).toContain('Hello Smita');
    const token = body.match(/http:\/\/roster\.test\/invite\/([A-Za-z0-9_-]+)/)?.[1];
    expect(token).toBeTruthy();
    const info = await t.anon().get(`/api/v1/invitations/${token}`);
    expect(info.status).toBe(200);
    expect(info.body.email).toBe(u.email);
    const accepted = await t.anon().post(`/api/v1/invitations/${token}/accept`, { password: 'smtp-password-1' });
    expect(accepted.body.user.status).toBe('confirmed');
    const inv = await owner.get(`/api/v1/users/${u.id}/invitations`);
    expect(inv.body.items[0]).toMatchObject({ delivery: 'sent', state: 'used' });
    // The built-in mailbox is off when SMTP is configured.
    expectError(await owner.get('/api/v1/mailbox'), 404, 'not_found');
    expect((await t.sweep()).emails).toBe(0);
    expect(received).toHaveLength(1);
  });

  it('a recipient refused with 550 marks the invitation bounced', async () => {
    const u = await createUser(owner, { invite: 'now', email: uniqueEmail(REJECT) });
    const before = received.length;
    await t.sweep();
    expect(received).toHaveLength(before);
    const inv = await owner.get(`/api/v1/users/${u.id}/invitations`);
    expect(inv.status).toBe(200);
    expect(inv.body.items[0].delivery).toBe('bounced');
    expect(inv.body.items[0].deliveryError).toMatch(/550/);
    const outbox = await t.db.query<{ status: string }>(`select status from outbox where user_id = $1`, [u.id]);
    expect(outbox).toEqual([{ status: 'failed' }]);
    // A bounce is final: the next sweep does not retry.
    await t.sweep();
    expect(received).toHaveLength(before);
  });

  it("anonymising a bounced user removes the address quoted in the server's reply", async () => {
    const email = uniqueEmail(REJECT);
    const u = await createUser(owner, { invite: 'now', email });
    await t.sweep();
    const inv = await owner.get(`/api/v1/users/${u.id}/invitations`);
    expect(inv.body.items[0].deliveryError).toContain(email);
    await owner.post(`/api/v1/users/${u.id}/deactivate`);
    expect((await owner.post(`/api/v1/users/${u.id}/anonymise`)).body.status).toBe('anonymised');
    expect(await dumpDatabase(t)).not.toContain(email);
  });
});
