import { beforeAll, describe, expect, it } from 'vitest';
import { insertUser, type Client } from '../helpers/harness';
import { useApp } from '../helpers/useApp';

// Editing and deleting notes (docs/api.md): their author, an Admin or an Owner; other note readers get 403,
// people who do not see the subject 404. Each edit and each deletion is audited with the text.
// boss → lead → ann; lead2 leads nobody of theirs; an Admin and an HR person.
const { t, owner } = useApp();
const ids: Record<string, string> = {};
let lead: Client;
let boss: Client;
let lead2: Client;
let admin: Client;
let hr: Client;

beforeAll(async () => {
  ids.boss = (await insertUser(t.db, { email: 'boss@example.com', lastName: 'Boss' })).id;
  ids.lead = (await insertUser(t.db, { email: 'lead@example.com', lastName: 'Lead', managerId: ids.boss })).id;
  ids.ann = (await insertUser(t.db, { email: 'ann@example.com', lastName: 'Ann', managerId: ids.lead })).id;
  ids.lead2 = (await insertUser(t.db, { email: 'lead2@example.com', lastName: 'Leadtwo' })).id;
  await insertUser(t.db, { email: 'carl@example.com', lastName: 'Carl', managerId: ids.lead2 });
  ids.admin = (await insertUser(t.db, { email: 'admin@example.com', role: 'admin' })).id;
  await insertUser(t.db, { email: 'hr@example.com', role: 'hr' });
  [lead, boss, lead2, admin, hr] = await Promise.all(
    ['lead', 'boss', 'lead2', 'admin', 'hr'].map((n) => t.as(`${n}@example.com`)),
  );
});

const notesOf = (userId: string) => `/api/v1/users/${userId}/notes`;

async function leadWrites(body: string): Promise<string> {
  const res = await lead.post(notesOf(ids.ann!), { body });
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ body, editedAt: null, canChange: true });
  return res.body.id;
}

async function auditOf(action: string) {
  const res = await owner.get(`/api/v1/audit?targetId=${ids.ann}&action=${action}`);
  expect(res.status).toBe(200);
  return res.body.items as { action: string; actorId: string; before: any; after: any }[];
}

describe('editing a note', () => {
  it('its author edits it: the note is marked edited and the edit audited with the text before and after', async () => {
    const noteId = await leadWrites('Prefers morning meetings');
    const res = await lead.patch(`${notesOf(ids.ann!)}/${noteId}`, { body: '  Prefers afternoon meetings  ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: noteId, body: 'Prefers afternoon meetings', canChange: true });
    expect(res.body.author).toEqual({ id: ids.lead, name: 'Test Lead' });
    expect(Date.parse(res.body.editedAt)).toBeGreaterThanOrEqual(Date.parse(res.body.createdAt));

    const listed = (await owner.get(notesOf(ids.ann!))).body.items.find((n: any) => n.id === noteId);
    expect(listed).toMatchObject({ body: 'Prefers afternoon meetings', editedAt: res.body.editedAt });

    // A second edit: the audit keeps the whole history, each step with its before and after.
    expect((await lead.patch(`${notesOf(ids.ann!)}/${noteId}`, { body: 'Prefers no meetings' })).status).toBe(200);
    const edits = (await auditOf('note.updated')).filter((e) => e.before?.noteId === noteId);
    expect(edits.map((e) => [e.actorId, e.before.body, e.after.body]).reverse()).toEqual([
      [ids.lead, 'Prefers morning meetings', 'Prefers afternoon meetings'],
      [ids.lead, 'Prefers afternoon meetings', 'Prefers no meetings'],
    ]);
  });

  it('an unchanged text is no edit: not marked, not audited', async () => {
    const noteId = await leadWrites('Same text');
    const res = await lead.patch(`${notesOf(ids.ann!)}/${noteId}`, { body: 'Same text' });
    expect(res.status).toBe(200);
    expect(res.body.editedAt).toBeNull();
    expect((await auditOf('note.updated')).filter((e) => e.before?.noteId === noteId)).toEqual([]);
  });

  it("an Admin edits someone else's note", async () => {
    const noteId = await leadWrites('Written by the lead');
    expect((await admin.get(notesOf(ids.ann!))).body.items.find((n: any) => n.id === noteId).canChange).toBe(true);
    const res = await admin.patch(`${notesOf(ids.ann!)}/${noteId}`, { body: 'Corrected by an Admin' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ body: 'Corrected by an Admin', author: { id: ids.lead } });
    const [entry] = (await auditOf('note.updated')).filter((e) => e.before?.noteId === noteId);
    expect(entry).toMatchObject({
      actorId: ids.admin,
      before: { body: 'Written by the lead' },
      after: { body: 'Corrected by an Admin' },
    });
  });

  it('another manager or HR who see the person may read but not change the note (403); nobody else sees it (404)', async () => {
    const noteId = await leadWrites('Only the lead may change this');
    const url = `${notesOf(ids.ann!)}/${noteId}`;
    for (const [who, client] of [
      ['boss', boss],
      ['hr', hr],
    ] as const) {
      const listed = (await client.get(notesOf(ids.ann!))).body.items.find((n: any) => n.id === noteId);
      expect(listed.canChange, who).toBe(false);
      const edit = await client.patch(url, { body: 'Changed' });
      expect(edit.status, who).toBe(403);
      expect(edit.body.error.code).toBe('forbidden');
      expect((await client.delete(url)).status, who).toBe(403);
    }
    // A manager of someone else does not see Ann at all; Ann never sees notes about herself.
    expect((await lead2.patch(url, { body: 'Changed' })).status).toBe(404);
    expect((await lead2.delete(url)).status).toBe(404);
    const ann = await t.as('ann@example.com');
    expect((await ann.patch(url, { body: 'Changed' })).status).toBe(404);
    expect((await ann.delete(url)).status).toBe(404);
    // Nothing changed and nothing was audited.
    const listed = (await owner.get(notesOf(ids.ann!))).body.items.find((n: any) => n.id === noteId);
    expect(listed).toMatchObject({ body: 'Only the lead may change this', editedAt: null });
    expect((await auditOf('note.')).filter((e) => e.before?.noteId === noteId)).toEqual([]);
  });

  it('answers 404 for a note of someone else and 400 for an empty text', async () => {
    const noteId = await leadWrites('About Ann');
    // The note exists, but not on this person's profile.
    expect((await owner.patch(`${notesOf(ids.lead!)}/${noteId}`, { body: 'x' })).status).toBe(404);
    expect((await owner.delete(`${notesOf(ids.lead!)}/${noteId}`)).status).toBe(404);
    expect((await owner.patch(`${notesOf(ids.ann!)}/no-such-note`, { body: 'x' })).status).toBe(404);
    const empty = await lead.patch(`${notesOf(ids.ann!)}/${noteId}`, { body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('validation_failed');
  });
});

describe('the texts in the audit log', () => {
  it('are shown to audit readers who read notes, and hidden from those who do not (a Reporter)', async () => {
    const noteId = await leadWrites('Before the edit');
    expect((await lead.patch(`${notesOf(ids.ann!)}/${noteId}`, { body: 'After the edit' })).status).toBe(200);
    await insertUser(t.db, { email: 'reporter@example.com', role: 'reporter' });
    const reporter = await t.as('reporter@example.com');
    const path = `/api/v1/audit?targetId=${ids.ann}&action=note.updated`;
    const mine = (res: any) => res.body.items.find((e: any) => e.before?.noteId === noteId);
    const seen = await reporter.get(path);
    expect(seen.status).toBe(200);
    expect(mine(seen)).toMatchObject({ actorId: ids.lead, before: { noteId }, after: { noteId } });
    expect(JSON.stringify(seen.body)).not.toMatch(/Before the edit|After the edit/);
    expect(mine(seen).before.body).toBe('[hidden: only note readers see note texts]');
    const exported = await reporter.get(`/api/v1/audit/export?targetId=${ids.ann}&action=note.updated`);
    expect(exported.status).toBe(200);
    expect(String(exported.body)).not.toMatch(/Before the edit|After the edit/);
    expect(String(exported.body)).toMatch(/only note readers see note texts/);
    expect(mine(await owner.get(path)).after.body).toBe('After the edit');
  });
});

describe('deleting a note', () => {
  it('its author deletes it: gone from the list, audited with its text; a second delete is 404', async () => {
    const noteId = await leadWrites('Temporary remark');
    const url = `${notesOf(ids.ann!)}/${noteId}`;
    expect((await lead.delete(url)).status).toBe(204);
    expect((await owner.get(notesOf(ids.ann!))).body.items.map((n: any) => n.id)).not.toContain(noteId);
    const [entry] = (await auditOf('note.deleted')).filter((e) => e.before?.noteId === noteId);
    expect(entry).toMatchObject({ actorId: ids.lead, before: { noteId, body: 'Temporary remark' } });
    expect((await lead.delete(url)).status).toBe(404);
  });

  it('an Owner deletes a note someone else wrote', async () => {
    const noteId = await leadWrites('Removed by the Owner');
    expect((await owner.delete(`${notesOf(ids.ann!)}/${noteId}`)).status).toBe(204);
    const [entry] = (await auditOf('note.deleted')).filter((e) => e.before?.noteId === noteId);
    expect(entry?.before.body).toBe('Removed by the Owner');
  });
});
