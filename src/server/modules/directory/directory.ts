import { binder, type Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { forbidden } from '../../core/errors';
import { decodeNameCursor, namePage } from '../../core/keyset';
import { namedPerson } from '../people/repo';
import { DIRECTORY_SEARCH_TEXTS, searchCondition } from '../people/search';
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

/** The members of the teams whose name contains the pattern `x` (a LIKE pattern's placeholder). */
const TEAM_NAME_MATCH = (x: string) =>
  `u.id = any(array(select m.user_id from team_members m join teams t on t.id = m.team_id where lower(t.name) like ${x}))`;

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
  const after = query.cursor ? decodeNameCursor(query.cursor) : [null, null];
  const { params, bind } = binder();
  let where = SEARCHED;
  // Through users_directory_search_idx (migration 056) when the term has a trigram: people/search.ts. A team's
  // name matches its members, read by id (an array, so the planner can OR it with the index's bitmap).
  if (query.q?.trim())
    where += ` and ${searchCondition(DIRECTORY_SEARCH_TEXTS, query.q.trim().toLowerCase(), bind, TEAM_NAME_MATCH)}`;
  if (query.teamId)
    where += ` and u.id in (select m.user_id from team_members m where m.team_id = ${bind(query.teamId)})`;
  const whereParams = [...params];
  const [count] = await sql.query<{ n: number }>(`select count(*)::int as n from users u where ${where}`, whereParams);
  const afterSql = after[0] === null ? '' : ` and (u.sort_name, u.id) > (${bind(after[0])}, ${bind(after[1])})`;
  const rows = await sql.query(
    `select u.id, u.first_name, u.last_name, u.email, u.job_title, u.department, u.location, u.photo_url, u.sort_name,
       (select jsonb_object_agg(k, v) from jsonb_each(u.custom_fields) e(k, v) where k = any(${bind(visibleKeys)}::text[])) as custom_fields,
       (select coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name) order by t.name), '[]'::jsonb)
          from team_members m join teams t on t.id = m.team_id where m.user_id = u.id) as teams
     from users u where ${where}${afterSql}
     order by u.sort_name, u.id limit ${query.limit + 1}`,
    params,
  );
  return {
    ...namePage(rows, query.limit, (r: any) => ({
      ...namedPerson(r),
      jobTitle: r.job_title,
      department: r.department,
      location: r.location,
      photoUrl: r.photo_url,
      teams: r.teams,
      customFields: r.custom_fields ?? {},
    })),
    total: count!.n,
  };
}
