import { describe, expect, it } from 'vitest';
import { GROUP_ATTRS, USER_ATTRS } from '../../src/server/modules/scim/attributes';
import { parseFilter, parsePatchPath } from '../../src/server/modules/scim/filter';
import { matches } from '../../src/server/modules/scim/filterEval';
import { compileFilter } from '../../src/server/modules/scim/filterSql';

const user = {
  userName: 'Bjensen',
  name: { familyName: 'Jensen', givenName: 'Barbara' },
  title: 'Tour Guide',
  active: true,
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { employeeNumber: '701984', manager: { value: 'm-1' } },
  meta: { created: '2011-08-01T18:29:49.793Z', lastModified: '2011-08-01T18:29:49.793Z' },
};
const is = (f: string) => matches(parseFilter(f), user, USER_ATTRS);

describe('SCIM filters (RFC 7644 §3.4.2.2)', () => {
  it('evaluates the RFC examples, with case rules per attribute', () => {
    expect(is('userName eq "bjensen"')).toBe(true); // userName is caseExact false
    expect(is('name.familyName co "O\'Malley"')).toBe(false);
    expect(is('userName sw "J"')).toBe(false);
    expect(is('title pr')).toBe(true);
    expect(is('meta.lastModified gt "2011-05-13T04:42:34Z"')).toBe(true);
    expect(is('meta.lastModified lt "2011-05-13T04:42:34Z"')).toBe(false);
    expect(is('title pr and userType eq "Employee"')).toBe(false);
    expect(is('title pr or userType eq "Intern"')).toBe(true);
    expect(is('userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")')).toBe(false);
    expect(is('userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")')).toBe(false);
    expect(is('emails[type eq "work" and value co "@example.com"]')).toBe(true);
    expect(is('emails[type eq "home" and value co "@example.com"]')).toBe(false);
    expect(is('EMAILS.VALUE EW "JENSEN.ORG"')).toBe(true);
    expect(is('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984"')).toBe(true);
    expect(is('manager.value eq "m-1"')).toBe(true);
    expect(is('active eq "True"')).toBe(true);
  });

  it('reads unquoted values as strings, as the Entra collection sends them', () => {
    expect(is('name.FamilyName eq Jensen and (emails.Value co example.com or emails.Value co example.org)')).toBe(true);
    expect(is('userName sw B')).toBe(true);
    expect(is('meta.Created gt 2010-10-10T14:38:21.8617979-07:00')).toBe(true);
  });

  it('binds "and" tighter than "or"', () => {
    expect(is('title eq "x" and title eq "y" or active eq true')).toBe(true);
    expect(is('active eq true or title eq "x" and title eq "y"')).toBe(true);
    expect(is('active eq false and title eq "x" or title eq "y"')).toBe(false);
  });

  it('refuses malformed filters with invalidFilter', () => {
    for (const bad of [
      '',
      'userName',
      'userName eq',
      'userName zz "x"',
      '(userName eq "x"',
      'userName eq "x" and',
      'not userName eq "x"',
      'emails[type eq "x"',
      'a.b.c eq "x"',
      '"x" eq userName',
    ])
      expect(() => parseFilter(bad), bad).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidFilter' }));
    expect(() => parseFilter(`${'('.repeat(60)}userName pr${')'.repeat(60)}`)).toThrow(
      expect.objectContaining({ scimType: 'invalidFilter' }),
    );
  });

  it('compiles to SQL with every value bound as a parameter', () => {
    const params: unknown[] = [];
    const evil = `x'); drop table users; --`;
    const sql = compileFilter(
      parseFilter(`userName eq ${JSON.stringify(evil)} or emails[value co "';"] or displayName sw "\\\\"`),
      USER_ATTRS,
      params,
    );
    expect(sql).not.toContain('drop table');
    expect(sql).not.toContain("';");
    expect(params).toEqual([evil, "';", '\\']);
    expect(() => compileFilter(parseFilter('password eq "x"'), USER_ATTRS, [])).toThrow(
      expect.objectContaining({ scimType: 'invalidFilter' }),
    );
    expect(compileFilter(parseFilter('members[value eq "u1"] and displayName eq "Sales"'), GROUP_ATTRS, [])).toContain(
      'team_members',
    );
  });

  it('parses PATCH paths with value filters and sub-attributes', () => {
    expect(parsePatchPath('emails[type eq "work"].value')).toMatchObject({
      attr: { name: 'emails' },
      subAfterFilter: 'value',
    });
    expect(parsePatchPath('members[value eq "2819c223-7f76-453a-919d-413861904646"]')).toMatchObject({
      attr: { name: 'members' },
      subAfterFilter: null,
    });
    expect(parsePatchPath('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager')).toMatchObject({
      attr: { uri: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', name: 'manager', sub: null },
    });
    for (const bad of ['emails[type eq "work"]value', 'emails[', 'a b', 'emails[type eq "x"].value.more'])
      expect(() => parsePatchPath(bad), bad).toThrow(expect.objectContaining({ scimType: 'invalidPath' }));
  });
});
