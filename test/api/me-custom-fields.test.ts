import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { expectError, signedIn } from '../helpers/api';

// Custom fields a person fills in on My profile (PATCH /api/v1/me): only those marked "People may edit their
// own value" (editableByUser), each value checked against its field's type, and the change audited as any
// other change to a person.

const { t, owner } = useApp();

const define = (body: Record<string, unknown>) => owner.post('/api/v1/custom-fields', body);

beforeAll(async () => {
  for (const field of [
    { key: 'pronouns', label: 'Pronouns', type: 'text', editableByUser: true },
    { key: 'shirt_size', label: 'Shirt size', type: 'single_select', options: ['S', 'M', 'L'], editableByUser: true },
    { key: 'desk_number', label: 'Desk number', type: 'number', editableByUser: true },
    { key: 'cost_centre', label: 'Cost centre', type: 'text' },
  ])
    expect((await define(field)).status).toBe(201);
});

/** The audit rows recording changes to `userId`, newest last. */
const auditOf = (userId: string) =>
  t.db.query<{ action: string; actor_id: string; before: any; after: any }>(
    `select action, actor_id, before, after from audit_log where target_id = $1 and action = 'user.updated' order by id`,
    [userId],
  );

describe('custom fields on My profile', () => {
  it('saves a field the person may edit, and audits the change as theirs', async () => {
    const me = await signedIn(t);
    const saved = await me.client.patch('/api/v1/me', { customFields: { pronouns: '  they/them ', shirt_size: 'M' } });
    expect(saved.status).toBe(200);
    expect(saved.body.customFields).toEqual({ pronouns: 'they/them', shirt_size: 'M' });
    expect((await me.client.get('/api/v1/me')).body.customFields).toEqual({ pronouns: 'they/them', shirt_size: 'M' });

    const rows = await auditOf(me.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actor_id).toBe(me.id);
    expect(JSON.stringify(rows[0]!.after)).toContain('they/them');

    // Clearing a value removes it.
    const cleared = await me.client.patch('/api/v1/me', { customFields: { pronouns: null } });
    expect(cleared.status).toBe(200);
    expect(cleared.body.customFields).toEqual({ shirt_size: 'M' });
    expect(await auditOf(me.id)).toHaveLength(2);
  });

  it('refuses a field only administrators may change, and changes nothing', async () => {
    const me = await signedIn(t);
    expect((await owner.patch(`/api/v1/users/${me.id}`, { customFields: { cost_centre: 'CC-1' } })).status).toBe(200);
    const before = await auditOf(me.id);

    const refused = await me.client.patch('/api/v1/me', { customFields: { pronouns: 'she/her', cost_centre: 'Mine' } });
    expectError(refused, 400, 'validation_failed');
    expect(refused.body.error.details.map((d: any) => d.field)).toEqual(['customFields.cost_centre']);
    // Nothing of the request was kept, not even the allowed field sent with it.
    expect((await me.client.get('/api/v1/me')).body.customFields).toEqual({ cost_centre: 'CC-1' });
    expect(await auditOf(me.id)).toHaveLength(before.length);

    // A field that does not exist is refused the same way.
    expectError(await me.client.patch('/api/v1/me', { customFields: { nope: 'x' } }), 400, 'validation_failed');
  });

  it("validates each value by its field's type", async () => {
    const me = await signedIn(t);
    const cases: [string, unknown][] = [
      ['shirt_size', 'XXL'],
      ['desk_number', 'twelve'],
      ['pronouns', 42],
    ];
    for (const [key, value] of cases) {
      const res = await me.client.patch('/api/v1/me', { customFields: { [key]: value } });
      expectError(res, 400, 'validation_failed');
      expect(res.body.error.details[0].field).toBe(`customFields.${key}`);
    }
    expect((await me.client.get('/api/v1/me')).body.customFields).toEqual({});
    expect(await auditOf(me.id)).toHaveLength(0);

    const ok = await me.client.patch('/api/v1/me', { customFields: { desk_number: 12, shirt_size: 'L' } });
    expect(ok.status).toBe(200);
    expect(ok.body.customFields).toEqual({ desk_number: 12, shirt_size: 'L' });
  });
});
