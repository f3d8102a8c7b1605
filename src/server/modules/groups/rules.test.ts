import { describe, expect, it } from 'vitest';
import { hasDateRules, mentionedStatuses, references, validateRules, type CustomFieldDef } from './rules';

const cfs = new Map<string, CustomFieldDef>([
  ['level', { key: 'level', type: 'number' }],
  ['tshirt', { key: 'tshirt', type: 'single_select', options: ['S', 'M'] }],
  ['skills', { key: 'skills', type: 'multi_select', options: ['ts'] }],
]);
const v = (rules: unknown) => validateRules(rules, cfs);

describe('rule validation', () => {
  it('accepts well-formed rules of every shape', () => {
    expect(
      v({
        all: [
          { field: 'status', op: 'in', value: ['confirmed'] },
          { not: { any: [{ field: 'cf.level', op: 'gte', value: 3 }] } },
        ],
      }),
    ).toEqual([]);
    expect(v({ field: 'teamId', op: 'in_team', value: { teamId: 't1', includeSubteams: true } })).toEqual([]);
    expect(v({ field: 'location', op: 'is_empty' })).toEqual([]);
    expect(v({ field: 'cf.skills', op: 'contains', value: 'ts' })).toEqual([]);
  });

  it.each([
    [{ all: [{ field: 'x', op: 'eq', value: 1 }] }, 'rules.all[0].field', /Unknown field/],
    [{ any: [{ field: 'department', op: 'gt', value: 'a' }] }, 'rules.any[0].op', /not an operator/],
    [{ not: { field: 'hireDate', op: 'lt', value: '31/01/2026' } }, 'rules.not.value', /date like/],
    [{ field: 'status', op: 'eq', value: 'gone' }, 'rules.value', /Unknown value/],
    [{ field: 'cf.tshirt', op: 'eq', value: 'XL' }, 'rules.value', /Unknown value/],
    [{ field: 'cf.level', op: 'in', value: [] }, 'rules.value', /non-empty list/],
    [{ field: 'onBreak', op: 'eq', value: 'yes' }, 'rules.value', /true or false/],
    [{ field: 'location', op: 'is_empty', value: 'x' }, 'rules.value', /no value/],
    [{ field: 'hireDate', op: 'within_last_days', value: -1 }, 'rules.value', /whole number/],
    [{ field: 'teamId', op: 'in_team', value: 't1' }, 'rules.value', /teamId/],
    [{ all: [], any: [] }, 'rules', /no other keys/],
    [{ all: {} }, 'rules.all', /list/],
    [{ field: 'location', op: 'eq', value: 'x', extra: 1 }, 'rules.extra', /Unknown key/],
    ['text', 'rules', /Expected an object/],
  ])('reports %j at %s', (rules, path, message) => {
    const errors = v(rules);
    expect(errors[0]).toMatchObject({ field: path });
    expect(errors[0]!.message).toMatch(message);
  });

  it('limits depth', () => {
    let deep: unknown = { field: 'role', op: 'eq', value: 'admin' };
    for (let i = 0; i < 12; i++) deep = { not: deep };
    expect(v(deep)[0]!.message).toMatch(/levels deep/);
  });

  it('finds named statuses, date rules and references', () => {
    const rule = {
      all: [
        { field: 'status', op: 'in', value: ['deactivated'] },
        { field: 'hireDate', op: 'within_last_days', value: 3 },
        { field: 'teamId', op: 'in_team', value: { teamId: 't1' } },
        { field: 'managerId', op: 'reports_to', value: 'u1' },
      ],
    } as const;
    expect([...mentionedStatuses(rule as any)]).toEqual(['deactivated']);
    expect(hasDateRules(rule as any)).toBe(true);
    expect(references(rule as any)).toEqual({ teamIds: ['t1'], userIds: ['u1'] });
  });
});
