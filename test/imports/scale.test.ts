import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { commitChunk } from '../../src/server/modules/imports/apply';
import { commitImport } from '../../src/server/modules/imports/service';
import type { Actor } from '../../src/server/core/actor';
import { commit, preview, rowsOf, waitFor } from './helpers';

const { t, owner } = useApp();
beforeAll(async () => {
  await owner.post('/api/v1/custom-fields', { key: 'badge', label: 'Badge', type: 'text', unique: true });
});

/** 10,000 rows; every 10th has a bad email, every 15th an unknown role, every 25th repeats an earlier email. */
function bigFile(n: number): { text: string; errors: number } {
  const lines = ['email,firstName,lastName,role,department,cf.badge,managerEmail'];
  let errors = 0;
  for (let i = 1; i <= n; i++) {
    let email = `big${i}@example.com`;
    let role = 'learner';
    if (i % 10 === 0) email = `big${i}-at-example.com`;
    else if (i % 15 === 0) role = 'wizard';
    else if (i % 25 === 0) email = `big${i - 1}@example.com`;
    if (i % 10 === 0 || i % 15 === 0 || i % 25 === 0) errors++;
    // Everyone reports to the person on the next line up (a long chain, in reverse file order for half of it).
    const manager = i > 1 && i % 2 === 0 ? `big${i + 1}@example.com` : '';
    lines.push(`${email},First${i},Last${i},${role},Dept ${i % 7},B${i},${manager}`);
  }
  return { text: lines.join('\n') + '\n', errors };
}

describe('large files', () => {
  it('previews and commits 10,000 rows with mixed errors', { timeout: 120_000 }, async () => {
    const { text, errors } = bigFile(10_000);
    const p = await preview(t, owner, text);
    expect(p.state).toBe('previewed');
    expect(p.counts.error).toBeGreaterThanOrEqual(errors);
    expect(p.counts.create + p.counts.error).toBe(10_000);
    const bad = await owner.get(`/api/v1/imports/${p.id}/rows?action=error&limit=5`);
    expect(bad.body.total).toBe(p.counts.error);
    expect(bad.body.items[0]).toMatchObject({ line: 11, errors: [{ column: 'email' }] });
    const done = await commit(owner, p.id);
    expect(done.counts).toMatchObject({ create: p.counts.create, error: p.counts.error });
    const [{ n }] = await t.db.query(`select count(*)::int as n from users where email like 'big%'`);
    expect(n).toBe(p.counts.create);
    // Managers created by the file are linked, with their stored reporting line.
    const [u] = await t.db.query(
      `select u.manager_path, m.email as manager, m.id as mid from users u join users m on m.id = u.manager_id where u.email = 'big2@example.com'`,
    );
    expect(u).toMatchObject({ manager: 'big3@example.com', manager_path: `/${u.mid}/` });
  });

  it(
    'two imports of the same people at once: each person is created once, the other rows conflict clearly',
    { timeout: 120_000 },
    async () => {
      const rows = (title: string) =>
        [
          'email,firstName,jobTitle',
          ...Array.from({ length: 600 }, (_, i) => `same${i}@example.com,Same${i},${title}`),
        ].join('\n');
      const a = await preview(t, owner, rows('From A'), { mode: 'add_update' });
      const b = await preview(t, owner, rows('From B'), { mode: 'add_update' });
      expect([a.counts.create, b.counts.create]).toEqual([600, 600]);
      const [ca, cb] = await Promise.all([
        owner.post(`/api/v1/imports/${a.id}/commit`),
        owner.post(`/api/v1/imports/${b.id}/commit`),
      ]);
      expect([ca.status, cb.status]).toEqual([202, 202]);
      const [da, db] = [
        await waitFor(owner, a.id, ['completed', 'failed']),
        await waitFor(owner, b.id, ['completed', 'failed']),
      ];
      expect(da.counts.create + db.counts.create).toBe(600);
      expect(da.counts.error + db.counts.error).toBe(600);
      const [{ n, titles }] = await t.db.query(
        `select count(*)::int as n, count(distinct job_title)::int as titles from users where email like 'same%'`,
      );
      expect(n).toBe(600);
      expect(titles).toBeGreaterThanOrEqual(1);
      const failed = [...(await rowsOf(owner, a.id, '&action=error')), ...(await rowsOf(owner, b.id, '&action=error'))];
      expect(failed[0]).toMatchObject({
        outcome: 'failed',
        errors: [{ message: expect.stringMatching(/created after the preview/) }],
      });
    },
  );

  it(
    'interleaved chunks of two imports re-plan against each other: updates apply in turn, creates never duplicate',
    { timeout: 120_000 },
    async () => {
      const [{ id: ownerId }] = await t.db.query(`select id from users where role = 'owner' limit 1`);
      const actor: Actor = { type: 'user', userId: ownerId, role: 'owner', grants: [] };
      const file = (title: string) =>
        [
          'email,firstName,jobTitle',
          ...Array.from({ length: 300 }, (_, i) => `mix${i}@example.com,Mix${i},${title}`),
        ].join('\n');
      const a = await preview(t, owner, file('A'), { mode: 'add_update' });
      const b = await preview(t, owner, file('B'), { mode: 'add_update' });
      // Committed without the background runner: this test drives the chunks itself, alternately.
      await t.db.tx((tx) => commitImport(tx, actor, a.id));
      await t.db.tx((tx) => commitImport(tx, actor, b.id));
      const optsOf = async (id: string) =>
        (await t.db.query(`select options from imports where id = $1`, [id]))[0]!.options;
      const [oa, ob] = [await optsOf(a.id), await optsOf(b.id)];
      for (let moved = 1; moved > 0;)
        moved =
          (await commitChunk(t.db, a.id, { ...actor, cause: `import:${a.id}` }, oa, 50)) +
          (await commitChunk(t.db, b.id, { ...actor, cause: `import:${b.id}` }, ob, 50));
      const [{ n }] = await t.db.query(`select count(*)::int as n from users where email like 'mix%'`);
      expect(n).toBe(300);
      const failedA = await rowsOf(owner, a.id, '&action=error');
      const failedB = await rowsOf(owner, b.id, '&action=error');
      expect(failedA.length + failedB.length).toBe(300);
      expect(
        [...failedA, ...failedB].every(
          (r) => r.outcome === 'failed' && /created after the preview/.test(r.errors[0].message),
        ),
      ).toBe(true);
      // Each person was created by exactly one of the two imports, with that import's values.
      const created = await t.db.query(
        `select u.job_title, a.cause from users u join audit_log a on a.target_id = u.id and a.action = 'user.created' where u.email like 'mix%'`,
      );
      expect(created).toHaveLength(300);
      expect(created.every((c) => (c.job_title === 'A') === (c.cause === `import:${a.id}`))).toBe(true);
    },
  );
});
