import { expect, it } from 'vitest';
import type { Actor } from '../../src/server/core/actor';
import { runBulkActions } from '../../src/server/modules/bulkActions/runner';
import { runDailyRules } from '../../src/server/modules/lifecycleRules/service';
import { applyDueChanges } from '../../src/server/modules/scheduledChanges/apply';
import { scheduleChange } from '../../src/server/modules/scheduledChanges/service';
import { insertUser } from '../helpers/harness';
import { useTwoProcesses } from '../helpers/useApp';

// Two "processes": two connection pools on one PostgreSQL database (on PGlite, one serialised connection
// used by two callers at once). The daily rules run once a day and each scheduled change is applied once.
const { db, second } = useTwoProcesses();
const DAY = 86_400_000;

it('runs each enabled rule once a day with two processes racing, and again the next day', async () => {
  const idle = [];
  for (let i = 0; i < 5; i++) {
    const u = await insertUser(db);
    await db.query(`update users set last_sign_in_at = $2 where id = $1`, [u.id, new Date(Date.now() - 100 * DAY)]);
    idle.push(u.id);
  }
  await db.query(
    `update lifecycle_rules set enabled = true, days = 90 where rule in ('deactivate_inactive', 'remind_expiry')`,
  );
  const at = new Date();
  const [a, b] = await Promise.all([runDailyRules(db, at), runDailyRules(second, at)]);
  expect(a + b).toBe(2);
  expect(await runDailyRules(db, new Date(at.getTime() + 60_000))).toBe(0);
  const runs = await db.query<{ rule: string; selected: number }>(
    `select rule, selected from lifecycle_rule_runs order by rule`,
  );
  expect(runs).toEqual([
    { rule: 'deactivate_inactive', selected: 5 },
    { rule: 'remind_expiry', selected: 0 },
  ]);
  const signal = new AbortController().signal;
  await Promise.all([runBulkActions(db, signal), runBulkActions(second, signal)]);
  const [{ n }] = (await db.query<{ n: number }>(
    `select count(*)::int as n from status_history where user_id = any($1::text[]) and to_status = 'deactivated'`,
    [idle],
  )) as [{ n: number }];
  expect(n).toBe(5);
  // The next day is a new run (of nobody: they are deactivated now).
  expect(await runDailyRules(db, new Date(at.getTime() + DAY))).toBe(2);
  const [{ selected }] = (await db.query<{ selected: number }>(
    `select selected from lifecycle_rule_runs where rule = 'deactivate_inactive' order by created_at desc limit 1`,
  )) as [{ selected: number }];
  expect(selected).toBe(0);
});

it('applies each of 60 due scheduled changes exactly once with two processes racing', async () => {
  const owner = await insertUser(db, { role: 'owner' });
  const actor: Actor = { type: 'user', userId: owner.id, role: 'owner' };
  const ids: string[] = [];
  const people: string[] = [];
  for (let i = 0; i < 60; i++) {
    const p = await insertUser(db);
    people.push(p.id);
    const c = await db.tx((tx) =>
      scheduleChange(tx, actor, p.id, {
        action: 'set_role',
        params: { role: 'reporter' },
        effectiveAt: new Date(Date.now() + DAY).toISOString(),
      }),
    );
    ids.push(c.id);
  }
  const at = new Date(Date.now() + 2 * DAY);
  const [a, b] = await Promise.all([applyDueChanges(db, at), applyDueChanges(second, at)]);
  expect(a + b).toBe(60);
  const states = await db.query<{ status: string; n: number }>(
    `select status, count(*)::int as n from scheduled_changes where id = any($1::text[]) group by status`,
    [ids],
  );
  expect(states).toEqual([{ status: 'applied', n: 60 }]);
  const audited = await db.query<{ n: number }>(
    `select count(*)::int as n from audit_log where action = 'user.updated' and cause like 'scheduled_change:%'
      and target_id = any($1::text[])`,
    [people],
  );
  expect(audited).toEqual([{ n: 60 }]);
  const roles = await db.query(`select 1 from users where id = any($1::text[]) and role = 'reporter'`, [people]);
  expect(roles).toHaveLength(60);
});
