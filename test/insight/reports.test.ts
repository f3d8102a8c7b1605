import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../helpers/api';
import { insertUser, testDb, type Client } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { dayOf, takeDailySnapshot } from '../../src/server/modules/insight/snapshots';
import { ROSTER_JOBS } from '../../src/server/jobs/catalog';

/**
 * Home and the reports (docs/decisions/020-insight.md) against a seeded organisation whose answers are known:
 *
 * confirmed  Olive (Owner, signed in now), Hana (HR, signed in now), Abe (last sign-in 100 days ago),
 *            Ben (never signed in), Cy (10 days ago), Dee (1 day ago, end date in 10 days)
 * pending    Pia (invited 40 days ago, link expired 26 days ago), Pat (invited 3 days ago)
 * others     Sam (invitation scheduled in 5 days), Dan (deactivated), Eve (expired), Nia (not invited)
 * invitations in the last 90 days: Abe (accepted after 48 h), Cy (accepted after 24 h), Pia, Pat
 * status history this month: Abe and Cy joined, Dan left, Dan's earlier reactivation is no joiner
 */
const { t, owner } = useApp();
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const ids: Record<string, string> = {};
let hr: Client;

async function person(key: string, opts: Parameters<typeof insertUser>[1], set: Record<string, unknown> = {}) {
  ids[key] = (await insertUser(t.db, { firstName: key, lastName: 'Seed', email: `${key}@example.com`, ...opts })).id;
  for (const [column, value] of Object.entries(set))
    await t.db.query(`update users set ${column} = $2 where id = $1`, [ids[key], value]);
}

async function invitation(key: string, sentDaysAgo: number, acceptedAfterHours: number | null, expiresInDays = 14) {
  const sent = ago(sentDaysAgo);
  await t.db.query(
    `insert into invitations (id, user_id, token_hash, created_at, expires_at, state, used_at)
     values (gen_random_uuid()::text, $1, gen_random_uuid()::text, $2, $3, $4, $5)`,
    [
      ids[key],
      sent,
      new Date(sent.getTime() + expiresInDays * DAY),
      acceptedAfterHours === null ? 'active' : 'used',
      acceptedAfterHours === null ? null : new Date(sent.getTime() + acceptedAfterHours * 3600_000),
    ],
  );
}

const history = (key: string, from: string | null, to: string, event: string, at: Date) =>
  t.db.query(`insert into status_history (user_id, from_status, to_status, event, at) values ($1, $2, $3, $4, $5)`, [
    ids[key],
    from,
    to,
    event,
    at,
  ]);

const snapshot = (daysAgo: number, counts: Record<string, number>, signedIn7d: number) =>
  t.db.query(`insert into insight_snapshots (day, taken_at, counts, signed_in_7d) values ($1, $2, $3, $4)`, [
    dayOf(ago(daysAgo)),
    ago(daysAgo),
    JSON.stringify(counts),
    signedIn7d,
  ]);

beforeAll(async () => {
  hr = (await signedIn(t, 'hr', { email: 'hana@example.com' })).client;
  await person('abe', {}, { last_sign_in_at: ago(100) });
  await person('ben', {}, { last_sign_in_at: null });
  await person('cy', {}, { last_sign_in_at: ago(10) });
  await person('dee', {}, { last_sign_in_at: ago(1), expires_at: new Date(Date.now() + 10 * DAY) });
  await person('pia', { status: 'invite_pending' }, { invited_at: ago(40) });
  await person('pat', { status: 'invite_pending' }, { invited_at: ago(3) });
  await person('sam', { status: 'invite_scheduled' }, { invite_scheduled_at: new Date(Date.now() + 5 * DAY) });
  await person('dan', { status: 'deactivated' });
  await person('eve', { status: 'expired' });
  await person('nia', { status: 'not_invited' });
  await invitation('abe', 20, 48);
  await invitation('cy', 10, 24);
  await invitation('pia', 40, null);
  await invitation('pat', 3, null);
  const early = new Date(Math.max(Date.now() - 5 * 3600_000, Date.parse(dayOf(new Date()).slice(0, 8) + '01')));
  await history('abe', 'invite_pending', 'confirmed', 'accept', early);
  await history('cy', 'invite_pending', 'confirmed', 'accept', early);
  await history('dan', 'deactivated', 'confirmed', 'reactivate', early);
  await history('dan', 'confirmed', 'deactivated', 'deactivate', early);
  // Two weeks of trend: 5 seats, then 6; today's snapshot (the job) makes 8.
  await snapshot(14, { confirmed: 3, invite_pending: 2, not_invited: 4 }, 2);
  await snapshot(7, { confirmed: 4, invite_pending: 2, not_invited: 1 }, 3);
  expect(await takeDailySnapshot(t.db, new Date())).toBe(1);
});

describe('GET /api/v1/reports/summary', () => {
  it('answers the seeded numbers', async () => {
    const res = await owner.get('/api/v1/reports/summary');
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s.counts).toEqual({
      not_invited: 1,
      invite_scheduled: 1,
      invite_pending: 2,
      confirmed: 6,
      deactivated: 1,
      expired: 1,
      anonymised: 0,
    });
    expect(s.total).toBe(12);
    expect(s.seats).toEqual({ used: 8, limit: null, statuses: ['invite_pending', 'confirmed'] });
    expect(s.trend.map((p: { seats: number }) => p.seats)).toEqual([5, 6, 8]);
    expect(s.trend.at(-1).day).toBe(dayOf(new Date()));
    expect(s.funnel).toEqual({
      days: 90,
      sent: 4,
      accepted: 2,
      medianHoursToAccept: 36,
      pending: 2,
      pendingOver7Days: 1,
      pendingOver30Days: 1,
    });
    // Weeks from the snapshots 14 and 7 days ago, then this week live: Olive, Hana, Dee.
    expect(s.signInsByWeek.map((w: { people: number }) => w.people)).toEqual([2, 3, 3]);
    expect(s.upcomingExpiries.within30Days).toBe(1);
    expect(s.upcomingExpiries.next[0].id).toBe(ids.dee);
    expect(s.recentChanges[0]).toMatchObject({
      person: { id: ids.dan },
      fromStatus: 'confirmed',
      toStatus: 'deactivated',
    });
    expect(s.checklist).toEqual({
      peopleAdded: true,
      invited: true,
      signInSetUp: false,
      hrSyncConnected: false,
      teamsCreated: false,
    });
  });

  it('counts the statuses the seat setting names, against the limit', async () => {
    const res = await owner.patch('/api/v1/settings', { seatLimit: 10, seatStatuses: ['confirmed', 'deactivated'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ seatLimit: 10, seatStatuses: ['confirmed', 'deactivated'] });
    const s = (await hr.get('/api/v1/reports/summary')).body;
    expect(s.seats).toEqual({ used: 7, limit: 10, statuses: ['confirmed', 'deactivated'] });
    expect(s.trend.map((p: { seats: number }) => p.seats)).toEqual([3, 4, 7]);
    expect((await owner.patch('/api/v1/settings', { seatStatuses: ['confirmed', 'confirmed'] })).body.error.code).toBe(
      'validation_failed',
    );
    await owner.patch('/api/v1/settings', { seatLimit: null, seatStatuses: ['invite_pending', 'confirmed'] });
  });
});

describe('GET /api/v1/reports/inactive', () => {
  it('lists confirmed people with no sign-in for n days, never-signed-in first', async () => {
    const r30 = await owner.get('/api/v1/reports/inactive?days=30');
    expect(r30.status).toBe(200);
    expect(r30.body.total).toBe(2);
    expect(r30.body.items.map((p: { id: string }) => p.id)).toEqual([ids.ben, ids.abe]);
    expect(r30.body.items[0].lastSignInAt).toBeNull();
    const r5 = await owner.get('/api/v1/reports/inactive?days=5');
    expect(r5.body.items.map((p: { id: string }) => p.id)).toEqual([ids.ben, ids.abe, ids.cy]);
  });

  it('pages with a cursor without repeating anyone', async () => {
    const seen: string[] = [];
    let url = '/api/v1/reports/inactive?days=5&limit=1';
    for (;;) {
      const page = (await owner.get(url)).body;
      expect(page.total).toBe(3);
      seen.push(...page.items.map((p: { id: string }) => p.id));
      if (!page.nextCursor) break;
      url = `/api/v1/reports/inactive?days=5&limit=1&cursor=${page.nextCursor}`;
    }
    expect(seen).toEqual([ids.ben, ids.abe, ids.cy]);
    expect((await owner.get('/api/v1/reports/inactive?cursor=nonsense')).body.error.code).toBe('validation_failed');
  });

  it('downloads as CSV and XLSX, formula-safe, and audits the download', async () => {
    await t.db.query(`update users set first_name = '=cmd()' where id = $1`, [ids.ben]);
    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/v1/reports/inactive?days=30&format=csv',
      headers: { cookie: owner.cookie! },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows: string[][] = parse(csv.body, { bom: true });
    expect(rows[0]).toEqual(['Name', 'Email', 'Role', 'Last sign-in', 'Confirmed']);
    expect(rows.slice(1).map((r) => r[1])).toEqual(['ben@example.com', 'abe@example.com']);
    expect(rows[1]![0]).toBe("'=cmd() Seed");
    expect(rows[1]![3]).toBe('never');
    const xlsx = await t.app.inject({
      method: 'GET',
      url: '/api/v1/reports/inactive?days=30&format=xlsx',
      headers: { cookie: owner.cookie! },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.rowCount).toBe(3);
    const [entry] = await t.db.query(
      `select after from audit_log where action = 'report.exported' order by at desc limit 1`,
    );
    expect(entry!.after).toMatchObject({ report: 'inactive', format: 'xlsx', rows: 2, days: 30 });
  });
});

describe('the other reports', () => {
  it('pending invitations by age, with expired links, oldest first', async () => {
    const res = await owner.get('/api/v1/reports/pending-invitations');
    expect(res.status).toBe(200);
    expect(res.body.buckets).toEqual([
      { bucket: 'under_7_days', people: 1 },
      { bucket: '7_to_30_days', people: 0 },
      { bucket: '30_to_90_days', people: 1 },
      { bucket: 'over_90_days', people: 0 },
    ]);
    expect(res.body.linkExpired).toBe(1);
    expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([ids.pia, ids.pat]);
  });

  it('joiners and leavers by month', async () => {
    const res = await owner.get('/api/v1/reports/movements?months=3');
    expect(res.status).toBe(200);
    expect(res.body.months).toHaveLength(3);
    expect(res.body.months[2]).toEqual({ month: dayOf(new Date()).slice(0, 7), joiners: 2, leavers: 1 });
    expect(res.body.months[0]).toMatchObject({ joiners: 0, leavers: 0 });
    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/v1/reports/movements?months=3&format=csv',
      headers: { cookie: owner.cookie! },
    });
    expect(parse(csv.body, { bom: true })).toHaveLength(4);
  });

  it('forecasts seats from the trend, scheduled invitations and end dates', async () => {
    await owner.patch('/api/v1/settings', { seatLimit: 9 });
    const res = await owner.get('/api/v1/reports/forecast?horizonDays=30');
    expect(res.status).toBe(200);
    const f = res.body;
    expect(f.seats.used).toBe(8);
    // 5 seats 14 days ago, 6 seven days ago, 8 today: (−14·−3 + −7·−2 + 0·... ) least squares = 3/14 a day.
    expect(f.trendPerDay).toBeCloseTo(0.21, 2);
    expect(f.scheduledInvitations).toBe(1);
    expect(f.expiring).toBe(1);
    // Day 4: 8 + 0.86 → 9 (not over 9); day 5: 8 + 1.07 + Sam → 10.
    expect(f.passesLimitOn).toBe(dayOf(new Date(Date.now() + 5 * DAY)));
    expect(f.points[0]).toEqual({ day: dayOf(new Date()), seats: 8 });
    await owner.patch('/api/v1/settings', { seatLimit: null });
    expect((await owner.get('/api/v1/reports/forecast')).body.passesLimitOn).toBeNull();
  });

  it('"remind all" resends the invitations pending over n days (the resend use case)', async () => {
    const before = await t.db.query(`select count(*)::int as n from invitations where user_id = $1`, [ids.pia]);
    const res = await owner.post('/api/v1/reports/pending-invitations/remind', { olderThanDays: 30 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ matched: 1, reminded: 1, failed: 0 });
    const after = await t.db.query(`select count(*)::int as n from invitations where user_id = $1`, [ids.pia]);
    expect(after[0]!.n).toBe(before[0]!.n + 1);
    const [pia] = await t.db.query(`select invited_at from users where id = $1`, [ids.pia]);
    expect(new Date(pia!.invited_at).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect((await owner.get('/api/v1/reports/pending-invitations')).body.linkExpired).toBe(0);
  });

  it('refuses everyone but Owners, Admins and HR', async () => {
    const learner = (await signedIn(t, 'learner')).client;
    const reporter = (await signedIn(t, 'reporter')).client;
    for (const c of [learner, reporter])
      for (const url of ['summary', 'inactive', 'pending-invitations', 'movements', 'forecast'])
        expect((await c.get(`/api/v1/reports/${url}`)).status).toBe(403);
    expect((await hr.get('/api/v1/reports/inactive?days=30')).status).toBe(200);
  });
});

describe('the insight-snapshot job', () => {
  it('is declared in the job catalogue', () => {
    expect(ROSTER_JOBS.map((j) => j.name)).toContain('insight-snapshot');
  });

  it('writes a day exactly once, with two processes at the same time', async () => {
    // Two processes on one database (PostgreSQL: two connection pools; PGlite: its one connection).
    const db = await testDb();
    const other = await db.reopen();
    try {
      await insertUser(db, {});
      const day = new Date();
      const results = await Promise.all([
        takeDailySnapshot(db, day),
        takeDailySnapshot(other, day),
        takeDailySnapshot(db, day),
        takeDailySnapshot(other, day),
      ]);
      expect(results.reduce((a, b) => a + b, 0)).toBe(1);
      expect(await takeDailySnapshot(other, day)).toBe(0);
      const rows = await db.query(`select counts from insight_snapshots where day = $1`, [dayOf(day)]);
      expect(rows).toEqual([{ counts: { confirmed: 1 } }]);
    } finally {
      await other.close();
      await db.close();
    }
  });

  it('runs through the job runtime', async () => {
    await t.db.query(`delete from insight_snapshots where day = $1`, [dayOf(new Date())]);
    const res = await owner.post('/api/v1/jobs/insight-snapshot/run');
    expect(res.status).toBeLessThan(300);
    await expect
      .poll(
        async () => (await t.db.query(`select 1 from insight_snapshots where day = $1`, [dayOf(new Date())])).length,
      )
      .toBe(1);
  });
});
