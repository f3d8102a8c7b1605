import { describe, expect, it } from 'vitest';
import { applyDueChanges } from '../../src/server/modules/scheduledChanges/apply';
import { expectError, inFuture, inPast, signedIn } from '../helpers/api';
import { insertUser } from '../helpers/harness';
import { useApp } from '../helpers/useApp';

/**
 * Effective-dated changes (docs/decisions/024-lifecycle-rules.md): scheduled on a profile, checked then,
 * listed as upcoming, cancellable, applied by the job on their date with the scheduler's rights re-checked.
 */
const { t, owner } = useApp();

const changes = (id: string) => `/api/v1/users/${id}/scheduled-changes`;
/** The change's date has come (the job compares with its clock). */
const due = (changeId: string) =>
  t.db.query(`update scheduled_changes set effective_at = $2 where id = $1`, [changeId, inPast(1000)]);
const userRow = async (id: string) =>
  (
    await t.db.query<{ manager_id: string | null; role: string }>(`select manager_id, role from users where id = $1`, [
      id,
    ])
  )[0]!;

describe('scheduled changes', () => {
  it('a manager change is listed as upcoming, applied once on its date, audited with who scheduled it', async () => {
    const p = await insertUser(t.db);
    const boss = await insertUser(t.db, { firstName: 'Boss' });
    const made = await owner.post(changes(p.id), {
      action: 'set_manager',
      params: { managerId: boss.id },
      effectiveAt: inFuture(7 * 86_400_000),
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ action: 'set_manager', status: 'pending', scheduledBy: { name: 'Olive Owner' } });
    const list = await owner.get(changes(p.id));
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([made.body.id]);
    // Not yet: nothing happens before its date.
    expect(await applyDueChanges(t.db)).toBe(0);
    expect((await userRow(p.id)).manager_id).toBeNull();

    await due(made.body.id);
    expect(await applyDueChanges(t.db)).toBe(1);
    expect(await applyDueChanges(t.db)).toBe(0);
    expect((await userRow(p.id)).manager_id).toBe(boss.id);
    const [after] = (await owner.get(changes(p.id))).body.items;
    expect(after).toMatchObject({ status: 'applied', reason: null });
    const audit = await t.db.query<{ action: string; actor_id: string }>(
      `select action, actor_id from audit_log where target_id = $1 and (cause = $2 or action like 'scheduled_change.%') order by id`,
      [p.id, `scheduled_change:${made.body.id}`],
    );
    const ownerId = (await t.db.query<{ id: string }>(`select id from users where email = 'owner@example.com'`))[0]!.id;
    expect(audit).toEqual([
      { action: 'scheduled_change.created', actor_id: ownerId },
      { action: 'user.updated', actor_id: ownerId },
      { action: 'scheduled_change.applied', actor_id: ownerId },
    ]);
  });

  it('team add and remove, role and end date are applied; a cancelled change is not', async () => {
    const p = await insertUser(t.db);
    const team = (await owner.post('/api/v1/teams', { name: `Movers ${p.id.slice(0, 6)}` })).body;
    const at = inFuture();
    const ends = inFuture(90 * 86_400_000);
    const ids: string[] = [];
    for (const body of [
      { action: 'add_to_team', params: { teamId: team.id } },
      { action: 'set_role', params: { role: 'reporter' } },
      { action: 'set_expiry', params: { expiresAt: ends } },
    ]) {
      const res = await owner.post(changes(p.id), { ...body, effectiveAt: at });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.push(res.body.id);
    }
    expect((await owner.delete(`${changes(p.id)}/${ids[1]}`)).status).toBe(204);
    expectError(await owner.delete(`${changes(p.id)}/${ids[1]}`), 409, 'conflict');
    for (const id of ids) await due(id);
    expect(await applyDueChanges(t.db)).toBe(2);
    const [row] = await t.db.query<{ role: string; expires_at: Date; in_team: boolean }>(
      `select role, expires_at, exists(select 1 from team_members where team_id = $2 and user_id = u.id) as in_team
         from users u where id = $1`,
      [p.id, team.id],
    );
    expect(row).toMatchObject({ role: 'learner', in_team: true });
    expect(row!.expires_at.toISOString()).toBe(new Date(ends).toISOString());
    const removal = await owner.post(changes(p.id), {
      action: 'remove_from_team',
      params: { teamId: team.id },
      effectiveAt: at,
    });
    await due(removal.body.id);
    await applyDueChanges(t.db);
    const [left] = await t.db.query(`select 1 from team_members where team_id = $1 and user_id = $2`, [team.id, p.id]);
    expect(left).toBeUndefined();
  });

  it('is checked when scheduled: scope (404), rights (403), a past date, nothing to change', async () => {
    const p = await insertUser(t.db);
    const learner = await signedIn(t, 'learner');
    expectError(await learner.client.get(changes(p.id)), 404, 'not_found');
    const body = { action: 'set_role', params: { role: 'reporter' }, effectiveAt: inFuture() };
    expectError(await learner.client.post(changes(p.id), body), 404, 'not_found');
    // Their own report: visible, but a manager may not change roles.
    const report = await insertUser(t.db, { managerId: learner.id });
    expectError(await learner.client.post(changes(report.id), body), 403, 'forbidden');
    expectError(await owner.post(changes(p.id), { ...body, effectiveAt: inPast() }), 400, 'validation_failed');
    expectError(await owner.post(changes(p.id), { ...body, params: { role: 'learner' } }), 409, 'conflict');
    const hr = await signedIn(t, 'hr');
    // HR may not hand out the Admin role (the ladder), now or later.
    expectError(await hr.client.post(changes(p.id), { ...body, params: { role: 'admin' } }), 403, 'forbidden');
  });

  it('is checked again when applied: a scheduler who lost the right, or left, has the change refused', async () => {
    const p = await insertUser(t.db);
    const q = await insertUser(t.db);
    const admin = await signedIn(t, 'admin');
    const hr = await signedIn(t, 'hr');
    const a = await admin.client.post(changes(p.id), {
      action: 'set_role',
      params: { role: 'reporter' },
      effectiveAt: inFuture(),
    });
    const b = await hr.client.post(changes(q.id), {
      action: 'set_expiry',
      params: { expiresAt: inFuture(30 * 86_400_000) },
      effectiveAt: inFuture(),
    });
    expect([a.status, b.status]).toEqual([201, 201]);
    // The Admin is now a learner (sees nobody else); the HR person has left.
    await t.db.query(`update users set role = 'learner' where id = $1`, [admin.id]);
    await t.db.query(`update users set status = 'deactivated' where id = $1`, [hr.id]);
    await due(a.body.id);
    await due(b.body.id);
    expect(await applyDueChanges(t.db)).toBe(2);
    expect((await userRow(p.id)).role).toBe('learner');
    const [ca] = (await owner.get(changes(p.id))).body.items;
    const [cb] = (await owner.get(changes(q.id))).body.items;
    expect(ca).toMatchObject({ status: 'refused', reason: 'out_of_scope' });
    expect(cb).toMatchObject({ status: 'refused', reason: 'not_allowed' });
    const refused = await t.db.query(`select 1 from audit_log where action = 'scheduled_change.refused'`);
    expect(refused).toHaveLength(2);
  });
});
