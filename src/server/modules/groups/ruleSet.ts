import type { Sql } from '../../db/index';
import { references, validateRules, type CustomFieldDef, type Rule } from './rules';

/**
 * The rules of every group, validated, as refreshFor evaluates them in memory. Loading and validating
 * 200 groups on every change to a user cost more than the evaluation itself, so the set is kept per
 * version stamp (groups_version, migration 009: bumped by triggers on groups and custom_fields, so
 * other processes' changes are seen too) and reloaded only when the stamp changes.
 */
export interface RuleSet {
  version: string;
  /** Groups whose rules are valid against today's custom fields; the others match nobody. */
  groups: { id: string; rule: Rule }[];
  customFields: ReadonlyMap<string, CustomFieldDef>;
  /** Teams the rules name (their paths are needed for "include sub-teams"). */
  teamIds: string[];
  /** Groups defined, valid or not (an invalid group still has members to remove). */
  defined: number;
}

/** A few entries: tests run several databases in one process; a server has one. */
const MAX_ENTRIES = 8;
const cache = new Map<string, RuleSet>();

export function cachedRuleSet(version: string): RuleSet | undefined {
  const hit = cache.get(version);
  if (hit) {
    // Most recently used last, so lastRuleSet() and the eviction order follow use.
    cache.delete(version);
    cache.set(version, hit);
  }
  return hit;
}

/** The most recently used set: its team ids are fetched with the next refresh's people. */
export function lastRuleSet(): RuleSet | undefined {
  return [...cache.values()].pop();
}

/** Groups, custom fields and the stamp in ONE statement, so the cached set is exactly what that stamp stands for. */
export async function loadRuleSet(sql: Sql): Promise<RuleSet> {
  const [row] = await sql.query<{ version: string; groups: { id: string; rules: Rule }[]; fields: CustomFieldDef[] }>(
    `select (select version from groups_version) as version,
       (select coalesce(json_agg(json_build_object('id', g.id, 'rules', g.rules) order by g.id), '[]') from groups g) as groups,
       (select coalesce(json_agg(json_build_object('key', f.key, 'type', f.type, 'options', f.options)), '[]') from custom_fields f) as fields`,
  );
  const customFields = new Map(row!.fields.map((f) => [f.key, { key: f.key, type: f.type, options: f.options }]));
  const groups = row!.groups
    .filter((g) => validateRules(g.rules, customFields).length === 0)
    .map((g) => ({ id: g.id, rule: g.rules }));
  const teamIds = [...new Set(groups.flatMap((g) => references(g.rule).teamIds))];
  const set: RuleSet = { version: row!.version, groups, customFields, teamIds, defined: row!.groups.length };
  cache.set(set.version, set);
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return set;
}
