import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIGEST_SOURCES } from '../../src/server/jobs/catalog';
import {
  sendDailyDigest,
  sendExpiryWarnings,
  sendInvitationReminders,
} from '../../src/server/modules/notifications/sweeps';
import { createUser, uniqueEmail } from '../helpers/api';
import { insertUser, OWNER, type Client } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { startFaultySmtp, type FaultySmtp } from '../mail/smtpServer';

// Notifications (docs/api.md "Notifications"): every kind read from a real SMTP server started here, with the
// preference, break and send-time status rules, and no duplicate when two runners sweep at once.

let smtp: FaultySmtp;
beforeAll(async () => {
  smtp = await startFaultySmtp();
});
afterAll(() => smtp.close());
const { t, owner } = useApp({ env: () => ({ SMTP_URL: smtp.url }) });
beforeEach(() => {
  smtp.accepted.length = 0;
});

/** A raw message's headers and decoded (quoted-printable) body. */
function decode(raw: string) {
  const body = raw
    .replace(/=\r?\n/g, '')
    .replace(/(=[0-9A-F]{2})+/g, (m) => Buffer.from(m.replace(/=/g, ''), 'hex').toString('utf8'));
  const to = /^To: (.+)$/im.exec(raw)?.[1]?.trim() ?? '';
  const subject = /^Subject: (.+)$/im.exec(raw)?.[1]?.trim() ?? '';
  return { to, subject, body, raw };
}
/** Delivers what is queued, then the messages each address received. */
async function mailTo(address: string) {
  await t.sweep();
  return smtp.accepted.map(decode).filter((m) => m.to.includes(address));
}
const skippedFor = async (userId: string, kind: string) =>
  t.db.query<{ status: string; last_error: string }>(
    `select status, last_error from outbox where user_id = $1 and kind = $2`,
    [userId, kind],
  );

async function managerAndReport(reportStatus: 'confirmed' | 'not_invited' = 'confirmed') {
  const manager = await insertUser(t.db, { email: uniqueEmail('manager'), role: 'learner', firstName: 'Mona' });
  const report = await insertUser(t.db, {
    email: uniqueEmail('report'),
    status: reportStatus,
    firstName: 'Rory',
    lastName: 'Report',
    managerId: manager.id,
  });
  return { manager, report };
}

describe('managers hear about their reports', () => {
  it('a new report confirmed, a report deactivated, a report on a break', async () => {
    const { manager, report } = await managerAndReport('not_invited');
    expect(
      (await owner.post(`/api/v1/users/${report.id}/set-password`, { password: 'a-long-pass-phrase-42' })).status,
    ).toBe(200);
    let got = await mailTo(manager.email);
    expect(got).toHaveLength(1);
    expect(got[0]!.subject).toBe('Rory Report joined Roster');

    expect((await owner.patch(`/api/v1/users/${report.id}`, { onBreak: true })).status).toBe(200);
    got = await mailTo(manager.email);
    expect(got).toHaveLength(2);
    expect(got[1]!.subject).toBe('Rory Report is on a break');
    expect(got[1]!.body).toContain('is on a break until further notice');

    expect((await owner.post(`/api/v1/users/${report.id}/deactivate`, {})).status).toBe(200);
    got = await mailTo(manager.email);
    expect(got).toHaveLength(3);
    expect(got[2]!.subject).toBe('Rory Report is leaving Roster');
    expect(got[2]!.body).toContain('their account was deactivated');
  });

  it('a manager on a break gets no notification mail; their own security mail still goes out', async () => {
    const { manager, report } = await managerAndReport('not_invited');
    await t.db.query(`update users set on_break = true where id = $1`, [manager.id]);
    await owner.post(`/api/v1/users/${report.id}/set-password`, { password: 'a-long-pass-phrase-42' });
    expect(await mailTo(manager.email)).toHaveLength(0);
    expect(await skippedFor(manager.id, 'manager_report_confirmed')).toEqual([
      { status: 'skipped', last_error: 'user_on_break' },
    ]);
    // The password of the manager, changed by an administrator: security mail, sent during the break.
    await t.db.query(`update users set role = 'learner' where id = $1`, [manager.id]);
    expect(
      (await owner.post(`/api/v1/users/${manager.id}/set-password`, { password: 'another-pass-phrase-43' })).status,
    ).toBe(200);
    const got = await mailTo(manager.email);
    expect(got.map((m) => m.subject)).toEqual(['Your Roster password was changed']);
  });

  it('status at send time: a manager deactivated before delivery gets nothing', async () => {
    const { manager, report } = await managerAndReport('not_invited');
    await owner.post(`/api/v1/users/${report.id}/set-password`, { password: 'a-long-pass-phrase-42' });
    await t.db.query(
      `update users set status = 'deactivated', status_before_deactivation = 'confirmed' where id = $1`,
      [manager.id],
    );
    expect(await mailTo(manager.email)).toHaveLength(0);
    expect(await skippedFor(manager.id, 'manager_report_confirmed')).toEqual([
      { status: 'skipped', last_error: 'user_deactivated' },
    ]);
  });
});

describe('preferences', () => {
  it('a person turns a kind off; the organisation can take that choice away; security mail cannot be turned off', async () => {
    const { manager, report } = await managerAndReport('not_invited');
    const m = await t.as(manager.email);
    const prefs = (await m.get('/api/v1/me/notifications')).body.items;
    expect(prefs.find((p: any) => p.kind === 'manager_report_confirmed')).toMatchObject({
      enabled: true,
      canOptOut: true,
    });
    expect(prefs.find((p: any) => p.kind === 'admin_digest')).toBeUndefined();
    const refused = await m.request('PUT', '/api/v1/me/notifications', { preferences: { password_changed: false } });
    expect(refused.status).toBe(400);
    const off = await m.request('PUT', '/api/v1/me/notifications', {
      preferences: { manager_report_confirmed: false },
    });
    expect(off.status).toBe(200);
    expect(off.body.items.find((p: any) => p.kind === 'manager_report_confirmed').enabled).toBe(false);

    await owner.post(`/api/v1/users/${report.id}/set-password`, { password: 'a-long-pass-phrase-42' });
    expect(await mailTo(manager.email)).toHaveLength(0);

    // The organisation no longer lets people turn it off: the stored choice no longer applies.
    expect(
      await owner.patch('/api/v1/settings', { notifications: { optOutAllowed: { manager_report_confirmed: false } } }),
    ).toMatchObject({ status: 200 });
    const second = await insertUser(t.db, {
      email: uniqueEmail('report'),
      status: 'not_invited',
      managerId: manager.id,
    });
    await owner.post(`/api/v1/users/${second.id}/set-password`, { password: 'a-long-pass-phrase-42' });
    expect(await mailTo(manager.email)).toHaveLength(1);
    expect(
      (await m.get('/api/v1/me/notifications')).body.items.find((p: any) => p.kind === 'manager_report_confirmed'),
    ).toMatchObject({ enabled: true, canOptOut: false });
    await owner.patch('/api/v1/settings', { notifications: { optOutAllowed: { manager_report_confirmed: true } } });
  });
});

describe('people hear about their own account', () => {
  it('invitation reminders after 3 and 7 days, once each, even with two runners', async () => {
    const invited = await createUser(owner, { invite: 'now' });
    expect(await mailTo(invited.email)).toHaveLength(1);
    await t.db.query(`update users set invited_at = now() - interval '3 days 1 hour' where id = $1`, [invited.id]);
    await Promise.all([sendInvitationReminders(t.db), sendInvitationReminders(t.db)]);
    await sendInvitationReminders(t.db);
    let got = await mailTo(invited.email);
    expect(got.map((m) => m.subject)).toEqual(['Your invitation to Roster', 'Reminder: your invitation to Roster']);
    await t.db.query(`update users set invited_at = invited_at - interval '4 days' where id = $1`, [invited.id]);
    await Promise.all([sendInvitationReminders(t.db), sendInvitationReminders(t.db)]);
    got = await mailTo(invited.email);
    expect(got).toHaveLength(3);
    await sendInvitationReminders(t.db);
    expect(await mailTo(invited.email)).toHaveLength(3);
    // The reminder's link works (a fresh one; earlier links stopped).
    const link = /http:\/\/roster\.test\/invite\/[A-Za-z0-9_-]+/.exec(got[2]!.body)?.[0];
    expect(link).toBeTruthy();
  });

  it('"your access expires on …" 14 and 3 days before, and the manager hears once per end date', async () => {
    const { manager, report } = await managerAndReport('confirmed');
    await t.db.query(`update users set expires_at = now() + interval '13 days' where id = $1`, [report.id]);
    await Promise.all([sendExpiryWarnings(t.db), sendExpiryWarnings(t.db)]);
    await sendExpiryWarnings(t.db);
    expect((await mailTo(report.email)).map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Your access to Roster ends on \d+ \w+ \d{4}$/),
    ]);
    const toManager = await mailTo(manager.email);
    expect(toManager).toHaveLength(1);
    expect(toManager[0]!.body).toContain('their access ends on');
    // A new end date two days away: the 3-day warning (one mail, not the 14-day one as well).
    await t.db.query(`update users set expires_at = now() + interval '2 days' where id = $1`, [report.id]);
    await sendExpiryWarnings(t.db);
    expect(await mailTo(report.email)).toHaveLength(2);
  });

  it('a new sign-in from a new device (security mail); the first device and a known one send nothing', async () => {
    const email = uniqueEmail('device');
    await insertUser(t.db, { email, password: 'password-1234' });
    const signInWith = (ua: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'user-agent': ua },
        payload: { email, password: 'password-1234' },
      });
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
    const chrome =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36';
    expect((await signInWith(firefox)).statusCode).toBe(200);
    expect((await signInWith(firefox.replace('128.0', '129.0'))).statusCode).toBe(200);
    expect(await mailTo(email)).toHaveLength(0);
    expect((await signInWith(chrome)).statusCode).toBe(200);
    expect((await signInWith(chrome)).statusCode).toBe(200);
    const got = await mailTo(email);
    expect(got.map((m) => m.subject)).toEqual(['New sign-in to Roster']);
    expect(got[0]!.body).toContain('from a new device (Chrome on Windows)');
  });

  it('password changed (security mail), sent during a break', async () => {
    const email = uniqueEmail('pw');
    const u = await insertUser(t.db, { email, password: 'password-1234' });
    await t.db.query(`update users set on_break = true where id = $1`, [u.id]);
    const me = await t.as(email);
    const res = await me.post('/api/v1/me/password', {
      currentPassword: 'password-1234',
      newPassword: 'a-much-better-passphrase-77',
    });
    expect(res.status).toBe(204);
    const got = await mailTo(email);
    expect(got.map((m) => m.subject)).toEqual(['Your Roster password was changed']);
  });
});

describe('the administrators’ daily digest', () => {
  it('goes once a day to Owners and Admins when something needs attention', async () => {
    const admin = await insertUser(t.db, { email: uniqueEmail('admin'), role: 'admin' });
    const today = new Date();
    const early = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 5));
    const later = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 9));
    await t.db.query(`insert into scim_requests (method, path, status) values ('POST', '/Users', 500)`);
    await t.db.query(
      `insert into webhooks (id, url, events, secret_sealed, enabled, created_at, updated_at)
       values ('wh_digest', 'https://example.com/hook', '["*"]', 'x', false, $1, $1)`,
      [new Date(later.getTime() - 3600_000)],
    );
    expect(await sendDailyDigest(t.db, DIGEST_SOURCES, early)).toBe(0);
    const [a, b] = await Promise.all([
      sendDailyDigest(t.db, DIGEST_SOURCES, later),
      sendDailyDigest(t.db, DIGEST_SOURCES, later),
    ]);
    expect(a + b).toBeGreaterThanOrEqual(2);
    expect(await sendDailyDigest(t.db, DIGEST_SOURCES, later)).toBe(0);
    for (const address of [OWNER.email, admin.email]) {
      const got = await mailTo(address);
      expect(got.map((m) => m.subject)).toEqual(['Roster: what needs your attention']);
      expect(got[0]!.body).toContain('SCIM errors: 1');
      expect(got[0]!.body).toContain('Webhooks disabled: 1');
    }
  });
});

describe('editable mail', () => {
  let admin: Client;
  beforeAll(async () => {
    admin = owner;
  });

  it('edit → preview → the mail carries the edited text; values are HTML-escaped', async () => {
    const { manager, report } = await managerAndReport('confirmed');
    await t.db.query(`update users set first_name = '<b>Rory</b>' where id = $1`, [report.id]);
    const current = await admin.get('/api/v1/mail-templates/manager_report_break/en');
    expect(current.status).toBe(200);
    expect(current.body.customised).toBe(false);
    expect(current.body.variables.map((v: any) => v.name)).toEqual(expect.arrayContaining(['reportName', 'until']));
    const edited = {
      subject: 'Heads up: {{reportName}} is away',
      text: 'Hi {{firstName}}, {{reportName}} takes a break {{until}}. Edited text.\n',
      html: '<p style="color:{{brandColour}}">Hi {{firstName}}, <strong>{{reportName}}</strong> takes a break. Edited HTML.</p>',
    };
    const preview = await admin.post('/api/v1/mail-templates/manager_report_break/en/preview', edited);
    expect(preview.status).toBe(200);
    expect(preview.body.subject).toBe('Heads up: Sam Example is away');
    expect(preview.body.html).toContain('<strong>Sam Example</strong>');
    expect((await admin.request('PUT', '/api/v1/mail-templates/manager_report_break/en', edited)).body).toMatchObject({
      customised: true,
      versions: [{ version: 1, reset: false, changedBy: expect.any(String) }],
    });

    await owner.patch(`/api/v1/users/${report.id}`, { onBreak: true });
    const got = await mailTo(manager.email);
    expect(got).toHaveLength(1);
    expect(got[0]!.subject).toBe('Heads up: <b>Rory</b> Report is away');
    expect(got[0]!.body).toContain('Hi Mona, <b>Rory</b> Report takes a break until further notice. Edited text.');
    expect(got[0]!.body).toContain('<strong>&lt;b&gt;Rory&lt;/b&gt; Report</strong> takes a break. Edited HTML.');
    expect(got[0]!.body).not.toContain('<strong><b>Rory</b>');

    // Reset to the built-in template: a version of its own, and the default wording again.
    const reset = await admin.delete('/api/v1/mail-templates/manager_report_break/en');
    expect(reset.body).toMatchObject({ customised: false, versions: [{ version: 2, reset: true }, { version: 1 }] });
    const audit = await t.db.query(`select action from audit_log where target_type = 'mail_template' order by id`);
    expect(audit.map((r: any) => r.action)).toEqual(['mail_template.updated', 'mail_template.reset']);
  });

  it('an invalid template is refused; "send me a test" reaches the sender; branding sets sender name and reply-to', async () => {
    const bad = await admin.request('PUT', '/api/v1/mail-templates/invitation/fr', {
      subject: 'x',
      text: '{{#open}}',
      html: 'y',
    });
    expect(bad.status).toBe(400);
    expect(
      (
        await admin.request('PUT', '/api/v1/mail-branding', {
          colour: '#aa0000',
          senderName: 'Acme People',
          replyTo: 'hr@acme.test',
        })
      ).status,
    ).toBe(200);
    const test = await admin.post('/api/v1/mail-templates/invitation/fr/test', {
      subject: 'Bienvenue {{firstName}}',
      text: 'Bonjour {{firstName}} de {{org}}\n',
      html: '<p style="background:{{brandColour}}">Bonjour</p>',
    });
    expect(test.status).toBe(202);
    const got = await mailTo(OWNER.email);
    expect(got).toHaveLength(1);
    expect(got[0]!.subject).toContain('Bienvenue Camille');
    expect(got[0]!.raw).toMatch(/^From: "?Acme People"? <no-reply@roster\.local>/m);
    expect(got[0]!.raw).toMatch(/^Reply-To: hr@acme\.test/m);
    expect(got[0]!.body, got[0]!.raw).toContain('background:#aa0000');
    // An unknown kind or language is 404; only Owners and Admins edit (test/access/matrix.test.ts has every role).
    expect((await admin.get('/api/v1/mail-templates/nope/en')).status).toBe(404);
    expect((await admin.get('/api/v1/mail-templates/invitation/es')).status).toBe(404);
    const german = await admin.get('/api/v1/mail-templates/invitation/de');
    expect(german.body.defaults.subject).toBe('Ihre Einladung zu {{org}}');
    const listed = (await admin.get('/api/v1/mail-templates')).body.items;
    expect(new Set(listed.map((i: { lang: string }) => i.lang))).toEqual(new Set(['en', 'fr', 'de']));
    await admin.request('PUT', '/api/v1/mail-branding', {
      colour: '#1c7ed6',
      senderName: null,
      replyTo: null,
      logoUrl: null,
    });
  });
});
