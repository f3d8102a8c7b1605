import { describe, expect, it } from 'vitest';
import { createUser, dumpDatabase, lastToken, signedIn, uniqueEmail } from '../helpers/api';
import { insertUser, lastLinkTo, OWNER, type Client } from '../helpers/harness';
import { useApp } from '../helpers/useApp';

// Emailed secrets (docs/decisions/008-mail-delivery-and-secrets.md): no token in plain in the database,
// and the built-in mailbox shows a working link only to a reader who outranks the recipient.
const { t, owner } = useApp();

const tokenOf = (link: string) => link.split('/').at(-1)!;
const mailboxTo = async (reader: Client, to: string) => {
  const res = await reader.get('/api/v1/mailbox');
  expect(res.status).toBe(200);
  return res.body.items.find((m: { to: string }) => m.to === to);
};

describe('emailed tokens', () => {
  it('are nowhere in plain in a dump of the database once invitation, reset and sign-up mails are sent', async () => {
    const invited = await createUser(owner, { invite: 'now' });
    const resetEmail = uniqueEmail('reset');
    await insertUser(t.db, { email: resetEmail });
    expect((await t.anon().post('/api/v1/auth/password-reset', { email: resetEmail })).status).toBe(202);
    expect((await owner.patch('/api/v1/settings', { selfSignup: { enabled: true } })).status).toBe(200);
    const signupEmail = uniqueEmail('signup');
    expect(
      (
        await t.anon().post('/api/v1/signup', {
          email: signupEmail,
          firstName: 'Sam',
          lastName: 'Signup',
          password: 'a-long-password',
        })
      ).status,
    ).toBe(202);
    expect((await t.sweep()).emails).toBe(3);

    const tokens = [
      await lastToken(t, invited.email),
      tokenOf(await lastLinkTo(t.db, resetEmail)),
      tokenOf(await lastLinkTo(t.db, signupEmail)),
    ];
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const dump = await dumpDatabase(t);
    for (const token of tokens) expect(dump).not.toContain(token);
    // Once sent, the outbox keeps no token at all, not even sealed.
    const sent = await t.db.query<{ text_body: string; html_body: string }>(
      `select text_body, html_body from outbox where to_address = any($1::text[])`,
      [[invited.email, resetEmail, signupEmail]],
    );
    expect(sent).toHaveLength(3);
    for (const m of sent) {
      expect(m.text_body).toContain('/[redacted]');
      expect(m.text_body + m.html_body).not.toMatch(/sealed\./);
    }

    // The links still work.
    expect((await t.anon().get(`/api/v1/invitations/${tokens[0]}`)).body.email).toBe(invited.email);
    expect((await t.anon().get(`/api/v1/auth/password-reset/${tokens[1]}`)).body).toEqual({ email: resetEmail });
    expect((await t.anon().post(`/api/v1/signup/verify/${tokens[2]}`)).status).toBe(200);
  });
});

describe('the Mailbox page', () => {
  it("redacts an Owner's reset link for an Admin, and an Admin's for another Admin", async () => {
    const admin = await signedIn(t, 'admin');
    const otherAdmin = await signedIn(t, 'admin');
    await t.anon().post('/api/v1/auth/password-reset', { email: OWNER.email });
    await t.anon().post('/api/v1/auth/password-reset', { email: otherAdmin.email });
    await t.sweep();
    const ownerToken = tokenOf(await lastLinkTo(t.db, OWNER.email));

    for (const to of [OWNER.email, otherAdmin.email]) {
      const seen = await mailboxTo(admin.client, to);
      expect(seen).toMatchObject({ subject: 'Reset your Roster password', linksRedacted: true });
      expect(seen.text).toContain('http://roster.test/reset-password/[redacted]');
      expect(seen.html).toContain('http://roster.test/reset-password/[redacted]');
      expect(seen.text + seen.html).not.toMatch(/sealed\./);
    }
    expect(JSON.stringify((await admin.client.get('/api/v1/mailbox')).body)).not.toContain(ownerToken);
    // The Owner outranks an Admin: the Admin's link works for the Owner; the Owner's own link is hidden from everyone.
    expect((await mailboxTo(owner, otherAdmin.email)).linksRedacted).toBe(false);
    expect((await mailboxTo(owner, OWNER.email)).text).toContain('/reset-password/[redacted]');
  });

  it('keeps a working link in mail to someone the reader outranks, and to an address with no account', async () => {
    const admin = await signedIn(t, 'admin');
    const learner = await createUser(owner, { invite: 'now', firstName: 'Lena' });
    const signupEmail = uniqueEmail('newcomer');
    await t
      .anon()
      .post('/api/v1/signup', { email: signupEmail, firstName: 'Nia', lastName: 'New', password: 'a-long-password' });
    await t.sweep();

    const invitation = await mailboxTo(admin.client, learner.email);
    expect(invitation.linksRedacted).toBe(false);
    const token = /http:\/\/roster\.test\/invite\/([A-Za-z0-9_-]{43})\n/.exec(invitation.text)![1]!;
    expect(token).toBe(await lastToken(t, learner.email));
    expect(invitation.html).toContain(`href="http://roster.test/invite/${token}"`);
    const accepted = await t.anon().post(`/api/v1/invitations/${token}/accept`, { password: 'a-long-password-1' });
    expect(accepted.status).toBe(200);

    const verification = await mailboxTo(admin.client, signupEmail);
    expect(verification.linksRedacted).toBe(false);
    expect(verification.text).toMatch(/http:\/\/roster\.test\/signup\/verify\/[A-Za-z0-9_-]{43}\n/);
  });
});
