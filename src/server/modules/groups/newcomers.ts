import type { Sql } from '../../db/index';
import { isMember, type Subject } from './evaluate';
import { loadRuleSet } from './ruleSet';

/** A person planned but not written yet (a CSV import's preview): what rules can know before the row exists. */
export type Newcomer = Pick<
  Subject,
  | 'email'
  | 'status'
  | 'role'
  | 'managerId'
  | 'department'
  | 'location'
  | 'jobTitle'
  | 'language'
  | 'hireDate'
  | 'customFields'
  | 'teamIds'
  | 'ancestors'
>;

/**
 * Which of `groupIds` a newcomer would join, judged in memory by the evaluator refreshFor uses (evaluate.ts), so
 * a preview says what the commit's refresh will do. A newcomer is created today, active in no course, on no break.
 * An invalid group (its rules name a deleted field) matches nobody, as in refreshFor.
 */
export async function groupsJoinedBy(sql: Sql, groupIds: readonly string[]): Promise<(p: Newcomer) => string[]> {
  const set = await loadRuleSet(sql);
  const wanted = set.groups.filter((g) => groupIds.includes(g.id));
  const [row] = await sql.query<{ today: string; paths: Record<string, string> }>(
    `select to_char((now() at time zone 'UTC')::date, 'YYYY-MM-DD') as today,
       (select coalesce(json_object_agg(id, path), '{}') from teams) as paths`,
  );
  const ctx = { teamPaths: new Map(Object.entries(row!.paths)), customFields: set.customFields, today: row!.today };
  return (p) => {
    const subject: Subject = { ...p, id: '', createdOn: ctx.today, onBreak: false, active: false, deleted: false };
    return wanted.filter((g) => isMember(g.rule, subject, ctx)).map((g) => g.id);
  };
}
