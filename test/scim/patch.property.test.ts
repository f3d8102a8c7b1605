import fc from 'fast-check';
import { scimPatch } from 'scim-patch';
import { describe, expect, it } from 'vitest';
import { USER_ATTRS } from '../../src/server/modules/scim/attributes';
import { applyPatch } from '../../src/server/modules/scim/patch';

/**
 * Our PATCH application checked against a second implementation (scim-patch) on generated users
 * and operations. The operations are those both read the same way in RFC 7644 §3.5.2; where we
 * deliberately differ (Entra's tolerance) there are example tests below instead.
 */
const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 3 });
const TYPES = ['work', 'home'] as const;

const userArb = fc.record({
  schemas: fc.constant(['urn:ietf:params:scim:schemas:core:2.0:User']),
  userName: word,
  title: word,
  active: fc.boolean(),
  name: fc.record({ givenName: word, familyName: word }),
  emails: fc.uniqueArray(fc.record({ value: word, type: fc.constantFrom(...TYPES) }), {
    selector: (e) => e.value,
    minLength: 1,
    maxLength: 3,
  }),
  meta: fc.constant({ resourceType: 'User' }),
});

const opArb = fc.oneof(
  fc.record({
    op: fc.constantFrom('replace', 'add'),
    path: fc.constantFrom('userName', 'title', 'name.givenName', 'name.familyName'),
    value: word,
  }),
  fc.record({ op: fc.constantFrom('replace', 'add'), path: fc.constant('active'), value: fc.boolean() }),
  fc.record({ op: fc.constant('remove'), path: fc.constantFrom('title', 'name.familyName', 'name', 'emails') }),
  fc.record({ op: fc.constant('remove'), path: fc.constantFrom(...TYPES).map((t) => `emails[type eq "${t}"]`) }),
  // Path-less values with simple attributes only: for a complex one scim-patch replaces the whole
  // attribute, where §3.5.2.3 keeps the sub-attributes not named (an example test below).
  fc.record({
    op: fc.constantFrom('replace', 'add'),
    value: fc.record({ title: word, userName: word }, { requiredKeys: [] }),
  }),
  fc.record({
    op: fc.constant('add'),
    path: fc.constant('emails'),
    value: fc.constant([{ value: 'new@x', type: 'other' }]),
  }),
);

describe('PATCH application agrees with scim-patch', () => {
  it('on generated users and operation lists', () => {
    fc.assert(
      fc.property(userArb, fc.array(opArb, { minLength: 1, maxLength: 5 }), (user, ops) => {
        // A value filter needs a value to match for both libraries to agree (scim-patch refuses no match).
        const usable = ops.filter(
          (o) =>
            !('path' in o && /\[type eq "(\w+)"\]/.test(o.path ?? '')) ||
            user.emails.some((e) => o.path!.includes(`"${e.type}"`)),
        );
        fc.pre(usable.length === ops.length);
        let theirs: unknown;
        try {
          theirs = scimPatch(structuredClone(user) as never, ops as never, { mutateDocument: false });
        } catch {
          // scim-patch refuses a value filter on an attribute an earlier operation removed; we treat it as a no-op.
          fc.pre(false);
        }
        const ours = applyPatch(user, ops, USER_ATTRS);
        expect(normalise(ours), JSON.stringify(ops)).toEqual(normalise(theirs));
      }),
      { numRuns: 1500 },
    );
  });
});

/** Both libraries may leave an emptied complex attribute or list behind; that is the same resource. */
function normalise(r: unknown): unknown {
  if (Array.isArray(r)) return r.length ? r.map(normalise) : undefined;
  if (r && typeof r === 'object') {
    const out = Object.fromEntries(
      Object.entries(r)
        .map(([k, v]) => [k, normalise(v)])
        .filter(([, v]) => v !== undefined),
    );
    return Object.keys(out).length ? out : undefined;
  }
  return r;
}

describe('PATCH tolerance for real clients', () => {
  const user = {
    userName: 'a',
    emails: [{ value: 'a@x', type: 'work', primary: true }],
    members: [{ value: '1' }, { value: '2' }],
  };
  it('accepts capitalised op names and keys', () => {
    expect(applyPatch(user, [{ Op: 'Replace', Path: 'userName', Value: 'b' }], USER_ATTRS).userName).toBe('b');
  });
  it('creates the element a value filter describes when nothing matches (Entra adding a work phone)', () => {
    const out = applyPatch(user, [{ op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '123' }], USER_ATTRS);
    expect(out.phoneNumbers).toEqual([{ type: 'work', value: '123' }]);
  });
  it('removes only the listed members when remove carries a value list (Entra)', () => {
    const out = applyPatch(user, [{ op: 'Remove', path: 'members', value: [{ value: '1' }] }], USER_ATTRS);
    expect(out.members).toEqual([{ value: '2' }]);
  });
  it('merges a complex value into the attribute, path or not (RFC 7644 §3.5.2.3; Okta sends name this way)', () => {
    const named = { name: { givenName: 'a', familyName: 'b' } };
    expect(applyPatch(named, [{ op: 'replace', value: { name: { givenName: 'c' } } }], USER_ATTRS).name).toEqual({
      givenName: 'c',
      familyName: 'b',
    });
    expect(applyPatch(named, [{ op: 'replace', path: 'name', value: { givenName: 'c' } }], USER_ATTRS).name).toEqual({
      givenName: 'c',
      familyName: 'b',
    });
  });
  it('keeps one primary value when a new primary is added', () => {
    const out = applyPatch(user, [{ op: 'add', path: 'emails', value: [{ value: 'b@x', primary: true }] }], USER_ATTRS);
    expect(out.emails).toEqual([
      { value: 'a@x', type: 'work', primary: false },
      { value: 'b@x', primary: true },
    ]);
  });
  it('refuses unknown ops, a remove without a path and a malformed path with the RFC scimType', () => {
    expect(() => applyPatch(user, [{ op: 'move', path: 'userName' }], USER_ATTRS)).toThrow(
      expect.objectContaining({ status: 400, scimType: 'invalidSyntax' }),
    );
    expect(() => applyPatch(user, [{ op: 'remove' }], USER_ATTRS)).toThrow(
      expect.objectContaining({ status: 400, scimType: 'noTarget' }),
    );
    expect(() => applyPatch(user, [{ op: 'replace', path: 'emails[type eq', value: 1 }], USER_ATTRS)).toThrow(
      expect.objectContaining({ scimType: 'invalidPath' }),
    );
    expect(() => applyPatch(user, [], USER_ATTRS)).toThrow(expect.objectContaining({ scimType: 'invalidSyntax' }));
  });
});
