import { beforeAll, describe, expect, it } from 'vitest';
import { signedIn } from '../helpers/api';
import { insertUser, type Client } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import type { DataQuality, DataQualityKind, Finding } from '../../src/common/contract/dataQuality';

/**
 * The data-quality radar (docs/decisions/020-insight.md) against an organisation whose findings are known:
 *
 * duplicates       Jane Doe (jane.doe@acme.com) and jane doe (janedoe+old@other.com): same name, same local part;
 *                  Kim (E-042) and Lee (e042): the same employee id written differently;
 *                  not Jane Doe (jd@third.org): same name, but neither the domain nor the local part is alike
 * deactivated      Max (deactivated) manages Rae (confirmed, a finding) and Ray (deactivated, not one)
 * dangling         Mo (deleted) manages Rob, Ana (anonymised) manages Ros
 * no team          everyone active is in Sales except Nat (and Una, not invited yet: she will join)
 * expired link     Pia (pending, link expired yesterday); Pat's link is still good
 */
const { t, owner } = useApp();
const DAY = 86_400_000;
const ids: Record<string, string> = {};
let hr: Client;

async function person(key: string, opts: Parameters<typeof insertUser>[1] = {}, set: Record<string, unknown> = {}) {
  ids[key] = (await insertUser(t.db, { firstName: key, lastName: 'Seed', email: `${key}@example.com`, ...opts })).id;
  for (const [column, value] of Object.entries(set))
    await t.db.query(`update users set ${column} = $2 where id = $1`, [ids[key], value]);
}

const invitation = (key: string, expiresInDays: number) =>
  t.db.query(
    `insert into invitations (id, user_id, token_hash, created_at, expires_at, state)
     values (gen_random_uuid()::text, $1, gen_random_uuid()::text, now() - interval '15 days', $2, 'active')`,
    [ids[key], new Date(Date.now() + expiresInDays * DAY)],
  );

const idsOf = (items: { person: { id: string } }[]) => items.map((i) => i.person.id).sort();
const sorted = (...keys: string[]) => keys.map((k) => ids[k]).sort();

async function findings() {
  const res = await owner.get('/api/v1/reports/data-quality');
  expect(res.status).toBe(200);
  return Object.fromEntries((res.body as DataQuality).findings.map((f) => [f.kind, f])) as Record<
    DataQualityKind,
    Finding
  >;
}

beforeAll(async () => {
  hr = (await signedIn(t, 'hr', { email: 'hana@example.com' })).client;
  await person('jane1', { firstName: 'Jane', lastName: 'Doe', email: 'jane.doe@acme.com' });
  await person('jane2', { firstName: 'jane', lastName: 'doe ', email: 'janedoe+old@other.com' });
  await person('jane3', { firstName: 'Jane', lastName: 'Doe', email: 'jd@third.org' });
  await person('kim', {}, { employee_id: 'E-042' });
  await person('lee', {}, { employee_id: 'e042' });
  await person('max', { status: 'deactivated' });
  await person('rae', { managerId: ids.max });
  await person('ray', { status: 'deactivated', managerId: ids.max });
  await person('mo');
  await person('rob', { managerId: ids.mo });
  await t.db.query(`update users set deleted_at = now() where id = $1`, [ids.mo]);
  await person('ana', { status: 'anonymised' });
  await person('ros', { managerId: ids.ana });
  await person('nat');
  await person('una', { status: 'not_invited' });
  await person('pia', { status: 'invite_pending' });
  await person('pat', { status: 'invite_pending' });
  await invitation('pia', -1);
  await invitation('pat', 5);
  const team = await owner.post('/api/v1/teams', { name: 'Sales' });
  expect(team.status).toBe(201);
  await t.db.query(
    `insert into team_members (team_id, user_id)
     select $1, id from users where deleted_at is null and id <> all($2::text[])`,
    [team.body.id, [ids.nat, ids.una]],
  );
});

describe('GET /api/v1/reports/data-quality', () => {
  it('finds the seeded problems and nothing else', async () => {
    const f = await findings();
    expect(f.duplicate.total).toBe(2);
    const pairs = f.duplicate.items.map((i) => [[i.person.id, i.other!.id].sort(), i.reason]);
    expect(pairs).toEqual(
      expect.arrayContaining([
        [sorted('jane1', 'jane2'), 'name_and_email'],
        [sorted('kim', 'lee'), 'employee_id'],
      ]),
    );
    expect(f.deactivated_manager.total).toBe(1);
    expect(f.deactivated_manager.items[0]).toMatchObject({ person: { id: ids.rae }, other: { id: ids.max } });
    expect(idsOf(f.dangling_manager.items)).toEqual(sorted('rob', 'ros'));
    expect(idsOf(f.no_team.items)).toEqual(sorted('nat', 'una'));
    expect(f.expired_invitation.total).toBe(1);
    expect(idsOf(f.expired_invitation.items)).toEqual([ids.pia]);
  });

  it('is for Owners, Admins and HR only', async () => {
    const learner = (await signedIn(t, 'learner')).client;
    expect((await learner.get('/api/v1/reports/data-quality')).status).toBe(403);
    expect((await hr.get('/api/v1/reports/data-quality')).status).toBe(200);
    expect((await learner.post('/api/v1/reports/data-quality/fix', { kind: 'dangling_manager' })).status).toBe(403);
  });
});

describe('POST /api/v1/reports/data-quality/fix', () => {
  it('sends expired links a new invitation', async () => {
    const res = await owner.post('/api/v1/reports/data-quality/fix', { kind: 'expired_invitation' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ matched: 1, fixed: 1, failed: 0 });
    const [row] = await t.db.query(`select count(*)::int as n from invitations where user_id = $1`, [ids.pia]);
    expect(row!.n).toBe(2);
    expect((await findings()).expired_invitation.total).toBe(0);
  });

  it("clears the line to a deleted or anonymised manager, audited as each person's edit", async () => {
    const res = await owner.post('/api/v1/reports/data-quality/fix', { kind: 'dangling_manager' });
    expect(res.body).toEqual({ matched: 2, fixed: 2, failed: 0 });
    const rows = await t.db.query(`select manager_id from users where id = any($1::text[])`, [[ids.rob, ids.ros]]);
    expect(rows).toEqual([{ manager_id: null }, { manager_id: null }]);
    const audited = await t.db.query(`select 1 from audit_log where target_id = any($1::text[])`, [[ids.rob, ids.ros]]);
    expect(audited.length).toBeGreaterThanOrEqual(2);
    expect((await findings()).dangling_manager.total).toBe(0);
  });

  it('refuses a finding it cannot fix in one step', async () => {
    expect((await owner.post('/api/v1/reports/data-quality/fix', { kind: 'duplicate' })).status).toBe(400);
  });
});

describe('a finding with more people than it lists', () => {
  it('lists the first 50 in name order and counts them all', async () => {
    const before = (await findings()).no_team.total;
    for (let i = 0; i < 57; i++)
      await insertUser(t.db, { firstName: 'Many', lastName: `Teamless ${String(i).padStart(2, '0')}` });
    const f = (await findings()).no_team;
    expect(f.total).toBe(before + 57);
    expect(f.items).toHaveLength(50);
    const listed = await t.db.query<{ id: string }>(
      `select id from users where id = any($1::text[]) order by sort_name, id`,
      [f.items.map((i) => i.person.id)],
    );
    expect(f.items.map((i) => i.person.id)).toEqual(listed.map((r) => r.id));
  });
});
