import { describe, expect, it } from 'vitest';
import { bulkActionsIdle } from '../../src/server/modules/bulkActions/runner';
import { sendExpiryWarnings } from '../../src/server/modules/notifications/sweeps';
import { expectError, signedIn } from '../helpers/api';
import { insertUser, type Client } from '../helpers/harness';
import { useApp } from '../helpers/useApp';

/**
 * Lifecycle rules (docs/decisions/024-lifecycle-rules.md): each rule's preview names exactly the people its run
 * then changes; a run is a system bulk action that an Admin can follow and undo; the rules are Owner/Admin only.
 */
const { t, owner } = useApp();
const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

const statusOf = async (id: string) =>
  (
    await t.db.query<{ status: string; deleted: boolean }>(
      `select status, deleted_at is not null as deleted from users where id = $1`,
      [id],
    )
  )[0]!;

async function person(opts: Parameters<typeof insertUser>[1] = {}, set: Record<string, unknown> = {}) {
  const u = await insertUser(t.db, opts);
  for (const [col, v] of Object.entries(set)) await t.db.query(`update users set ${col} = $2 where id = $1`, [u.id, v]);
  return u.id;
}

/** Preview (all of it: fewer than a page here), switch on, run now; the ids the run changed, and the run. */
async function previewAndRun(client: Client, rule: string, days: number) {
  const preview = await client.get(`/api/v1/lifecycle-rules/${rule}/preview?days=${days}`);
  expect(preview.status, JSON.stringify(preview.body)).toBe(200);
  expect(preview.body.count).toBe(preview.body.people.length);
  const on = await client.patch(`/api/v1/lifecycle-rules/${rule}`, { enabled: true, days });
  expect(on.status, JSON.stringify(on.body)).toBe(200);
  expect(on.body).toMatchObject({ rule, enabled: true, days });
  const run = await client.post(`/api/v1/lifecycle-rules/${rule}/run`);
  expect(run.status, JSON.stringify(run.body)).toBe(202);
  await bulkActionsIdle(t.db);
  const done = await client.get(`/api/v1/lifecycle-rules/runs/${run.body.id}`);
  const changed = await client.get(`/api/v1/lifecycle-rules/runs/${run.body.id}/people`);
  expect(changed.status).toBe(200);
  const ids = (xs: { id: string }[]) => xs.map((p) => p.id).sort();
  // THE property: what the preview listed is what the run changed. Anonymisation erases the person from the
  // run's items too (bulkActions/personalData.ts): that run counts them and names nobody.
  if (rule === 'anonymise_deactivated') expect(changed.body.items).toEqual([]);
  else expect(ids(changed.body.items)).toEqual(ids(preview.body.people));
  expect(done.body.selected).toBe(preview.body.count);
  if (done.body.bulkAction) expect(done.body.bulkAction.done).toBe(preview.body.count);
  return { preview: ids(preview.body.people), run: done.body };
}

describe('lifecycle rules', () => {
  it('are for Owners and Admins only, start switched off, and a switched-off rule does not run', async () => {
    const hr = await signedIn(t, 'hr');
    expectError(await hr.client.get('/api/v1/lifecycle-rules'), 403, 'forbidden');
    expectError(await hr.client.get('/api/v1/lifecycle-rules/deactivate_inactive/preview'), 403, 'forbidden');
    expectError(await hr.client.post('/api/v1/lifecycle-rules/deactivate_inactive/run'), 403, 'forbidden');
    const list = await owner.get('/api/v1/lifecycle-rules');
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { rule: string; enabled: boolean }) => [r.rule, r.enabled])).toEqual([
      ['deactivate_inactive', false],
      ['anonymise_deactivated', false],
      ['delete_unaccepted_invitations', false],
      ['remind_expiry', false],
    ]);
    expectError(await owner.post('/api/v1/lifecycle-rules/deactivate_inactive/run'), 409, 'conflict');
  });

  it('deactivate after N days without sign-in: the preview is the run, an Admin undoes it', async () => {
    const admin = await signedIn(t, 'admin');
    const idle = await person({}, { last_sign_in_at: ago(100) });
    const neverSince = await person({}, { confirmed_at: ago(95) });
    const recent = await person({}, { last_sign_in_at: ago(10) });
    const onBreak = await person({}, { last_sign_in_at: ago(100), on_break: true });
    const hrManaged = await person({}, { last_sign_in_at: ago(100), managed_by: 'scim' });
    const anOwner = await person({ role: 'owner' }, { last_sign_in_at: ago(100) });

    const { preview, run } = await previewAndRun(admin.client, 'deactivate_inactive', 90);
    expect(preview).toEqual([idle, neverSince].sort());
    expect(run.bulkAction).toMatchObject({ action: 'deactivate', status: 'done', done: 2, skipped: 0 });
    expect(run.startedBy.id).toBe(admin.id);
    for (const id of [idle, neverSince]) expect((await statusOf(id)).status).toBe('deactivated');
    for (const id of [recent, onBreak, hrManaged, anOwner]) expect((await statusOf(id)).status).toBe('confirmed');
    // Through the state machine, as the system, audited with the run's cause.
    const history = await t.db.query(
      `select 1 from status_history where user_id = any($1::text[]) and to_status = 'deactivated' and actor_id is null`,
      [[idle, neverSince]],
    );
    expect(history).toHaveLength(2);
    const audited = await t.db.query(`select actor_id from audit_log where action = 'lifecycle_rule.run'`);
    expect(audited).toEqual([{ actor_id: admin.id }]);

    // Undo within 7 days: the bulk action's own undo, allowed to the Admins who manage the rules.
    expect(run.bulkAction.undoUntil).not.toBeNull();
    const undo = await admin.client.post(`/api/v1/bulk-actions/${run.bulkAction.id}/undo`);
    expect(undo.status, JSON.stringify(undo.body)).toBe(202);
    await bulkActionsIdle(t.db);
    const after = await admin.client.get(`/api/v1/lifecycle-rules/runs/${run.id}`);
    expect(after.body.bulkAction).toMatchObject({ status: 'undone', undone: 2, undoRefused: 0 });
    for (const id of [idle, neverSince]) expect((await statusOf(id)).status).toBe('confirmed');
    // Someone who cannot manage the rules cannot follow the system's bulk action.
    const hr = await signedIn(t, 'hr');
    expectError(await hr.client.get(`/api/v1/bulk-actions/${run.bulkAction.id}`), 404, 'not_found');
    await owner.patch('/api/v1/lifecycle-rules/deactivate_inactive', { enabled: false });
  });

  it('anonymise N days after deactivation: the preview is the run, and it cannot be undone', async () => {
    const old = await person({ status: 'deactivated' });
    const fresh = await person({ status: 'deactivated' });
    for (const [id, days] of [
      [old, 400],
      [fresh, 10],
    ] as const)
      await t.db.query(
        `insert into status_history (user_id, from_status, to_status, event, at) values ($1, 'confirmed', 'deactivated', 'deactivate', $2)`,
        [id, ago(days)],
      );
    const { preview, run } = await previewAndRun(owner, 'anonymise_deactivated', 365);
    expect(preview).toEqual([old]);
    expect((await statusOf(old)).status).toBe('anonymised');
    expect((await statusOf(fresh)).status).toBe('deactivated');
    expect(run.bulkAction).toMatchObject({ action: 'anonymise', done: 1, undoUntil: null });
    expectError(await owner.post(`/api/v1/bulk-actions/${run.bulkAction.id}/undo`), 409, 'conflict');
    await owner.patch('/api/v1/lifecycle-rules/anonymise_deactivated', { enabled: false });
  });

  it('delete never-accepted invitations after N days: pending or expired unaccepted only; undo restores', async () => {
    const pending = await person({ status: 'invite_pending' }, { invited_at: ago(40) });
    const expiredUnaccepted = await person(
      { status: 'expired' },
      { invited_at: ago(45), status_before_expiry: 'invite_pending', confirmed_at: null },
    );
    const recent = await person({ status: 'invite_pending' }, { invited_at: ago(5) });
    const hrManaged = await person({ status: 'invite_pending' }, { invited_at: ago(40), managed_by: 'scim' });
    const deactivated = await person(
      { status: 'deactivated' },
      { invited_at: ago(40), status_before_deactivation: 'invite_pending', confirmed_at: null },
    );
    const accepted = await person({}, { invited_at: ago(60) });

    const { preview, run } = await previewAndRun(owner, 'delete_unaccepted_invitations', 30);
    expect(preview).toEqual([pending, expiredUnaccepted].sort());
    for (const id of [pending, expiredUnaccepted]) expect((await statusOf(id)).deleted).toBe(true);
    for (const id of [recent, hrManaged, deactivated, accepted]) expect((await statusOf(id)).deleted).toBe(false);
    expect((await owner.post(`/api/v1/bulk-actions/${run.bulkAction.id}/undo`)).status).toBe(202);
    await bulkActionsIdle(t.db);
    for (const id of [pending, expiredUnaccepted]) expect((await statusOf(id)).deleted).toBe(false);
    await owner.patch('/api/v1/lifecycle-rules/delete_unaccepted_invitations', { enabled: false });
  });

  it("remind managers N days before a report's end date: once per end date, the preview is who is covered", async () => {
    const manager = await insertUser(t.db, { firstName: 'Mona' });
    const soon = await person(
      { managerId: manager.id, firstName: 'Leaving' },
      { expires_at: new Date(Date.now() + 5 * DAY) },
    );
    await person({ managerId: manager.id }, { expires_at: new Date(Date.now() + 60 * DAY) });
    await person({}, { expires_at: new Date(Date.now() + 5 * DAY) });
    const { preview, run } = await previewAndRun(owner, 'remind_expiry', 14);
    // Not the one whose end date is 60 days away, nor the one with no manager to tell.
    expect(preview).toEqual([soon]);
    expect(run.bulkAction).toBeNull();
    // The expiry warnings' sweep also tells a manager about a report leaving within 14 days.
    await sendExpiryWarnings(t.db);
    await t.sweep();
    const mail = await t.db.query<{ subject: string }>(`select subject from mailbox where to_address = $1`, [
      manager.email,
    ]);
    // Told once: the sweep and the rule take the same key.
    expect(mail.filter((m) => m.subject.includes('Leaving'))).toHaveLength(1);
    // Covered once: the next run finds nobody.
    const again = await owner.post('/api/v1/lifecycle-rules/remind_expiry/run');
    expect(again.body.selected).toBe(0);
    await owner.patch('/api/v1/lifecycle-rules/remind_expiry', { enabled: false });
  });
});
