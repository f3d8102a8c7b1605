import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { forbidden, notFound } from '../../core/errors';
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

/** Its author, an Admin or an Owner may change a note; other note readers may only read it. */
function mayChange(actor: Actor, authorId: string | null): boolean {
  if (actor.type === 'system' || actor.role === 'owner' || actor.role === 'admin') return true;
  return actor.userId !== null && actor.userId === authorId;
}

const NOTE_COLUMNS = `n.id, n.body, n.created_at, n.edited_at, n.author_id, a.first_name, a.last_name`;

function toNote(actor: Actor, n: any) {
  return {
    id: n.id as string,
    body: n.body as string,
    createdAt: n.created_at.toISOString() as string,
    editedAt: n.edited_at ? (n.edited_at.toISOString() as string) : null,
    author: n.author_id ? { id: n.author_id as string, name: `${n.first_name} ${n.last_name}`.trim() } : null,
    canChange: mayChange(actor, n.author_id),
  };
}

export async function listNotes(sql: Sql, actor: Actor, userId: string) {
  await loadSubject(sql, actor, userId);
  const rows = await sql.query(
    `select ${NOTE_COLUMNS} from notes n left join users a on a.id = n.author_id
      where n.user_id = $1 order by n.created_at desc, n.id`,
    [userId],
  );
  return rows.map((n) => toNote(actor, n));
}

export async function addNote(tx: Sql, actor: Actor, userId: string, body: string) {
  await loadSubject(tx, actor, userId);
  const id = randomUUID();
  const [row] = await tx.query(
    `insert into notes (id, user_id, author_id, body) values ($1, $2, $3, $4)
     returning created_at, (select trim(first_name || ' ' || last_name) from users where id = $3) as author_name`,
    [id, userId, actor.userId, body],
  );
  // The creation entry records that a note was written, not what it says; its text is in the note itself.
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
    editedAt: null,
    author: actor.userId ? { id: actor.userId, name: row!.author_name ?? '' } : null,
    canChange: true,
  };
}

/**
 * The note to change, locked: 404 when the person is out of scope, is the caller, or has no such note;
 * 403 when the caller sees the person but may not change this note.
 */
async function loadNoteToChange(tx: Sql, actor: Actor, userId: string, noteId: string) {
  await loadSubject(tx, actor, userId);
  const [note] = await tx.query<{ id: string; body: string; author_id: string | null }>(
    `select id, body, author_id from notes where id = $1 and user_id = $2 for update`,
    [noteId, userId],
  );
  if (!note) throw notFound('Note');
  if (!mayChange(actor, note.author_id))
    throw forbidden('Only the author of a note, an Admin or an Owner can change it.');
  return note;
}

/**
 * Edits keep their history in the audit trail: before and after text. Anonymising the person the note is
 * about scrubs those texts (audit/audit.ts, FREE_TEXT_KEYS) as it deletes the note itself.
 */
export async function updateNote(tx: Sql, actor: Actor, userId: string, noteId: string, body: string) {
  const note = await loadNoteToChange(tx, actor, userId, noteId);
  if (note.body !== body) {
    await tx.query(`update notes set body = $2, edited_at = now() where id = $1`, [noteId, body]);
    await audit.record(tx, actor, {
      action: 'note.updated',
      targetType: 'user',
      targetId: userId,
      before: { noteId, body: note.body },
      after: { noteId, body },
    });
  }
  const [row] = await tx.query(
    `select ${NOTE_COLUMNS} from notes n left join users a on a.id = n.author_id where n.id = $1`,
    [noteId],
  );
  return toNote(actor, row);
}

export async function deleteNote(tx: Sql, actor: Actor, userId: string, noteId: string) {
  const note = await loadNoteToChange(tx, actor, userId, noteId);
  await tx.query(`delete from notes where id = $1`, [noteId]);
  await audit.record(tx, actor, {
    action: 'note.deleted',
    targetType: 'user',
    targetId: userId,
    before: { noteId, body: note.body },
  });
}
