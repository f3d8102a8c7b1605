import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/index';
import { JobRunner } from '../../src/server/scheduler/runner';
import { createTransport } from '../../src/server/modules/mail/transport';
import { ROSTER_JOBS } from '../../src/server/jobs/catalog';
import { periodOf, sendDueReports } from '../../src/server/modules/insight/schedules';
import { expectError, signedIn } from '../helpers/api';
import { insertUser, type TestDb } from '../helpers/harness';
import { useAppWithSmtp } from '../waysin/smtp';

/**
 * Scheduled report emails (docs/decisions/020-insight.md): set up and removed by Owners, Admins and HR, mailed
 * through the real SMTP server of the test once per period — with two runners, as two processes would run
 * the job — to the recipients who may still read reports when it goes out.
 */
const { t, owner, smtp } = useAppWithSmtp();
const JOB = ROSTER_JOBS.find((j) => j.name === 'report-emails')!;
let hr: Awaited<ReturnType<typeof signedIn>>;
let admin: Awaited<ReturnType<typeof signedIn>>;
let other: Db;

const mailsTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address.toLowerCase()));
/** A text-only message's body, its quoted-printable soft breaks and "=3D" undone (the helper decodes multipart mail). */
const plain = (text: string) => text.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
/** The period moves on: the schedule's last mail belongs to the one before. */
const periodEnds = () => t.db.query(`update report_schedules set last_period = 'earlier'`);

beforeAll(async () => {
  hr = await signedIn(t, 'hr');
  admin = await signedIn(t, 'admin');
  other = await (t.db as TestDb).reopen();
  await insertUser(t.db, { status: 'invite_pending', firstName: 'Pia' });
});
afterAll(() => other?.close());

describe('setting up a schedule', () => {
  it('is refused for recipients who may not read reports', async () => {
    const learner = await insertUser(t.db, {});
    const res = await owner.post('/api/v1/reports/schedules', {
      report: 'summary',
      cadence: 'weekly',
      recipientIds: [learner.id],
    });
    expectError(res, 400, 'validation_failed');
  });

  it('lists the schedule with its recipients and next day, and removes it, audited', async () => {
    const res = await hr.client.post('/api/v1/reports/schedules', {
      report: 'inactive',
      cadence: 'monthly',
      recipientIds: [admin.id],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      report: 'inactive',
      cadence: 'monthly',
      recipients: [{ id: admin.id }],
      lastSentAt: null,
      nextOn: periodOf('monthly', new Date()).nextOn,
    });
    expect((await owner.get('/api/v1/reports/schedules')).body.map((s: { id: string }) => s.id)).toContain(res.body.id);
    expect((await owner.delete(`/api/v1/reports/schedules/${res.body.id}`)).status).toBe(204);
    expect((await owner.delete(`/api/v1/reports/schedules/${res.body.id}`)).status).toBe(404);
    const audited = await t.db.query(`select action from audit_log where target_id = $1 order by id`, [res.body.id]);
    expect(audited.map((a) => a.action)).toEqual(['report_schedule.created', 'report_schedule.deleted']);
  });

  it('is for Owners, Admins and HR only', async () => {
    const learner = (await signedIn(t, 'learner')).client;
    expect((await learner.get('/api/v1/reports/schedules')).status).toBe(403);
  });
});

describe('the report-emails job', () => {
  it('weeks and months start on Mondays and on the 1st (UTC)', () => {
    const thursday = new Date('2026-12-03T19:00:00Z');
    expect(periodOf('weekly', thursday)).toEqual({ key: '2026-11-30', nextOn: '2026-12-07' });
    expect(periodOf('monthly', thursday)).toEqual({ key: '2026-12', nextOn: '2027-01-01' });
    expect(periodOf('weekly', new Date('2026-11-30T00:00:00Z')).key).toBe('2026-11-30');
    expect(periodOf('monthly', new Date('2026-12-31T23:59:59Z')).nextOn).toBe('2027-01-01');
  });

  it('sends nothing in the period the schedule was set up in', async () => {
    await owner.post('/api/v1/reports/schedules', {
      report: 'pending-invitations',
      cadence: 'weekly',
      recipientIds: [hr.id, admin.id],
    });
    expect(await sendDueReports(t.db, new Date())).toBe(0);
  });

  it('mails each period once to each recipient, with two runners at the same time', async () => {
    await periodEnds();
    const quiet = { info: () => {} };
    const runners = [t.db, other].map(
      (db) => new JobRunner({ db, transport: createTransport(db, undefined, quiet), jobs: [JOB], intervalSeconds: 0 }),
    );
    try {
      await Promise.all(runners.map((r) => r.start()));
      await Promise.all(runners.map((r) => r.trigger('report-emails')));
      await Promise.all(runners.map((r) => r.idle()));
      // And the rows alone, without the job's lease: the conditional update lets one process take the period.
      const direct = await Promise.all([sendDueReports(t.db, new Date()), sendDueReports(other, new Date())]);
      expect(direct).toEqual([0, 0]);
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
    await t.sweep();
    for (const who of [hr, admin]) {
      const mails = mailsTo(who.email);
      expect(mails, who.email).toHaveLength(1);
      expect(mails[0]!.subject).toBe('Pending invitations — weekly report');
      const text = plain(mails[0]!.text);
      expect(text).toContain('Pending invitations: 1 (under 7 days 1,');
      expect(text).toContain('http://roster.test/reports/pending-invitations');
      expect(text).toContain('http://roster.test/api/v1/reports/pending-invitations?format=csv');
    }
    const [row] = await t.db.query(`select last_sent_at from report_schedules where report = 'pending-invitations'`);
    expect(row!.last_sent_at).not.toBeNull();
  });

  it('two processes racing on the rows alone still send the period once', async () => {
    await periodEnds();
    const before = smtp.messages.length;
    const sent = await Promise.all([
      sendDueReports(t.db, new Date()),
      sendDueReports(other, new Date()),
      sendDueReports(t.db, new Date()),
    ]);
    expect(sent.reduce((a, b) => a + b, 0)).toBe(2);
    await t.sweep();
    expect(smtp.messages.length - before).toBe(2);
  });

  it('skips recipients who may no longer read reports when it goes out', async () => {
    await t.db.query(`update users set status = 'deactivated' where id = $1`, [admin.id]);
    await periodEnds();
    const before = { hr: mailsTo(hr.email).length, admin: mailsTo(admin.email).length };
    expect(await sendDueReports(t.db, new Date())).toBe(1);
    await t.sweep();
    expect(mailsTo(hr.email).length).toBe(before.hr + 1);
    expect(mailsTo(admin.email).length).toBe(before.admin);
  });
});
