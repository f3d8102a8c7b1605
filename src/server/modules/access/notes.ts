import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { notFound } from '../../core/errors';
import * as audit from '../audit/audit';
import { findUser } from '../people/repo';
import { assertCanActOn } from './policy';

export const noteInputSchema = z.object({ body: z.string().trim().min(1, 'Write something.').max(10_000) }).strict();

/**
 * Notes on a profile: by Owners, Admins, HR and the person's managers; never shown to the person
 * themselves — for them the notes of their own profile do not exist (404), whatever their role.
 */
async function loadSubject(sql: Sql, actor: Actor, userId: string) {
  const user = await findUser(sql, userId);
  if (!user || actor.userId === userId) throw notFound('User');
  await assertCanActOn(sql, actor, user, 'notes');
  return user;
}

export async function listNotes(sql: Sql, actor: Actor, userId: string) {
  await loadSubject(sql, actor, userId);
  const rows = await sql.query(
    `select n.id, n.body, n.created_at, n.author_id, a.first_name, a.last_name
       from notes n left join users a on a.id = n.author_id
      where n.user_id = $1 order by n.created_at desc, n.id`,
    [userId],
  );
  return rows.map((n: any) => ({
    id: n.id,
    body: n.body,
    createdAt: n.created_at.toISOString(),
    author: n.author_id ? { id: n.author_id, name: `${n.first_name} ${n.last_name}`.trim() } : null,
  }));
}

export async function addNote(tx: Sql, actor: Actor, userId: string, body: string) {
  await loadSubject(tx, actor, userId);
  const id = randomUUID();
  const [row] = await tx.query(
    `insert into notes (id, user_id, author_id, body) values ($1, $2, $3, $4)
     returning created_at, (select trim(first_name || ' ' || last_name) from users where id = $3) as author_name`,
    [id, userId, actor.userId, body],
  );
  // The audit entry records that a note was written, not what it says: audit readers need not be note readers.
  await audit.record(tx, actor, {
    action: 'note.created',
    targetType: 'user',
    targetId: userId,
    after: { noteId: id },
  });
  return {
    id,
    body,
    createdAt: row!.created_at.toISOString(),
    author: actor.userId ? { id: actor.userId, name: row!.author_name ?? '' } : null,
  };
}
