import type { Db } from '../src/server/db/index';
import { recorder, sequential, type Stats } from './measure';
import { seedUsers } from './seed';
import { listenWithOwner, startBenchRuntime } from './server';
import { withBulkManagerChanges } from '../src/server/modules/people/hierarchy';

/**
 * "People list p95 with a custom-field filter at 100,000 people" (docs/decisions/026-people-list-views.md): the
 * seeded people (bench/seed.ts) get a cost centre, a filterable single-select custom field with 40 values (about
 * 2.5 % of the people each), and a last sign-in; the People list's first page filtered by one cost centre is
 * measured, sorted by name (the target, ≤ 30 ms p95 on PostgreSQL) and by a header sort (last sign-in, newest
 * first). Each statement of one request is explained too.
 */
export const CF_TARGET_P95_MS = 30;
const CENTRES = 40;

export interface FilterBenchOptions {
  users: number;
  requests: number;
  warmup: number;
  emit: (o: Record<string, unknown>) => void;
  note: (line: string) => void;
}

export async function benchCustomFieldFilter(kind: string, rawDb: Db, o: FilterBenchOptions): Promise<void> {
  const { db, state } = recorder(rawDb);
  const rt = await startBenchRuntime(db);
  try {
    o.note(`${kind} filters: seeding ${o.users.toLocaleString('en')} users with a cost centre`);
    const t0 = performance.now();
    await withBulkManagerChanges(rawDb, () => seedUsers(rawDb, o.users));
    await rawDb.query(
      `update users set custom_fields = jsonb_build_object('cost_centre', 'CC-' || lpad((abs(hashtext('cc' || id)) % ${CENTRES})::text, 2, '0')),
              last_sign_in_at = case when status = 'confirmed' and abs(hashtext('s' || id)) % 10 <> 0
                                     then now() - (abs(hashtext('t' || id)) % (200 * 24)) * interval '1 hour' end`,
    );
    await rawDb.query('vacuum analyze users');
    o.emit({ bench: 'people_list_cf.seed', db: kind, users: o.users, ms: Math.round(performance.now() - t0) });

    const { session, csrfToken } = await listenWithOwner(rt, rawDb);
    const options = Array.from({ length: CENTRES }, (_, i) => `CC-${String(i).padStart(2, '0')}`);
    const created = await session.json(
      'POST',
      '/api/v1/custom-fields',
      {
        key: 'cost_centre',
        label: 'Cost centre',
        type: 'single_select',
        options,
        filterable: true,
      },
      { 'x-csrf-token': csrfToken },
    );
    if (created.res.status !== 201) throw new Error(`custom field: ${created.res.status}`);

    // Varied values, so no single cached answer is measured over and over.
    const path = (sort: string) => (i: number) =>
      `/api/v1/users?cf.cost_centre=${options[i % CENTRES]}&sort=${sort}&limit=50`;
    const first = await session.json<{ items: unknown[]; total: number }>('GET', path('name')(7));
    if (first.body.items.length !== 50) throw new Error(`the filtered page has ${first.body.items.length} items`);

    for (const sort of ['name', '-lastSignInAt']) {
      o.note(`${kind} filters: cf.cost_centre, sort=${sort}`);
      const s: Stats = await sequential(session, path(sort), o.warmup, o.requests);
      o.emit({
        bench: 'people_list_cf_filter_p95',
        db: kind,
        users: o.users,
        filter: 'cf.cost_centre (single_select, 1 of 40)',
        sort,
        total: first.body.total,
        ...s,
        target_p95_ms: CF_TARGET_P95_MS,
        met: s.p95_ms <= CF_TARGET_P95_MS,
      });
      state.captured = [];
      await session.get(path(sort)(3));
      const statements = state.captured.filter((q) => /from users u\b/.test(q.text));
      state.captured = null;
      for (const q of statements) {
        const [row] = await rawDb.query<{ 'QUERY PLAN': any }>(`explain (analyze, format json) ${q.text}`, q.params);
        const plan = (typeof row!['QUERY PLAN'] === 'string' ? JSON.parse(row!['QUERY PLAN']) : row!['QUERY PLAN'])[0];
        o.emit({
          bench: 'people_list_cf.sql',
          db: kind,
          sort,
          statement: /^select count\(\*\)/.test(q.text) ? 'total' : 'page',
          execution_ms: Math.round(plan['Execution Time'] * 100) / 100,
          plan: nodeTypes(plan.Plan),
        });
      }
    }
  } finally {
    await rt.stop();
  }
}

function nodeTypes(node: any): string {
  const parts: string[] = [];
  for (let n = node; n; n = n.Plans?.[0])
    parts.push(`${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''} (rows ${n['Actual Rows']})`);
  return parts.join(' > ');
}
