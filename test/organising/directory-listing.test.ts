import { describe, expect, it } from 'vitest';
import { insertUser } from '../helpers/harness';
import { useApp } from '../helpers/useApp';
import { signedIn } from '../helpers/api';

const { t, owner } = useApp();

/** Everyone the directory lists for a search, page by page, following the cursor. */
async function allPages(client: typeof owner, q: string, onFirstPage?: () => Promise<void>) {
  const pages: { items: any[]; nextCursor: string | null; total: number }[] = [];
  let cursor: string | null = null;
  do {
    const res = await client.get(`/api/v1/directory?q=${q}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    pages.push(res.body);
    cursor = res.body.nextCursor;
    if (pages.length === 1) await onFirstPage?.();
  } while (cursor && pages.length < 10);
  return pages;
}

describe('directory listing', () => {
  it('pages past 50 with a stable cursor: nobody twice, nobody skipped, even when someone joins meanwhile', async () => {
    for (let i = 0; i < 57; i++)
      await insertUser(t.db, { firstName: 'Pagina', lastName: `Person ${String(i).padStart(2, '0')}` });
    const reader = await signedIn(t, 'learner');
    const pages = await allPages(reader.client, 'pagina', async () => {
      // Sorts before every name of the second page: a cursor by offset would show someone twice.
      await insertUser(t.db, { firstName: 'Pagina', lastName: 'Person 00a' });
    });
    expect(pages.map((p) => p.items.length)).toEqual([50, 7]);
    expect(pages[0]!.total).toBe(57);
    expect(pages[1]!.nextCursor).toBeNull();
    const names = pages.flatMap((p) => p.items.map((i) => i.lastName));
    expect(new Set(names).size).toBe(57);
    expect(names).toEqual(Array.from({ length: 57 }, (_, i) => `Person ${String(i).padStart(2, '0')}`));
    const bad = await reader.client.get('/api/v1/directory?cursor=not-a-cursor');
    expect(bad.status).toBe(400);
  });

  it('lists only people who can sign in, and not those who hid themselves (the People list still shows them)', async () => {
    const listed = await insertUser(t.db, { firstName: 'Visa', lastName: 'Listed' });
    for (const status of ['not_invited', 'invite_pending', 'deactivated', 'expired', 'anonymised'] as const)
      await insertUser(t.db, { firstName: 'Visa', lastName: `Is ${status}`, status });
    const pastEnd = await insertUser(t.db, { firstName: 'Visa', lastName: 'Past end date' });
    await t.db.query(`update users set expires_at = now() - interval '1 day' where id = $1`, [pastEnd.id]);
    const deleted = await insertUser(t.db, { firstName: 'Visa', lastName: 'Deleted' });
    await t.db.query(`update users set deleted_at = now() where id = $1`, [deleted.id]);

    const shy = await signedIn(t, 'learner', { email: 'visa-shy@example.com' });
    await t.db.query(`update users set first_name = 'Visa', last_name = 'Shy' where id = $1`, [shy.id]);
    const reader = await signedIn(t, 'learner');
    const ids = async () =>
      ((await reader.client.get('/api/v1/directory?q=visa')).body.items as any[]).map((i) => i.id).sort();
    expect(await ids()).toEqual([listed.id, shy.id].sort());

    const hide = await shy.client.patch('/api/v1/me', { hiddenFromDirectory: true });
    expect(hide.status, JSON.stringify(hide.body)).toBe(200);
    expect(hide.body.hiddenFromDirectory).toBe(true);
    expect((await shy.client.get('/api/v1/me')).body.hiddenFromDirectory).toBe(true);
    expect(await ids()).toEqual([listed.id]);
    expect((await reader.client.get('/api/v1/directory?q=shy')).body.total).toBe(0);
    // Administrators still find them in the People list, and the change is audited.
    const people = await owner.get('/api/v1/users?q=Shy');
    const row = people.body.items.find((u: any) => u.id === shy.id);
    expect(row?.hiddenFromDirectory).toBe(true);
    const audit = await owner.get(`/api/v1/audit?targetId=${shy.id}`);
    expect(JSON.stringify(audit.body.items)).toContain('hiddenFromDirectory');

    await shy.client.patch('/api/v1/me', { hiddenFromDirectory: false });
    expect(await ids()).toEqual([listed.id, shy.id].sort());
    expect((await shy.client.patch('/api/v1/me', { hiddenFromDirectory: 'yes' })).status).toBe(400);
  });

  it('shows the custom fields visible in the directory and no others', async () => {
    await owner.post('/api/v1/custom-fields', { key: 'room', label: 'Room', type: 'text', visibleInDirectory: true });
    await owner.post('/api/v1/custom-fields', { key: 'grade', label: 'Grade', type: 'text' });
    const p = await insertUser(t.db, { firstName: 'Campo', lastName: 'Fields' });
    await t.db.query(`update users set custom_fields = '{"room": "4.12", "grade": "B3"}' where id = $1`, [p.id]);
    const reader = await signedIn(t, 'learner');
    const [entry] = (await reader.client.get('/api/v1/directory?q=campo')).body.items;
    expect(entry.customFields).toEqual({ room: '4.12' });
    expect(JSON.stringify(entry)).not.toContain('B3');
  });
});
