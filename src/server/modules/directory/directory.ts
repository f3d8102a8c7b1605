import { escapeLike, type Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { forbidden } from '../../core/errors';
import { decodeNameCursor, namePage } from '../../core/keyset';
import { namedPerson } from '../people/repo';
import { listFields } from '../customFields/customFields';
import { getSettings } from '../settings/settings';

/**
 * Condition on `u` for the people the directory lists: those who can sign in — confirmed, not deleted, not
 * past their expiry date. People not yet invited or still to accept are not colleagues yet; people on a
 * break can sign in and are listed (README, "Behaviour worth knowing").
 */
export const LISTED_IN_DIRECTORY = `u.deleted_at is null and u.status = 'confirmed' and (u.expires_at is null or u.expires_at > now())`;

/** The directory's search also leaves out whoever chose to hide (My profile; migration 042). */
const SEARCHED = `${LISTED_IN_DIRECTORY} and not u.hidden_from_directory`;

export interface DirectoryQuery {
  q?: string;
  teamId?: string;
  limit: number;
  cursor?: string;
}

/**
 * The colleague directory (docs/product-rules.md §4): any signed-in person searches by name, job title,
 * department, location or team. Only directory fields are returned (custom fields marked
 * visibleInDirectory), and only for people who can sign in (LISTED_IN_DIRECTORY) and have not hidden
 * themselves. Pages follow (sort name, id), so the cursor stays stable while people are added or leave.
 */
export async function searchDirectory(sql: Sql, actor: Actor, query: DirectoryQuery) {
  if (!actor.userId) throw forbidden('The directory is for people signed in.');
  if (!(await getSettings(sql)).directoryEnabled) throw forbidden('The directory is turned off.');
  const visibleKeys = (await listFields(sql)).filter((f) => f.visibleInDirectory).map((f) => f.key);
  const pattern = query.q?.trim() ? `%${escapeLike(query.q.trim().toLowerCase())}%` : null;
  const after = query.cursor ? decodeNameCursor(query.cursor) : [null, null];
  const where = `${SEARCHED}
    and ($1::text is null or lower(u.first_name || ' ' || u.last_name) like $1 or u.sort_name like $1 or lower(u.job_title) like $1
      or lower(u.department) like $1 or lower(u.location) like $1
      or u.id in (select m.user_id from team_members m join teams t on t.id = m.team_id where lower(t.name) like $1))
    and ($2::text is null or u.id in (select m.user_id from team_members m where m.team_id = $2))`;
  const [count] = await sql.query<{ n: number }>(`select count(*)::int as n from users u where ${where}`, [
    pattern,
    query.teamId ?? null,
  ]);
  const rows = await sql.query(
    `select u.id, u.first_name, u.last_name, u.email, u.job_title, u.department, u.location, u.photo_url, u.sort_name,
       (select jsonb_object_agg(k, v) from jsonb_each(u.custom_fields) e(k, v) where k = any($5::text[])) as custom_fields,
       (select coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name) order by t.name), '[]'::jsonb)
          from team_members m join teams t on t.id = m.team_id where m.user_id = u.id) as teams
     from users u where ${where} and ($3::text is null or (u.sort_name, u.id) > ($3, $4))
     order by u.sort_name, u.id limit ${query.limit + 1}`,
    [pattern, query.teamId ?? null, after[0], after[1], visibleKeys],
  );
  const { page, nextCursor } = namePage(rows, query.limit);
  return {
    items: page.map((r: any) => ({
      ...namedPerson(r),
      jobTitle: r.job_title,
      department: r.department,
      location: r.location,
      photoUrl: r.photo_url,
      teams: r.teams,
      customFields: r.custom_fields ?? {},
    })),
    nextCursor,
    total: count!.n,
  };
}
