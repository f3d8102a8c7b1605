import { describe, expect, it } from 'vitest';
import { insertUser } from '../helpers/harness';
import { expectError, signedIn } from '../helpers/api';
import { useApp } from '../helpers/useApp';

/** Leaver hand-over (docs/decisions/025-hand-over-and-gdpr.md): reports and team duties move in the same step. */
const { t, owner } = useApp();

/** boss → leaver → two reports; the leaver manages a team with a pending join request and wrote a note. */
async function orgWithLeaver() {
  const boss = await insertUser(t.db, { firstName: 'Bea', lastName: 'Boss', role: 'learner' });
  const leaver = await insertUser(t.db, { firstName: 'Leo', lastName: 'Leaver', role: 'learner', managerId: boss.id });
  const r1 = await insertUser(t.db, { firstName: 'Rae', lastName: 'One', managerId: leaver.id });
  const r2 = await insertUser(t.db, { firstName: 'Ray', lastName: 'Two', managerId: leaver.id });
  const team = await owner.post('/api/v1/teams', { name: `Team ${leaver.id}`, joinPolicy: 'on_request' });
  expect((await owner.post(`/api/v1/teams/${team.body.id}/managers`, { userId: leaver.id })).status).toBe(201);
  const asker = await signedIn(t);
  expect((await asker.client.post(`/api/v1/teams/${team.body.id}/join-requests`)).status).toBe(201);
  await t.db.query(`insert into notes (id, user_id, author_id, body) values (gen_random_uuid()::text, $1, $2, 'ok')`, [
    r1.id,
    leaver.id,
  ]);
  return { boss, leaver, r1, r2, teamId: team.body.id as string };
}

const managerOf = async (id: string) =>
  (await t.db.query<{ manager_id: string | null }>(`select manager_id from users where id = $1`, [id]))[0]!.manager_id;
const teamManagers = async (teamId: string) =>
  (await t.db.query<{ user_id: string }>(`select user_id from team_managers where team_id = $1`, [teamId])).map(
    (r) => r.user_id,
  );

describe('hand-over preview', () => {
  it('proposes their own manager for their reports, teams and notes, and previews another person', async () => {
    const o = await orgWithLeaver();
    const res = await owner.get(`/api/v1/users/${o.leaver.id}/hand-over`);
    expect(res.status).toBe(200);
    expect(res.body.proposedTo.id).toBe(o.boss.id);
    expect(res.body.to.id).toBe(o.boss.id);
    expect(res.body.reports.map((r: any) => [r.firstName, r.refusal])).toEqual([
      ['Rae', null],
      ['Ray', null],
    ]);
    expect(res.body.teams).toEqual([
      { id: o.teamId, name: `Team ${o.leaver.id}`, otherManagers: 0, pendingJoinRequests: 1 },
    ]);
    expect(res.body.notesAboutReports).toBe(1);

    const other = await insertUser(t.db, { firstName: 'Otto' });
    const chosen = await owner.get(`/api/v1/users/${o.leaver.id}/hand-over?to=${other.id}`);
    expect(chosen.body.to.id).toBe(other.id);
    expect(chosen.body.proposedTo.id).toBe(o.boss.id);
    // A report cannot become their own manager: the preview says so for that one.
    const toReport = await owner.get(`/api/v1/users/${o.leaver.id}/hand-over?to=${o.r1.id}`);
    expect(toReport.body.reports.map((r: any) => r.refusal === null)).toEqual([false, true]);
    // Nothing changed.
    expect(await managerOf(o.r1.id)).toBe(o.leaver.id);
  });
});

describe('deactivating or deleting with a hand-over', () => {
  it('moves reports and team duties to the chosen person in the same step, audited and published', async () => {
    const o = await orgWithLeaver();
    const res = await owner.post(`/api/v1/users/${o.leaver.id}/deactivate`, { handOver: { to: o.boss.id } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('deactivated');
    expect(await managerOf(o.r1.id)).toBe(o.boss.id);
    expect(await managerOf(o.r2.id)).toBe(o.boss.id);
    expect(await teamManagers(o.teamId)).toEqual([o.boss.id]);
    // The pending join request is now the new manager's to decide.
    const boss = await t.db.query(`select 1 from team_join_requests where team_id = $1 and status = 'pending'`, [
      o.teamId,
    ]);
    expect(boss).toHaveLength(1);

    const audit = await t.db.query<{ action: string; after: any }>(
      `select action, after from audit_log where target_id = $1 and action = 'user.handed_over'`,
      [o.leaver.id],
    );
    expect(audit).toEqual([{ action: 'user.handed_over', after: { to: o.boss.id, reports: 2, teams: 1 } }]);
    const events = await t.db.query<{ type: string; subject_id: string }>(
      `select type, subject_id from domain_events where (type = 'user.updated' and subject_id = any($1::text[])) or subject_id = $2 order by id`,
      [[o.r1.id, o.r2.id], o.teamId],
    );
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['user.updated', 'user.updated', 'team.manager_added', 'team.manager_removed']),
    );
  });

  it('deletes with a hand-over to nobody: reports are left without a manager, the team loses this one', async () => {
    const o = await orgWithLeaver();
    const res = await owner.request('DELETE', `/api/v1/users/${o.leaver.id}`, { handOver: { to: null } });
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    expect(await managerOf(o.r1.id)).toBeNull();
    expect(await teamManagers(o.teamId)).toEqual([]);
  });

  it('without a plan, deactivating and deleting work as before and move nobody', async () => {
    const o = await orgWithLeaver();
    expect((await owner.post(`/api/v1/users/${o.leaver.id}/deactivate`)).status).toBe(200);
    expect(await managerOf(o.r1.id)).toBe(o.leaver.id);
    const deleted = await owner.delete(`/api/v1/users/${o.leaver.id}`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
    expect(await teamManagers(o.teamId)).toEqual([o.leaver.id]);
  });

  it('refuses the whole step when one report cannot move, changing nothing', async () => {
    const o = await orgWithLeaver();
    // HR manages the manager field of r2.
    await t.db.query(`update users set managed_by = 'scim', hr_managed_fields = '["managerId"]'::jsonb where id = $1`, [
      o.r2.id,
    ]);
    const res = await owner.post(`/api/v1/users/${o.leaver.id}/deactivate`, { handOver: { to: o.boss.id } });
    expectError(res, 409, 'conflict');
    expect(res.body.error.details).toEqual([{ userId: o.r2.id, message: expect.stringContaining('HR') }]);
    expect(await managerOf(o.r1.id)).toBe(o.leaver.id);
    expect(await teamManagers(o.teamId)).toEqual([o.leaver.id]);
    const [{ status }] = (await t.db.query<{ status: string }>(`select status from users where id = $1`, [
      o.leaver.id,
    ])) as [{ status: string }];
    expect(status).toBe('confirmed');
  });

  it('refuses a successor who is inactive, unknown or below a report, and a plan on other actions', async () => {
    const o = await orgWithLeaver();
    const gone = await insertUser(t.db, { status: 'deactivated' });
    for (const to of [gone.id, 'no-such-user'])
      expectError(
        await owner.post(`/api/v1/users/${o.leaver.id}/deactivate`, { handOver: { to } }),
        400,
        'validation_failed',
      );
    expectError(
      await owner.post(`/api/v1/users/${o.leaver.id}/deactivate`, { handOver: { to: o.r1.id } }),
      409,
      'conflict',
    );
    expectError(
      await owner.post(`/api/v1/users/${o.leaver.id}/learning-activity`, { handOver: { to: null } }),
      400,
      'validation_failed',
    );
  });

  it('checks the caller may change each report: an Admin cannot move an Owner who reports to the leaver', async () => {
    const o = await orgWithLeaver();
    await t.db.query(`update users set role = 'owner' where id = $1`, [o.r2.id]);
    const admin = (await signedIn(t, 'admin')).client;
    const preview = await admin.get(`/api/v1/users/${o.leaver.id}/hand-over`);
    expect(preview.status).toBe(200);
    expect(preview.body.reports.map((r: any) => [r.firstName, r.refusal !== null])).toEqual([
      ['Rae', false],
      ['Ray', true],
    ]);
    expectError(
      await admin.post(`/api/v1/users/${o.leaver.id}/deactivate`, { handOver: { to: o.boss.id } }),
      409,
      'conflict',
    );
    expect(await managerOf(o.r1.id)).toBe(o.leaver.id);
    // The leaver's own manager, a learner, may deactivate nobody: the preview is refused as the deactivation is.
    const boss = await t.as(
      (await t.db.query<{ email: string }>(`select email from users where id = $1`, [o.boss.id]))[0]!.email,
    );
    expectError(await boss.get(`/api/v1/users/${o.leaver.id}/hand-over`), 403, 'forbidden');
  });
});
