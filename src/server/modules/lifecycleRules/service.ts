import { randomUUID } from 'node:crypto';
import type { Db, Sql } from '../../db/index';
import { systemActor, type Actor } from '../../core/actor';
import { now } from '../../core/clock';
import { AppError, notFound } from '../../core/errors';
import {
  LIFECYCLE_RULES,
  type LifecycleRule,
  type LifecycleRuleDto,
  type RulePreview,
  type RuleRunDto,
} from '../../../common/contract/lifecycle';
import type { Status } from '../../../common/domain';
import * as audit from '../audit/audit';
import { assertCan, visibleUsersSql } from '../access/policy';
import { kickBulkActions } from '../bulkActions/runner';
import { getBulkAction, recordBulkAction } from '../bulkActions/service';
import { remindManagers } from './remind';
import { RULE_ACTION, ruleWhere } from './selection';

/** Lifecycle rules (docs/decisions/024-lifecycle-rules.md): Owners and Admins (settings.manage) only. */

const PREVIEW_PEOPLE = 50;
const RUN_PEOPLE = 500;
const nameSql = (a: string) => `nullif(trim(${a}.first_name || ' ' || ${a}.last_name), '')`;

interface RuleRow {
  rule: LifecycleRule;
  enabled: boolean;
  days: number;
  updated_at: Date | null;
  updated_by: string | null;
  updated_by_name: string | null;
}

export async function listRules(sql: Sql, actor: Actor): Promise<LifecycleRuleDto[]> {
  assertCan(actor, 'settings.manage');
  const rows = await sql.query<RuleRow>(
    `select r.*, ${nameSql('u')} as updated_by_name from lifecycle_rules r left join users u on u.id = r.updated_by`,
  );
  const runs = await listRuns(sql, actor, { lastPerRule: true });
  return LIFECYCLE_RULES.map((rule) => {
    const r = rows.find((x) => x.rule === rule)!;
    return {
      rule,
      enabled: r.enabled,
      days: r.days,
      updatedAt: r.updated_at?.toISOString() ?? null,
      updatedBy: r.updated_by ? { id: r.updated_by, name: r.updated_by_name ?? '' } : null,
      lastRun: runs.find((x) => x.rule === rule) ?? null,
    };
  });
}

/** Switches a rule on or off, or changes its days; audited with before and after. */
export async function updateRule(
  tx: Sql,
  actor: Actor,
  rule: LifecycleRule,
  patch: { enabled?: boolean; days?: number },
): Promise<void> {
  assertCan(actor, 'settings.manage');
  const [before] = await tx.query<{ enabled: boolean; days: number }>(
    `select enabled, days from lifecycle_rules where rule = $1 for update`,
    [rule],
  );
  const after = { enabled: patch.enabled ?? before!.enabled, days: patch.days ?? before!.days };
  await tx.query(
    `update lifecycle_rules set enabled = $2, days = $3, updated_by = $4, updated_at = $5 where rule = $1`,
    [rule, after.enabled, after.days, actor.userId, now()],
  );
  await audit.record(tx, actor, {
    action: 'lifecycle_rule.updated',
    targetType: 'lifecycle_rule',
    targetId: rule,
    before: { enabled: before!.enabled, days: before!.days },
    after,
  });
}

/** Who the rule would affect if it ran now (with `days`, default its own), among the people the caller sees. */
export async function previewRule(
  sql: Sql,
  actor: Actor,
  rule: LifecycleRule,
  days?: number,
  at = now(),
): Promise<RulePreview> {
  assertCan(actor, 'settings.manage');
  const n = days ?? (await ruleOf(sql, rule)).days;
  const params: unknown[] = [];
  const scope = await visibleUsersSql(sql, actor, (v) => `$${params.push(v)}`);
  const r = ruleWhere(rule, n, at, params.length);
  params.push(...r.params);
  const where = `${scope} and ${r.where}`;
  const [{ count }] = (await sql.query<{ count: number }>(
    `select count(*)::int as count from users u where ${where}`,
    params,
  )) as [{ count: number }];
  const people = await sql.query<PersonRow>(
    `select u.id, ${nameSql('u')} as name, u.email, u.status from users u where ${where}
      order by u.last_name, u.first_name, u.id limit ${PREVIEW_PEOPLE}`,
    params,
  );
  return { rule, days: n, count, people: people.map(toPerson) };
}

interface PersonRow {
  id: string;
  name: string | null;
  email: string | null;
  status: Status;
}
const toPerson = (p: PersonRow) => ({
  id: p.id,
  name: p.name ?? p.email ?? '(no name)',
  email: p.email,
  status: p.status,
});

async function ruleOf(sql: Sql, rule: LifecycleRule, lock = false) {
  const [r] = await sql.query<{ enabled: boolean; days: number }>(
    `select enabled, days from lifecycle_rules where rule = $1 ${lock ? 'for update' : ''}`,
    [rule],
  );
  return r!;
}

/**
 * Runs one rule now: `by` an administrator's "Run now", or the daily job for `day` (once per rule and day: the
 * run's (rule, day) key). The rule's row is locked, so runs of one rule never overlap; a rule whose last run's
 * bulk action is still working is not run again until it has finished (the people it holds would be selected
 * twice). Changes are a bulk action started by the system, worked by the `bulk-actions` job; reminders are sent
 * here. Returns the run's id, or null when there was nothing to do (disabled, already run today, still busy).
 */
export async function runRule(
  db: Db,
  rule: LifecycleRule,
  how: { by: Actor } | { day: string },
  at = now(),
): Promise<string | null> {
  const id = randomUUID();
  const system = systemActor(`lifecycle_rule:${rule}`);
  const ran = await db.tx(async (tx) => {
    const r = await ruleOf(tx, rule, true);
    if (!r.enabled) {
      if ('by' in how) throw new AppError('conflict', 'Switch the rule on before running it.');
      return null;
    }
    const [busy] = await tx.query(
      `select 1 from lifecycle_rule_runs x join bulk_actions b on b.id = x.bulk_action_id
        where x.rule = $1 and b.status in ('queued', 'running')`,
      [rule],
    );
    if (busy) {
      if ('by' in how) throw new AppError('conflict', 'The last run of this rule is still working.');
      return null;
    }
    const inserted = await tx.query(
      `insert into lifecycle_rule_runs (id, rule, day, days, started_by, created_at)
       values ($1, $2, $3, $4, $5, $6) on conflict (rule, day) do nothing returning id`,
      [id, rule, 'day' in how ? how.day : null, r.days, 'by' in how ? how.by.userId : null, at],
    );
    if (!inserted.length) return null;
    let selected: number;
    let bulkActionId: string | null = null;
    if (rule === 'remind_expiry') selected = await remindManagers(tx, id, r.days, at);
    else {
      bulkActionId = randomUUID();
      const { where, params } = ruleWhere(rule, r.days, at);
      selected = await recordBulkAction(tx, system, {
        id: bulkActionId,
        action: RULE_ACTION[rule],
        params: {},
        target: { rule },
        createdBy: 'by' in how ? how.by.userId : null,
        people: { sql: `select u.id, row_number() over (order by u.id) as ord from users u where ${where}`, params },
      });
    }
    await tx.query(`update lifecycle_rule_runs set selected = $2, bulk_action_id = $3 where id = $1`, [
      id,
      selected,
      bulkActionId,
    ]);
    await audit.record(tx, 'by' in how ? how.by : system, {
      action: 'lifecycle_rule.run',
      targetType: 'lifecycle_rule',
      targetId: rule,
      after: { runId: id, days: r.days, selected, bulkActionId },
    });
    return { bulkActionId };
  });
  if (ran?.bulkActionId) kickBulkActions(db);
  return ran ? id : null;
}

/** The daily job: every enabled rule once per UTC day, whichever process gets there first. Returns the runs made. */
export async function runDailyRules(db: Db, at = now()): Promise<number> {
  const enabled = await db.query<{ rule: LifecycleRule }>(
    `select rule from lifecycle_rules r where enabled
        and not exists (select 1 from lifecycle_rule_runs x where x.rule = r.rule and x.day = $1)`,
    [at.toISOString().slice(0, 10)],
  );
  let n = 0;
  for (const { rule } of enabled) if (await runRule(db, rule, { day: at.toISOString().slice(0, 10) }, at)) n++;
  return n;
}

interface RunRow {
  id: string;
  rule: LifecycleRule;
  days: number;
  started_by: string | null;
  started_by_name: string | null;
  selected: number;
  created_at: Date;
  bulk_action_id: string | null;
}

/** The rules' runs, newest first (the last 50), or the last run of each rule. */
export async function listRuns(sql: Sql, actor: Actor, opts: { lastPerRule?: boolean } = {}): Promise<RuleRunDto[]> {
  assertCan(actor, 'settings.manage');
  const rows = await sql.query<RunRow>(
    opts.lastPerRule
      ? `select distinct on (x.rule) x.*, ${nameSql('u')} as started_by_name
           from lifecycle_rule_runs x left join users u on u.id = x.started_by order by x.rule, x.created_at desc`
      : `select x.*, ${nameSql('u')} as started_by_name
           from lifecycle_rule_runs x left join users u on u.id = x.started_by order by x.created_at desc limit 50`,
  );
  return Promise.all(rows.map((r) => toRunDto(sql, actor, r)));
}

export async function getRun(sql: Sql, actor: Actor, id: string): Promise<RuleRunDto> {
  assertCan(actor, 'settings.manage');
  const [r] = await sql.query<RunRow>(
    `select x.*, ${nameSql('u')} as started_by_name from lifecycle_rule_runs x left join users u on u.id = x.started_by where x.id = $1`,
    [id],
  );
  if (!r) throw notFound('Run');
  return toRunDto(sql, actor, r);
}

async function toRunDto(sql: Sql, actor: Actor, r: RunRow): Promise<RuleRunDto> {
  return {
    id: r.id,
    rule: r.rule,
    days: r.days,
    startedBy: r.started_by ? { id: r.started_by, name: r.started_by_name ?? '' } : null,
    selected: r.selected,
    createdAt: r.created_at.toISOString(),
    bulkAction: r.bulk_action_id ? await getBulkAction(sql, actor, r.bulk_action_id) : null,
  };
}

/** The people a run changed (its bulk action's done items) or reminded the manager of; the first 500 by name. */
export async function runPeople(sql: Sql, actor: Actor, id: string) {
  const run = await getRun(sql, actor, id);
  const rows = await sql.query<PersonRow>(
    run.bulkAction
      ? `select u.id, ${nameSql('u')} as name, u.email, u.status from bulk_action_items i join users u on u.id = i.user_id
          where i.bulk_action_id = $1 and i.state = 'done' order by u.last_name, u.first_name, u.id limit ${RUN_PEOPLE}`
      : `select u.id, ${nameSql('u')} as name, u.email, u.status from lifecycle_rule_run_people p join users u on u.id = p.user_id
          where p.run_id = $1 order by u.last_name, u.first_name, u.id limit ${RUN_PEOPLE}`,
    [run.bulkAction ? run.bulkAction.id : id],
  );
  return rows.map(toPerson);
}
