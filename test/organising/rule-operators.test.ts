import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { expectError } from '../helpers/api';
import { daysAgo, insertPeople, person, type Person } from './people';

/** Every operator on every kind of field, against a small cast whose expected membership is spelled out. */
const { t, owner } = useApp();
const teams: Record<string, string> = {};
const cast: Record<string, Person> = {};
const label = new Map<string, string>();

beforeAll(async () => {
  for (const [key, type, options] of [
    ['level', 'number', []],
    ['start', 'date', []],
    ['remote', 'boolean', []],
    ['tshirt', 'single_select', ['S', 'M', 'L']],
    ['skills', 'multi_select', ['ts', 'go', 'sql']],
    ['nickname', 'text', []],
  ] as const) {
    const res = await owner.post('/api/v1/custom-fields', { key, label: key, type, options });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  const mk = async (name: string, parentId?: string) =>
    (teams[name] = (await owner.post('/api/v1/teams', { name, parentId })).body.id);
  await mk('A');
  await mk('B', teams.A);
  await mk('C');
  cast.M = person({ department: 'Management', email: 'm@acme.com' });
  cast.U1 = person({
    department: 'Sales',
    location: 'Paris',
    jobTitle: 'Account Executive',
    language: 'fr',
    hireDate: daysAgo(10),
    email: 'u1@Acme.com',
    active: true,
    managerId: cast.M.id,
    teamIds: [teams.A!],
    customFields: { level: 3, start: daysAgo(5), remote: true, tshirt: 'M', skills: ['ts', 'sql'], nickname: 'Ace_1' },
  });
  cast.U2 = person({
    role: 'hr',
    department: 'sales ops',
    location: 'London',
    jobTitle: 'Analyst',
    language: 'en',
    hireDate: '2020-01-15',
    email: 'u2@beta.org',
    onBreak: true,
    managerId: cast.U1.id,
    teamIds: [teams.B!],
    customFields: { level: 7, start: '2019-05-01', remote: false, tshirt: 'L', skills: ['go'] },
  });
  cast.U3 = person({ status: 'invite_pending', location: '', email: 'u3@acme.com', createdAt: '2021-03-01T10:00:00Z' });
  cast.U4 = person({ status: 'deactivated', department: 'Sales', teamIds: [teams.A!] });
  cast.U5 = person({
    role: 'admin',
    department: 'Engineering',
    location: 'Paris',
    email: 'u5@acme.com',
    managerId: cast.M.id,
    teamIds: [teams.C!],
  });
  cast.U6 = person({ department: 'Sales', deleted: true, teamIds: [teams.A!] });
  await insertPeople(t.db, Object.values(cast));
  for (const [k, p] of Object.entries(cast)) label.set(p.id, k);
});

async function members(rules: unknown): Promise<string[]> {
  const res = await owner.post('/api/v1/groups/preview', { rules, sampleSize: 50 });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.sample
    .map((s: any) => label.get(s.id))
    .filter(Boolean)
    .sort();
}
const c = (field: string, op: string, value?: unknown) => (value === undefined ? { field, op } : { field, op, value });

describe('operators', () => {
  const cases: [string, () => unknown, string[]][] = [
    // enum fields
    ['status eq', () => c('status', 'eq', 'invite_pending'), ['U3']],
    ['status in names an inactive status', () => c('status', 'in', ['deactivated', 'invite_pending']), ['U3', 'U4']],
    ['status neq', () => c('status', 'neq', 'confirmed'), ['U3']],
    ['status nin', () => c('status', 'nin', ['confirmed']), ['U3']],
    ['role eq', () => c('role', 'eq', 'hr'), ['U2']],
    ['role nin', () => c('role', 'nin', ['learner']), ['U2', 'U5']],
    ['engagement eq', () => c('engagement', 'eq', 'active'), ['U1']],
    ['engagement is_empty', () => c('engagement', 'is_empty'), ['U3']],
    ['engagement is_not_empty', () => c('engagement', 'is_not_empty'), ['M', 'U1', 'U2', 'U5']],
    // text fields (case-insensitive; '' is empty)
    ['department eq ignores case', () => c('department', 'eq', 'SALES'), ['U1']],
    ['department neq includes empty', () => c('department', 'neq', 'sales'), ['M', 'U2', 'U3', 'U5']],
    ['department in', () => c('department', 'in', ['Sales', 'engineering']), ['U1', 'U5']],
    ['department nin', () => c('department', 'nin', ['Sales', 'sales ops']), ['M', 'U3', 'U5']],
    ['department contains', () => c('department', 'contains', 'ALE'), ['U1', 'U2']],
    ['department starts_with', () => c('department', 'starts_with', 'sales'), ['U1', 'U2']],
    ['location is_empty counts blank', () => c('location', 'is_empty'), ['M', 'U3']],
    ['location is_not_empty', () => c('location', 'is_not_empty'), ['U1', 'U2', 'U5']],
    ['jobTitle contains', () => c('jobTitle', 'contains', 'exec'), ['U1']],
    ['language eq', () => c('language', 'eq', 'FR'), ['U1']],
    ['emailDomain eq', () => c('emailDomain', 'eq', 'acme.com'), ['M', 'U1', 'U3', 'U5']],
    ['emailDomain starts_with', () => c('emailDomain', 'starts_with', 'be'), ['U2']],
    ['contains treats % and _ literally', () => c('cf.nickname', 'contains', 'e_1'), ['U1']],
    ['contains % matches nothing', () => c('cf.nickname', 'contains', '%'), []],
    // dates
    ['hireDate lt', () => c('hireDate', 'lt', '2021-01-01'), ['U2']],
    ['hireDate gte', () => c('hireDate', 'gte', '2021-01-01'), ['U1']],
    ['hireDate eq', () => c('hireDate', 'eq', '2020-01-15'), ['U2']],
    ['hireDate lte', () => c('hireDate', 'lte', '2020-01-15'), ['U2']],
    ['hireDate gt', () => c('hireDate', 'gt', '2020-01-15'), ['U1']],
    ['hireDate within_last_days', () => c('hireDate', 'within_last_days', 30), ['U1']],
    ['hireDate within_last_days too short', () => c('hireDate', 'within_last_days', 9), []],
    ['hireDate is_empty', () => c('hireDate', 'is_empty'), ['M', 'U3', 'U5']],
    ['createdAt lt', () => c('createdAt', 'lt', '2022-01-01'), ['U3']],
    ['createdAt within_last_days', () => c('createdAt', 'within_last_days', 1), ['M', 'U1', 'U2', 'U5']],
    ['createdAt neq', () => c('createdAt', 'neq', '2021-03-01'), ['M', 'U1', 'U2', 'U5']],
    // booleans
    ['onBreak eq', () => c('onBreak', 'eq', true), ['U2']],
    ['onBreak neq', () => c('onBreak', 'neq', true), ['M', 'U1', 'U3', 'U5']],
    // teams
    ['teamId eq (direct only)', () => c('teamId', 'eq', teams.A), ['U1']],
    [
      'teamId in_team without sub-teams',
      () => c('teamId', 'in_team', { teamId: teams.A, includeSubteams: false }),
      ['U1'],
    ],
    [
      'teamId in_team with sub-teams',
      () => c('teamId', 'in_team', { teamId: teams.A, includeSubteams: true }),
      ['U1', 'U2'],
    ],
    ['teamId in', () => c('teamId', 'in', [teams.B, teams.C]), ['U2', 'U5']],
    ['teamId neq', () => c('teamId', 'neq', teams.A), ['M', 'U2', 'U3', 'U5']],
    ['teamId nin', () => c('teamId', 'nin', [teams.A, teams.B]), ['M', 'U3', 'U5']],
    ['teamId is_empty', () => c('teamId', 'is_empty'), ['M', 'U3']],
    ['teamId is_not_empty', () => c('teamId', 'is_not_empty'), ['U1', 'U2', 'U5']],
    // managers
    ['managerId eq (direct)', () => c('managerId', 'eq', cast.M!.id), ['U1', 'U5']],
    ['managerId reports_to (any depth)', () => c('managerId', 'reports_to', cast.M!.id), ['U1', 'U2', 'U5']],
    ['managerId in', () => c('managerId', 'in', [cast.U1!.id]), ['U2']],
    ['managerId neq', () => c('managerId', 'neq', cast.M!.id), ['M', 'U2', 'U3']],
    ['managerId nin', () => c('managerId', 'nin', [cast.M!.id, cast.U1!.id]), ['M', 'U3']],
    ['managerId is_empty', () => c('managerId', 'is_empty'), ['M', 'U3']],
    ['managerId is_not_empty', () => c('managerId', 'is_not_empty'), ['U1', 'U2', 'U5']],
    // custom fields of each type
    ['cf number eq', () => c('cf.level', 'eq', 3), ['U1']],
    ['cf number neq', () => c('cf.level', 'neq', 3), ['M', 'U2', 'U3', 'U5']],
    [
      'cf number lt / lte / gt / gte',
      () => ({
        all: [c('cf.level', 'gt', 2), c('cf.level', 'lt', 8), c('cf.level', 'gte', 7), c('cf.level', 'lte', 7)],
      }),
      ['U2'],
    ],
    ['cf number in / nin', () => ({ all: [c('cf.level', 'in', [3, 7]), c('cf.level', 'nin', [7])] }), ['U1']],
    [
      'cf number is_empty / is_not_empty',
      () => ({ any: [c('cf.level', 'is_empty'), { not: c('cf.level', 'is_not_empty') }] }),
      ['M', 'U3', 'U5'],
    ],
    ['cf date within_last_days', () => c('cf.start', 'within_last_days', 7), ['U1']],
    [
      'cf date lt / gte / eq / neq',
      () => ({
        any: [
          c('cf.start', 'lt', '2020-01-01'),
          { all: [c('cf.start', 'gte', '2020-01-01'), c('cf.start', 'neq', '2019-05-01')] },
        ],
      }),
      ['U1', 'U2'],
    ],
    [
      'cf date eq / lte / gt',
      () => ({
        any: [
          c('cf.start', 'eq', '2019-05-01'),
          { all: [c('cf.start', 'gt', '2019-05-01'), c('cf.start', 'lte', '2999-01-01')] },
        ],
      }),
      ['U1', 'U2'],
    ],
    ['cf date is_empty', () => c('cf.start', 'is_empty'), ['M', 'U3', 'U5']],
    ['cf boolean eq', () => c('cf.remote', 'eq', false), ['U2']],
    ['cf boolean neq (unset counts)', () => c('cf.remote', 'neq', true), ['M', 'U2', 'U3', 'U5']],
    ['cf single_select eq', () => c('cf.tshirt', 'eq', 'M'), ['U1']],
    [
      'cf single_select in / nin',
      () => ({ all: [c('cf.tshirt', 'in', ['M', 'L']), c('cf.tshirt', 'nin', ['L'])] }),
      ['U1'],
    ],
    [
      'cf single_select neq / is_empty / is_not_empty',
      () => ({
        any: [{ all: [c('cf.tshirt', 'neq', 'M'), c('cf.tshirt', 'is_not_empty')] }, c('cf.tshirt', 'is_empty')],
      }),
      ['M', 'U2', 'U3', 'U5'],
    ],
    ['cf multi_select contains', () => c('cf.skills', 'contains', 'sql'), ['U1']],
    ['cf multi_select in', () => c('cf.skills', 'in', ['go', 'sql']), ['U1', 'U2']],
    ['cf multi_select nin', () => c('cf.skills', 'nin', ['ts']), ['M', 'U2', 'U3', 'U5']],
    [
      'cf multi_select is_empty / is_not_empty',
      () => ({ any: [c('cf.skills', 'is_empty'), c('cf.skills', 'is_not_empty')] }),
      ['M', 'U1', 'U2', 'U3', 'U5'],
    ],
    [
      'cf text eq / neq / in / nin / starts_with / is_empty',
      () => ({
        all: [
          c('cf.nickname', 'eq', 'ace_1'),
          c('cf.nickname', 'neq', 'x'),
          c('cf.nickname', 'in', ['ACE_1']),
          c('cf.nickname', 'nin', ['y']),
          c('cf.nickname', 'starts_with', 'A'),
          { not: c('cf.nickname', 'is_empty') },
        ],
      }),
      ['U1'],
    ],
    // nesting
    [
      'nested all/any/not',
      () => ({
        all: [
          c('department', 'contains', 'sales'),
          { any: [c('location', 'eq', 'London'), { not: c('cf.remote', 'eq', false) }] },
        ],
      }),
      ['U1', 'U2'],
    ],
    // negations over missing values: a person without a value matches a negation, at any depth
    ['not over a missing value', () => ({ not: c('department', 'eq', 'Sales') }), ['M', 'U2', 'U3', 'U5']],
    ['not contains over missing values', () => ({ not: c('jobTitle', 'contains', 'e') }), ['M', 'U2', 'U3', 'U5']],
    [
      'not of an all with one missing value',
      () => ({ not: { all: [c('location', 'eq', 'Paris'), c('language', 'eq', 'fr')] } }),
      ['M', 'U2', 'U3', 'U5'],
    ],
    [
      'not of an any over missing values',
      () => ({ not: { any: [c('hireDate', 'lt', '2021-01-01'), c('cf.level', 'gt', 5)] } }),
      ['M', 'U1', 'U3', 'U5'],
    ],
    ['not of not is the positive condition', () => ({ not: { not: c('language', 'eq', 'fr') } }), ['U1']],
    ['not of neq is eq', () => ({ not: c('cf.tshirt', 'neq', 'M') }), ['U1']],
    [
      'neq and not together over missing values',
      () => ({ all: [c('location', 'neq', 'paris'), { not: c('cf.remote', 'eq', true) }] }),
      ['M', 'U2', 'U3'],
    ],
    ['empty all is everyone active', () => ({ all: [] }), ['M', 'U1', 'U2', 'U3', 'U5']],
    ['empty any is nobody', () => ({ any: [] }), []],
    ['deleted people never match', () => c('department', 'eq', 'Sales'), ['U1']],
  ];
  it.each(cases)('%s', async (_name, rule, expected) => {
    expect(await members(rule())).toEqual(expected);
  });
});

describe('stored membership', () => {
  it('a saved group with negations over missing values stores who the preview shows', async () => {
    const rules = {
      all: [{ not: { all: [c('location', 'eq', 'Paris'), c('language', 'eq', 'fr')] } }, c('cf.tshirt', 'neq', 'L')],
    };
    const created = await owner.post('/api/v1/groups', { name: 'Not Paris francophones', rules });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const res = await owner.get(`/api/v1/groups/${created.body.id}/members?limit=50`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const stored = res.body.items
      .map((s: any) => label.get(s.id))
      .filter(Boolean)
      .sort();
    expect(stored).toEqual(['M', 'U3', 'U5']);
    expect(await members(rules)).toEqual(stored);
  });
});

describe('validation', () => {
  it('points at the bad node', async () => {
    const res = await owner.post('/api/v1/groups/preview', {
      rules: {
        all: [
          c('department', 'eq', 'x'),
          c('department', 'lt', 'x'),
          { any: [c('nope', 'eq', 1)] },
          c('hireDate', 'within_last_days', 'ten'),
        ],
      },
    });
    expectError(res, 400, 'validation_failed');
    expect(res.body.error.details.map((d: any) => d.field)).toEqual([
      'rules.all[1].op',
      'rules.all[2].any[0].field',
      'rules.all[3].value',
    ]);
  });

  it('refuses unknown teams and managers', async () => {
    const res = await owner.post('/api/v1/groups', {
      name: 'Ghost',
      rules: c('teamId', 'in_team', { teamId: 'no-such', includeSubteams: true }),
    });
    expectError(res, 400, 'validation_failed');
    expectError(
      await owner.post('/api/v1/groups', { name: 'Ghost', rules: c('managerId', 'reports_to', 'no-such') }),
      400,
      'validation_failed',
    );
  });

  it('is for group managers only', async () => {
    const res = await t.anon().post('/api/v1/groups/preview', { rules: { all: [] } });
    expect(res.status).toBe(401);
  });
});
