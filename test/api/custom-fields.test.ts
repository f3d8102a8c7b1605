import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from '../helpers/useApp';
import { createUser, expectError, signedIn } from '../helpers/api';

const { t, owner } = useApp();

const define = (body: Record<string, unknown>) => owner.post('/api/v1/custom-fields', body);

describe('custom field definitions', () => {
  it('CRUD by an owner; everyone signed in can read; a learner cannot write', async () => {
    const created = await define({
      key: 'shirt_size',
      label: 'Shirt size',
      type: 'single_select',
      options: ['S', 'M', 'L'],
      filterable: true,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      key: 'shirt_size',
      label: 'Shirt size',
      type: 'single_select',
      options: ['S', 'M', 'L'],
      filterable: true,
      unique: false,
    });

    const learner = await signedIn(t);
    expect((await learner.client.get('/api/v1/custom-fields')).body.items.map((f: any) => f.key)).toContain(
      'shirt_size',
    );
    expect((await learner.client.get('/api/v1/custom-fields/shirt_size')).body.label).toBe('Shirt size');
    expectError(
      await learner.client.post('/api/v1/custom-fields', { key: 'x', label: 'X', type: 'text' }),
      403,
      'forbidden',
    );
    expectError(await learner.client.patch('/api/v1/custom-fields/shirt_size', { label: 'Hacked' }), 403, 'forbidden');
    expectError(await learner.client.delete('/api/v1/custom-fields/shirt_size'), 403, 'forbidden');
    const hr = await signedIn(t, 'hr');
    expectError(
      await hr.client.post('/api/v1/custom-fields', { key: 'y', label: 'Y', type: 'text' }),
      403,
      'forbidden',
    );

    const patched = await owner.patch('/api/v1/custom-fields/shirt_size', {
      label: 'T-shirt size',
      options: ['S', 'M', 'L', 'XL'],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      label: 'T-shirt size',
      options: ['S', 'M', 'L', 'XL'],
      type: 'single_select',
    });
    expectError(await owner.patch('/api/v1/custom-fields/shirt_size', { options: [] }), 400, 'validation_failed');
    expectError(await owner.patch('/api/v1/custom-fields/shirt_size', { type: 'text' }), 400, 'validation_failed');
    expectError(await owner.patch('/api/v1/custom-fields/nope', { label: 'X' }), 404, 'not_found');
    expectError(await owner.get('/api/v1/custom-fields/nope'), 404, 'not_found');
  });

  it('a duplicate key → 409; bad definitions → 400', async () => {
    expect((await define({ key: 'dup', label: 'Dup', type: 'text' })).status).toBe(201);
    expectError(await define({ key: 'dup', label: 'Dup again', type: 'number' }), 409, 'conflict');
    const noOptions = await define({ key: 'colour', label: 'Colour', type: 'single_select' });
    expectError(noOptions, 400, 'validation_failed');
    expect(noOptions.body.error.details.map((d: any) => d.field)).toContain('options');
    expectError(
      await define({ key: 'tags', label: 'Tags', type: 'multi_select', options: [] }),
      400,
      'validation_failed',
    );
    expectError(await define({ key: 'Bad Key!', label: 'X', type: 'text' }), 400, 'validation_failed');
    expectError(await define({ key: 'k', label: 'X', type: 'colour' }), 400, 'validation_failed');
    expectError(
      await define({ key: 'uniq_bool', label: 'X', type: 'boolean', unique: true }),
      400,
      'validation_failed',
    );
  });
});

describe('custom field values on users', () => {
  beforeAll(async () => {
    for (const f of [
      { key: 'cost_centre', label: 'Cost centre', type: 'text', filterable: true },
      { key: 'seniority', label: 'Seniority', type: 'number', filterable: true },
      { key: 'start_day', label: 'Start day', type: 'date' },
      { key: 'remote', label: 'Remote', type: 'boolean', filterable: true },
      { key: 'level', label: 'Level', type: 'single_select', options: ['junior', 'senior'], filterable: true },
      { key: 'skills', label: 'Skills', type: 'multi_select', options: ['ts', 'sql', 'css'], filterable: true },
      { key: 'badge', label: 'Badge', type: 'text', unique: true },
      { key: 'secret', label: 'Secret', type: 'text' },
    ])
      expect((await define(f)).status).toBe(201);
  });

  it('stores typed values and refuses wrong ones, naming each field', async () => {
    const u = await createUser(owner, {
      customFields: {
        cost_centre: ' CC-1 ',
        seniority: 3,
        start_day: '2024-05-01',
        remote: true,
        level: 'senior',
        skills: ['ts', 'sql'],
      },
    });
    expect(u.customFields).toEqual({
      cost_centre: 'CC-1',
      seniority: 3,
      start_day: '2024-05-01',
      remote: true,
      level: 'senior',
      skills: ['ts', 'sql'],
    });

    const bad = await owner.patch(`/api/v1/users/${u.id}`, {
      customFields: {
        seniority: 'three',
        start_day: '01/05/2024',
        remote: 'yes',
        level: 'principal',
        skills: ['cobol'],
        nope: 1,
      },
    });
    expectError(bad, 400, 'validation_failed');
    expect(bad.body.error.details.map((d: any) => d.field).sort()).toEqual(
      [
        'customFields.level',
        'customFields.nope',
        'customFields.remote',
        'customFields.seniority',
        'customFields.skills',
        'customFields.start_day',
      ].sort(),
    );
    expect((await owner.get(`/api/v1/users/${u.id}`)).body.customFields.seniority).toBe(3);

    const partial = await owner.patch(`/api/v1/users/${u.id}`, { customFields: { seniority: 4, remote: null } });
    expect(partial.body.customFields).toEqual({
      cost_centre: 'CC-1',
      seniority: 4,
      start_day: '2024-05-01',
      level: 'senior',
      skills: ['ts', 'sql'],
    });
  });

  it('unique values conflict with 409 (case-insensitively) and are freed when changed', async () => {
    const a = await createUser(owner, { customFields: { badge: 'B-100' } });
    const b = await createUser(owner);
    expectError(await owner.patch(`/api/v1/users/${b.id}`, { customFields: { badge: 'b-100' } }), 409, 'value_taken');
    const dupCreate = await owner.post('/api/v1/users', {
      email: 'dup-badge@example.com',
      firstName: 'D',
      customFields: { badge: 'B-100' },
    });
    expectError(dupCreate, 409, 'value_taken');
    expect((await t.db.query(`select 1 from users where email_normalized = 'dup-badge@example.com'`)).length).toBe(0);
    await owner.patch(`/api/v1/users/${a.id}`, { customFields: { badge: 'B-200' } });
    expect(
      (await owner.patch(`/api/v1/users/${b.id}`, { customFields: { badge: 'B-100' } })).body.customFields.badge,
    ).toBe('B-100');
  });

  it('filters the list by cf.<key>', async () => {
    const x = await createUser(owner, {
      lastName: 'Filterx',
      customFields: { cost_centre: 'Paris-7', seniority: 12, remote: true, level: 'junior', skills: ['css'] },
    });
    const y = await createUser(owner, {
      lastName: 'Filtery',
      customFields: { cost_centre: 'Lyon-2', seniority: 12, remote: false, level: 'junior', skills: ['css', 'ts'] },
    });
    const ids = async (qs: string) => {
      const res = await owner.get(`/api/v1/users?${qs}&limit=500`);
      expect(res.status).toBe(200);
      return res.body.items.map((u: any) => u.id).sort();
    };
    expect(await ids('cf.cost_centre=paris-7')).toEqual([x.id]);
    expect(await ids('cf.seniority=12')).toEqual([x.id, y.id].sort());
    expect(await ids('cf.remote=false')).toEqual([y.id]);
    expect(await ids('cf.skills=ts&cf.level=junior')).toEqual([y.id]);
    expect(await ids('cf.skills=css&q=filterx')).toEqual([x.id]);
    expectError(await owner.get('/api/v1/users?cf.secret=x'), 400, 'validation_failed');
    expectError(await owner.get('/api/v1/users?cf.unknown=x'), 400, 'validation_failed');
  });

  it('deleting a definition removes its values from every user', async () => {
    expect((await define({ key: 'temp', label: 'Temp', type: 'text', unique: true })).status).toBe(201);
    const u = await createUser(owner, { customFields: { temp: 'T-1', cost_centre: 'Keep' } });
    expect((await owner.delete('/api/v1/custom-fields/temp')).status).toBe(204);
    const after = (await owner.get(`/api/v1/users/${u.id}`)).body;
    expect(after.customFields).toEqual({ cost_centre: 'Keep' });
    expect(await t.db.query(`select 1 from custom_field_unique_values where field_key = 'temp'`)).toHaveLength(0);
    expectError(await owner.get('/api/v1/custom-fields/temp'), 404, 'not_found');
    expectError(await owner.delete('/api/v1/custom-fields/temp'), 404, 'not_found');
    expectError(
      await owner.patch(`/api/v1/users/${u.id}`, { customFields: { temp: 'T-2' } }),
      400,
      'validation_failed',
    );
    // Re-creating the key starts empty.
    expect((await define({ key: 'temp', label: 'Temp', type: 'text', unique: true })).status).toBe(201);
    expect((await owner.patch(`/api/v1/users/${u.id}`, { customFields: { temp: 'T-1' } })).status).toBe(200);
  });

  it('a user edits only fields marked editable by the user', async () => {
    expect((await define({ key: 'pronouns', label: 'Pronouns', type: 'text', editableByUser: true })).status).toBe(201);
    const me = await signedIn(t);
    expect(
      (await me.client.patch('/api/v1/me', { customFields: { pronouns: 'they/them' } })).body.customFields,
    ).toEqual({ pronouns: 'they/them' });
    const locked = await me.client.patch('/api/v1/me', { customFields: { cost_centre: 'Mine' } });
    expectError(locked, 400, 'validation_failed');
    expect(locked.body.error.details[0].field).toBe('customFields.cost_centre');
  });
});
