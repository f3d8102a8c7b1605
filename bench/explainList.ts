/**
 * EXPLAIN (ANALYZE, BUFFERS) of the People list's statements as users/list.ts issues them for one query string,
 * first page and a deep page (following nextCursor), as an Owner: the measure of
 * docs/decisions/034-team-and-field-filters-at-a-million.md. Reads only (the statements are SELECTs).
 *
 *   EXPLAIN_DB_URL=postgres://postgres@127.0.0.1:5432/<db> npx tsx bench/explainList.ts 'teamId=bench-team-7' [deep=20] [runs=3]
 */
import { connect } from '../src/server/db/index';
import { listUsersJson } from '../src/server/modules/users/list';
import { listQuerySchema } from '../src/server/modules/people/schemas';
import { recorder } from './measure';

const [query = '', deepArg = '20', runsArg = '3'] = process.argv.slice(2);
const url = process.env.EXPLAIN_DB_URL;
if (!url) throw new Error('EXPLAIN_DB_URL is required');

const rawDb = await connect({ databaseUrl: url, poolSize: 2 });
const { db, state } = recorder(rawDb);
const [owner] = await rawDb.query<{ id: string }>(
  `select id from users where role = 'owner' and deleted_at is null order by created_at limit 1`,
);
const actor = { type: 'user' as const, userId: owner!.id, role: 'owner' as const };
const parse = (cursor: string | null) =>
  listQuerySchema.parse({
    sort: 'name',
    limit: '50',
    ...Object.fromEntries(new URLSearchParams(query)),
    ...(cursor ? { cursor } : {}),
  });

/** The page's statements for this cursor, explained `runs` times each: execution ms and shared buffers. */
async function explainPage(label: string, cursor: string | null) {
  state.captured = [];
  const page = JSON.parse(await listUsersJson(db, actor, parse(cursor)));
  const statements = state.captured.filter((q) => /\busers u\b/.test(q.text));
  state.captured = null;
  for (const q of statements) {
    const lines: string[] = [];
    for (let i = 0; i < Number(runsArg); i++) {
      const rows = await rawDb.query<{ 'QUERY PLAN': string }>(
        `explain (analyze, buffers, format text) ${q.text}`,
        q.params,
      );
      const text = rows.map((r) => r['QUERY PLAN']);
      const exec = text.find((l) => l.startsWith('Execution Time'));
      const buffers = text.find((l) => l.trim().startsWith('Buffers'));
      lines.push(`${exec} | ${buffers?.trim()}`);
      if (i === Number(runsArg) - 1) {
        console.log(`--- ${label}: ${q.text.slice(0, 400)}${q.text.length > 400 ? '…' : ''}`);
        console.log(JSON.stringify(q.params).slice(0, 300));
        console.log(text.join('\n'));
      }
    }
    console.log(`=== ${label} runs:\n${lines.join('\n')}`);
  }
  return page as { nextCursor: string | null; total: number; totalIsLowerBound: boolean };
}

let page = await explainPage(`${query} first page`, null);
console.log(`total ${page.total}${page.totalIsLowerBound ? '+' : ''}`);
let cursor = page.nextCursor;
for (let i = 2; i < Number(deepArg) && cursor; i++) {
  page = JSON.parse(await listUsersJson(rawDb, actor, parse(cursor)));
  cursor = page.nextCursor;
}
if (cursor) await explainPage(`${query} page ${deepArg}`, cursor);
await rawDb.close();
