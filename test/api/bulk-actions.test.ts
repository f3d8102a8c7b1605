import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bulkActionsIdle } from '../../src/server/modules/bulkActions/runner';
import { expectError, inFuture, signedIn } from '../helpers/api';
import { insertUser, type Client } from '../helpers/harness';
import { useApp } from '../helpers/useApp';

/** Bulk actions as jobs (docs/api.md "Bulk actions"): dry run, run, results, undo, confirmation, scope. */
const { t, owner } = useApp();

/** A batch of people whose last name carries a tag, so a filter `q=<tag>` matches exactly them. */
async function people(tag: string, n: number, opts: Parameters<typeof insertUser>[1] = {}) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await insertUser(t.db, { lastName: `${tag} ${i}`, ...opts }));
  return out;
}

async function finished(client: Client, id: string) {
  for (let i = 0; i < 200; i++) {
    await bulkActionsIdle(t.db);
    const res = await client.get(`/api/v1/bulk-actions/${id}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (
      ['done', 'failed', 'undone'].includes(res.body.status) &&
      !(res.body.phase === 'undo' && res.body.status === 'done')
    )
      return res.body;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`bulk action ${id} did not finish`);
}

async function start(client: Client, body: Record<string, unknown>) {
  const res = await client.post('/api/v1/bulk-actions', body);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return finished(client, res.body.id);
}

const statusOf = async (id: string) =>
  (await t.db.query<{ status: string }>(`select status from users where id = $1`, [id]))[0]!.status;

describe('bulk actions', () => {
  it('a dry run on a filter says what the run then does: changes, skips by reason, groups and seats', async () => {
    const tag = `Deact${randomUUID().slice(0, 6)}`;
    const admin = await signedIn(t, 'admin', { email: `admin-${tag}@example.com` });
    await t.db.query(`update users set last_name = $2 where id = $1`, [admin.id, `${tag} admin`]);
    const plain = await people(tag, 5);
    const [gone] = await people(tag, 1, { status: 'deactivated' });
    const [hr] = await people(tag, 1);
    await t.db.query(`update users set managed_by = 'scim' where id = $1`, [hr!.id]);
    const [boss] = await people(tag, 1, { role: 'owner' });
    await t.db.query(`update users set department = 'Bulk' where id = any($1::text[])`, [plain.map((p) => p.id)]);
    const group = await owner.post('/api/v1/groups', {
      name: `Bulk dept ${tag}`,
      rules: { field: 'department', op: 'eq', value: 'Bulk' },
    });
    expect(group.status).toBe(201);

    const body = { action: 'deactivate', filter: { q: tag } };
    const dry = await admin.client.post('/api/v1/bulk-actions', { ...body, dryRun: true });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({
      matched: 9,
      change: 5,
      skipped: { self: 1, illegal_transition: 1, hr_managed: 1, outranks: 1 },
      outOfScope: 0,
      seats: { change: -5 },
      confirm: null,
      undoable: true,
    });
    expect(dry.body.seats.after).toBe(dry.body.seats.before - 5);
    expect(dry.body.groups).toEqual([{ id: group.body.id, name: `Bulk dept ${tag}`, joining: 0, leaving: 5 }]);
    const seatsBefore = dry.body.seats.before;

    const done = await start(admin.client, body);
    expect(done).toMatchObject({
      status: 'done',
      total: 9,
      done: dry.body.change,
      failed: 0,
      skipped: 4,
      processed: 9,
      skippedByReason: dry.body.skipped,
    });
    expect(done.undoUntil).not.toBeNull();
    for (const p of plain) expect(await statusOf(p.id)).toBe('deactivated');
    expect(await statusOf(gone!.id)).toBe('deactivated');
    expect(await statusOf(hr!.id)).toBe('confirmed');
    expect(await statusOf(boss!.id)).toBe('confirmed');
    // What the dry run said about groups and seats is what happened.
    const members = await owner.get(`/api/v1/groups/${group.body.id}/members`);
    expect(members.body.items).toHaveLength(0);
    const [{ n }] = (await t.db.query<{ n: number }>(
      `select count(*)::int as n from users where deleted_at is null and status not in ('deactivated', 'expired', 'anonymised')`,
    )) as [{ n: number }];
    expect(n).toBe(seatsBefore - 5);
    // Through the use cases: audited with the job as cause, and published.
    const audited = await t.db.query(`select 1 from audit_log where action = 'user.status_changed' and cause = $1`, [
      `bulk_action:${done.id}`,
    ]);
    expect(audited).toHaveLength(5);
    const events = await t.db.query(
      `select 1 from domain_events where type = 'user.status_changed' and subject_id = any($1::text[])`,
      [plain.map((p) => p.id)],
    );
    expect(events).toHaveLength(5);

    // The results: one row per person in scope, with a reason for people, not the state machine's text.
    const csv = await admin.client.get(`/api/v1/bulk-actions/${done.id}/results.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const text = String(csv.body);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(10);
    expect(text).toContain('Not possible in their current status');
    expect(text).not.toContain('Cannot go from');

    // Undo puts everyone back, and once only.
    const undo = await admin.client.post(`/api/v1/bulk-actions/${done.id}/undo`);
    expect(undo.status, JSON.stringify(undo.body)).toBe(202);
    const undone = await finished(admin.client, done.id);
    expect(undone).toMatchObject({ status: 'undone', undone: 5, undoRefused: 0, undoUntil: null });
    for (const p of plain) expect(await statusOf(p.id)).toBe('confirmed');
    expectError(await admin.client.post(`/api/v1/bulk-actions/${done.id}/undo`), 409, 'conflict');
  });

  it('undo restores the recorded values and refuses, per person, what changed since', async () => {
    const tag = `Role${randomUUID().slice(0, 6)}`;
    const ps = await people(tag, 3);
    const done = await start(owner, { action: 'set_role', filter: { q: tag }, params: { role: 'reporter' } });
    expect(done).toMatchObject({ status: 'done', done: 3 });
    // Someone changes one of them afterwards.
    expect((await owner.patch(`/api/v1/users/${ps[0]!.id}`, { role: 'curator' })).status).toBe(200);
    expect((await owner.post(`/api/v1/bulk-actions/${done.id}/undo`)).status).toBe(202);
    const undone = await finished(owner, done.id);
    expect(undone).toMatchObject({ status: 'undone', undone: 2, undoRefused: 1 });
    const roles = await t.db.query<{ id: string; role: string }>(
      `select id, role from users where id = any($1::text[]) order by id`,
      [ps.map((p) => p.id)],
    );
    expect(Object.fromEntries(roles.map((r) => [r.id, r.role]))).toEqual({
      [ps[0]!.id]: 'curator',
      [ps[1]!.id]: 'learner',
      [ps[2]!.id]: 'learner',
    });
    const csv = String((await owner.get(`/api/v1/bulk-actions/${done.id}/results.csv`)).body);
    expect(csv).toContain('Changed since the bulk action');
  });

  it('expiry, manager and team actions change what the dry run says and undo back', async () => {
    const tag = `Misc${randomUUID().slice(0, 6)}`;
    const ps = await people(tag, 2);
    const mgr = await insertUser(t.db, { lastName: 'Manager' });
    const team = (await owner.post('/api/v1/teams', { name: `Team ${tag}` })).body;
    const at = inFuture(30 * 86_400_000);
    for (const [action, params] of [
      ['set_expiry', { expiresAt: at }],
      ['set_manager', { managerId: mgr.id }],
      ['add_to_team', { teamId: team.id }],
    ] as const) {
      const dry = await owner.post('/api/v1/bulk-actions', { action, ids: ps.map((p) => p.id), params, dryRun: true });
      expect(dry.body, action).toMatchObject({ matched: 2, change: 2 });
      const done = await start(owner, { action, ids: ps.map((p) => p.id), params });
      expect(done, action).toMatchObject({ status: 'done', done: 2 });
      const again = await owner.post('/api/v1/bulk-actions', {
        action,
        ids: ps.map((p) => p.id),
        params,
        dryRun: true,
      });
      expect(again.body, action).toMatchObject({ change: 0, skipped: { unchanged: 2 } });
    }
    const row = async () =>
      (
        await t.db.query<{ expires_at: Date | null; manager_id: string | null; n: number }>(
          `select expires_at, manager_id, (select count(*)::int from team_members where user_id = u.id) as n from users u where id = $1`,
          [ps[0]!.id],
        )
      )[0]!;
    expect(await row()).toMatchObject({ manager_id: mgr.id, n: 1 });
    expect((await row()).expires_at?.toISOString()).toBe(new Date(at).toISOString());
    // A manager who reports to the person would make a cycle: skipped, and said so before.
    await t.db.query(`update users set manager_id = $2 where id = $1`, [mgr.id, ps[1]!.id]);
    const cycle = await owner.post('/api/v1/bulk-actions', {
      action: 'set_manager',
      ids: [ps[1]!.id],
      params: { managerId: ps[0]!.id },
      dryRun: true,
    });
    expect(cycle.body).toMatchObject({ change: 0, skipped: { invalid_manager: 1 } });
  });

  it('destructive actions need the typed count; delete is undone by restoring, anonymise cannot be', async () => {
    const tag = `Del${randomUUID().slice(0, 6)}`;
    const ps = await people(tag, 3);
    const ids = ps.map((p) => p.id);
    const dry = await owner.post('/api/v1/bulk-actions', { action: 'delete', ids, dryRun: true });
    expect(dry.body).toMatchObject({ matched: 3, change: 3, confirm: '3', undoable: true });
    expectError(await owner.post('/api/v1/bulk-actions', { action: 'delete', ids }), 400, 'validation_failed');
    expectError(
      await owner.post('/api/v1/bulk-actions', { action: 'delete', ids, params: { confirm: '2' } }),
      400,
      'validation_failed',
    );
    const done = await start(owner, { action: 'delete', ids, params: { confirm: '3' } });
    expect(done).toMatchObject({ status: 'done', done: 3 });
    const deleted = await t.db.query(`select 1 from users where id = any($1::text[]) and deleted_at is not null`, [
      ids,
    ]);
    expect(deleted).toHaveLength(3);
    expect((await owner.post(`/api/v1/bulk-actions/${done.id}/undo`)).status).toBe(202);
    expect(await finished(owner, done.id)).toMatchObject({ status: 'undone', undone: 3 });
    const back = await t.db.query(`select 1 from users where id = any($1::text[]) and deleted_at is null`, [ids]);
    expect(back).toHaveLength(3);

    const gone = await people(`${tag}x`, 2, { status: 'deactivated' });
    const anon = await owner.post('/api/v1/bulk-actions', {
      action: 'anonymise',
      ids: gone.map((p) => p.id),
      dryRun: true,
    });
    expect(anon.body).toMatchObject({ change: 2, confirm: '2', undoable: false });
    const a = await start(owner, { action: 'anonymise', ids: gone.map((p) => p.id), params: { confirm: 2 } });
    expect(a).toMatchObject({ status: 'done', done: 2, undoUntil: null });
    for (const p of gone) expect(await statusOf(p.id)).toBe('anonymised');
    expectError(await owner.post(`/api/v1/bulk-actions/${a.id}/undo`), 409, 'conflict');
  });

  it('people out of scope are never acted on and only counted; the job is followed by its starter', async () => {
    const team = (await owner.post('/api/v1/teams', { name: `Scope ${randomUUID().slice(0, 6)}` })).body;
    const curator = await signedIn(t, 'curator');
    await t.db.query(
      `insert into permission_grants (id, user_id, permission, team_id) values ($1, $2, 'people.lifecycle', $3), ($4, $2, 'people.view', $3)`,
      [randomUUID(), curator.id, team.id, randomUUID()],
    );
    const curatorClient = await t.as(curator.email);
    const [inTeam, outside] = await people(`Scope${randomUUID().slice(0, 6)}`, 2);
    expect((await owner.post(`/api/v1/teams/${team.id}/members`, { userId: inTeam!.id })).status).toBeLessThan(300);
    const ids = [inTeam!.id, outside!.id, 'no-such-person'];
    const dry = await curatorClient.post('/api/v1/bulk-actions', { action: 'deactivate', ids, dryRun: true });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({ matched: 3, change: 1, outOfScope: 2, skipped: {} });
    const done = await start(curatorClient, { action: 'deactivate', ids });
    expect(done).toMatchObject({ status: 'done', done: 1, outOfScope: 2, processed: 3 });
    expect(await statusOf(inTeam!.id)).toBe('deactivated');
    expect(await statusOf(outside!.id)).toBe('confirmed');
    const csv = String((await curatorClient.get(`/api/v1/bulk-actions/${done.id}/results.csv`)).body);
    expect(csv).toContain(inTeam!.id);
    expect(csv).not.toContain(outside!.id);
    expect(csv).not.toContain('no-such-person');

    // Someone else (an Admin who did not start it) does not see it; a learner cannot start one.
    const admin = await signedIn(t, 'admin');
    expectError(await admin.client.get(`/api/v1/bulk-actions/${done.id}`), 404, 'not_found');
    const learner = await signedIn(t, 'learner');
    expectError(
      await learner.client.post('/api/v1/bulk-actions', { action: 'deactivate', ids, dryRun: true }),
      403,
      'forbidden',
    );
    expectError(
      await owner.post('/api/v1/bulk-actions', { action: 'deactivate', ids: [], dryRun: true }),
      400,
      'validation_failed',
    );
    expectError(
      await owner.post('/api/v1/bulk-actions', { action: 'deactivate', filter: { nope: 'x' }, dryRun: true }),
      400,
      'validation_failed',
    );
    expectError(
      await owner.post('/api/v1/bulk-actions', { action: 'set_role', ids, dryRun: true }),
      400,
      'validation_failed',
    );
  });
});
