/**
 * SCIM provisioning over HTTP with BENCH_SCIM_USERS provisioned users (default 100,000): create
 * throughput (POST /scim/v2/Users from concurrent clients), PATCH active=false p95, and the
 * `userName eq` lookup every client makes before a create. JSON lines on stdout, notes on stderr.
 *
 *   npx tsx bench/scim.ts     BENCH_DB=pglite|postgres|both (both)   BENCH_SCIM_USERS (100000)
 *   BENCH_SCIM_CREATES (2000)   BENCH_SCIM_CONNECTIONS (8)   BENCH_REQUESTS (300)   BENCH_WARMUP (30)
 *   BENCH_DATABASE_URL / DATABASE_URL: the PostgreSQL server; a fresh database is created there and dropped.
 *
 * Most users are seeded in bulk SQL (bench/seed.ts) and then marked SCIM-managed in one UPDATE; the
 * creates measured here are the rest, so the table holds BENCH_SCIM_USERS users when PATCH is measured.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, type Db } from '../src/server/db/index';
import { withBulkManagerChanges } from '../src/server/modules/people/hierarchy';
import { HttpClient, stats, withBenchDatabase } from './measure';
import { seedUsers } from './seed';
import { listenWithOwner, startBenchRuntime } from './server';

const env = process.env;
const int = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) ? Number(v) : d);
const USERS = int(env.BENCH_SCIM_USERS, 100_000);
const CREATES = Math.min(int(env.BENCH_SCIM_CREATES, 2_000), USERS);
const CONNECTIONS = int(env.BENCH_SCIM_CONNECTIONS, 8);
const REQUESTS = int(env.BENCH_REQUESTS, 300);
const WARMUP = int(env.BENCH_WARMUP, 30);
const WHICH = env.BENCH_DB ?? 'both';
type Kind = 'pglite' | 'postgres';

const emit = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);
const note = (line: string) => process.stderr.write(`[bench:scim] ${line}\n`);

/** Marks the seeded users as provisioned by HR, the way a first full sync leaves them. */
const MARK_SCIM = `
update users set managed_by = 'scim', scim_user_name = email, external_id = 'hr-' || id,
  scim_extra = jsonb_build_object('emails', jsonb_build_array(jsonb_build_object('value', email, 'type', 'work', 'primary', true))),
  hr_managed_fields = '["email","firstName","lastName","status","jobTitle","department","employeeId"]'::jsonb,
  deactivated_by_hr = (status = 'deactivated')
where email is not null and deleted_at is null`;

async function request(
  client: HttpClient,
  method: string,
  p: string,
  body: unknown,
  expected: number,
): Promise<number> {
  const t0 = performance.now();
  const res = await client.request(method, p, body, { 'content-type': 'application/scim+json' });
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${method} ${p} answered ${res.status}: ${text.slice(0, 300)}`);
  return performance.now() - t0;
}

async function benchScim(kind: Kind, db: Db): Promise<void> {
  const rt = await startBenchRuntime(db);
  try {
    const seeded = USERS - CREATES;
    note(`${kind}: seeding ${seeded.toLocaleString('en')} users and marking them SCIM-managed`);
    let t0 = performance.now();
    await withBulkManagerChanges(db, () => seedUsers(db, seeded));
    await db.query(MARK_SCIM);
    await db.query('analyze users');
    emit({ bench: 'scim_seed', db: kind, users: seeded, ms: Math.round(performance.now() - t0) });

    const { base, session, csrfToken } = await listenWithOwner(rt, db);
    const { token } = (
      await session.json<{ token: string }>(
        'POST',
        '/api/v1/tokens',
        { name: 'bench', scopes: ['scim'] },
        { 'x-csrf-token': csrfToken },
      )
    ).body;
    const scim = new HttpClient(`${base}/scim/v2`, { authorization: `Bearer ${token}` });

    // Create throughput: CONNECTIONS clients POSTing Entra-shaped users until CREATES are in.
    note(`${kind}: ${CREATES} creates over ${CONNECTIONS} connections`);
    let next = 0;
    const samples: number[] = [];
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        for (let i = next++; i < CREATES; i = next++) {
          const userName = `scim.bench.${i}@hr.example`;
          samples.push(
            await request(
              scim,
              'POST',
              '/Users',
              {
                schemas: [
                  'urn:ietf:params:scim:schemas:core:2.0:User',
                  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
                ],
                externalId: `bench-${i}`,
                userName,
                active: true,
                displayName: `Bench ${i}`,
                name: { givenName: 'Bench', familyName: `User ${i}` },
                emails: [{ primary: true, type: 'work', value: userName }],
                title: 'Engineer',
                'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {
                  employeeNumber: `B${i}`,
                  department: 'Engineering',
                },
              },
              201,
            ),
          );
        }
      }),
    );
    const wall = performance.now() - t0;
    emit({
      bench: 'scim_create',
      db: kind,
      users_total: USERS,
      connections: CONNECTIONS,
      ...stats(samples, wall),
      users_per_s: Math.round((CREATES * 1000) / wall),
    });

    // PATCH active=false on users picked across the table, one at a time (Okta's deactivation shape).
    const ids = (
      await db.query<{ id: string }>(
        `select id from users where managed_by = 'scim' and deleted_at is null and status in ('confirmed', 'invite_pending', 'not_invited') and role <> 'owner'
       order by md5(id) limit $1`,
        [WARMUP + REQUESTS],
      )
    ).map((r) => r.id);
    if (ids.length < WARMUP + REQUESTS) throw new Error(`only ${ids.length} active SCIM users to deactivate`);
    const deactivate = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', value: { active: false } }],
    };
    note(`${kind}: PATCH active=false × ${REQUESTS}`);
    for (const id of ids.slice(0, WARMUP)) await request(scim, 'PATCH', `/Users/${id}`, deactivate, 204);
    const patches: number[] = [];
    for (const id of ids.slice(WARMUP)) patches.push(await request(scim, 'PATCH', `/Users/${id}`, deactivate, 204));
    const [{ n }] = (await db.query<{ n: number }>(
      `select count(*)::int as n from users where managed_by = 'scim' and deleted_at is null`,
    )) as [{ n: number }];
    emit({ bench: 'scim_patch_deactivate', db: kind, provisioned_users: n, ...stats(patches) });

    // The lookup Entra and Okta make before every create: filter=userName eq "…".
    const names = (
      await db.query<{ u: string }>(
        `select scim_user_name as u from users where managed_by = 'scim' order by md5(id) limit $1`,
        [REQUESTS],
      )
    ).map((r) => r.u);
    const lookups: number[] = [];
    for (const u of names)
      lookups.push(
        await request(
          scim,
          'GET',
          `/Users?filter=${encodeURIComponent(`userName eq "${u.toUpperCase()}"`)}`,
          undefined,
          200,
        ),
      );
    emit({ bench: 'scim_filter_username', db: kind, provisioned_users: n, ...stats(lookups) });
  } finally {
    await rt.stop();
  }
}

async function runPglite(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roster-bench-scim-'));
  try {
    await benchScim('pglite', await connect({ dataDir: path.join(dir, 'data') }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runPostgres(): Promise<void> {
  const ran = await withBenchDatabase(
    'roster_scim',
    async (url) => benchScim('postgres', await connect({ databaseUrl: url, poolSize: 10 })),
    { note },
  );
  if ('skipped' in ran) emit({ bench: 'skipped', db: 'postgres', reason: ran.skipped });
}

emit({
  bench: 'env',
  scenario: 'scim',
  node: process.version,
  cpus: os.cpus().length,
  users: USERS,
  creates: CREATES,
  requests: REQUESTS,
});
try {
  if (WHICH === 'both' || WHICH === 'pglite') await runPglite();
  if (WHICH === 'both' || WHICH === 'postgres') await runPostgres();
} catch (err) {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
