import type { Db } from '../src/server/db/index';
import { withBulkManagerChanges } from '../src/server/modules/people/hierarchy';
import { seedUsers, withoutConstraints, withoutSecondaryIndexes } from './seed';

/**
 * The organisation of the People-list-at-a-million bench (bench/million.ts, docs/decisions/032-list-at-a-million.md),
 * built set-based: bench/seed.ts's people (generate_series, chunks of 50,000) with the users table's secondary
 * indexes dropped and built once at the end, then a filterable cost centre (40 values) and a last sign-in on
 * everyone, and 100 teams holding everyone once. A database that already holds the people is reused as it is.
 */
export const TEAMS = 100;
export const CENTRES = 40;

export async function seedMillion(db: Db, users: number, note: (line: string) => void): Promise<{ seeded: boolean }> {
  const [have] = await db.query<{ n: number }>(`select count(*)::int as n from users`);
  if (have!.n >= users) {
    note(`million: reusing ${have!.n.toLocaleString('en')} people`);
    return { seeded: false };
  }
  if (have!.n > 10) throw new Error(`the bench database holds ${have!.n} people, fewer than ${users}: drop it first`);
  const t0 = performance.now();
  await withoutSecondaryIndexes(db, 'users', async () => {
    await withBulkManagerChanges(db, () => seedUsers(db, users, 50_000));
    note(`million: ${users.toLocaleString('en')} people inserted (${Math.round((performance.now() - t0) / 1000)} s)`);
    await db.query(
      `update users set custom_fields = jsonb_build_object('cost_centre', 'CC-' || lpad((abs(hashtext('cc' || id)) % ${CENTRES})::text, 2, '0')),
              last_sign_in_at = case when status = 'confirmed' and abs(hashtext('s' || id)) % 10 <> 0
                                     then now() - (abs(hashtext('t' || id)) % (200 * 24)) * interval '1 hour' end`,
    );
    note(`million: cost centres and sign-ins set (${Math.round((performance.now() - t0) / 1000)} s)`);
    // Before the indexes come back: the memberships' trigger writes every person's users.team_ids (migration 053),
    // which with the list's indexes in place writes one entry per index per person: stopped after 23 minutes, against
    // 128 s without them (load ~8).
    await db.query(
      `insert into teams (id, name, path) select 'bench-team-' || i, 'Bench team ' || i, '/bench-team-' || i || '/'
         from generate_series(0, ${TEAMS - 1}) i on conflict do nothing`,
    );
    await withoutConstraints(
      db,
      ['team_members'],
      () =>
        db.query(
          `insert into team_members (team_id, user_id) select 'bench-team-' || (abs(hashtext('tm' || id)) % ${TEAMS}), id from users`,
        ),
      true,
    );
    note(`million: teams filled (${Math.round((performance.now() - t0) / 1000)} s)`);
  });
  note(`million: indexes built (${Math.round((performance.now() - t0) / 1000)} s)`);
  await db.query('vacuum analyze users');
  await db.query('vacuum analyze team_members');
  note(`million: vacuumed (${Math.round((performance.now() - t0) / 1000)} s)`);
  return { seeded: true };
}
