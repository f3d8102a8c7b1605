import { randomUUID } from 'node:crypto';
import type { Db, Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { collectGarbageIfGrown } from '../../core/heap';
import { listFields, type CustomField } from '../customFields/customFields';
import type { ImportOptions } from './columns';
import { keysOf, loadContext } from './context';
import { parseRecords, readHeader, type ParsedRecord } from './parse';
import { planRow, type Planned } from './plan';
import { countRows } from './repo';
import { validateRow, type CellError, type RowInput } from './validate';

/** Rows are planned and staged this many at a time: memory stays flat and PGlite (one connection) keeps answering. */
const STAGE_CHUNK = 2000;

/** A row during the whole-file checks: its cells, and its typed values while it is still valid. */
interface FileRow {
  line: number;
  cells: Record<string, string>;
  input: RowInput | null;
  errors: CellError[];
}

/** What the whole-file manager checks need of a planned row (the plan itself is staged and dropped). */
interface Settled {
  line: number;
  action: Planned['action'];
  userId: string | null;
  /** The manager the row sets (undefined: it does not set one). */
  managerId?: string | null;
  depth: number;
  failure?: string;
}

/**
 * The preview job: parse the stored file, validate every row, plan it against the database and
 * stage the result in import_rows. Writes nothing to users. Idempotent: a resumed preview (after a
 * crash) starts again from the file.
 *
 * Checks that need the whole file (duplicate keys, the keys to look up, people the file creates)
 * run first on the typed rows; then rows are planned and staged slice by slice, each slice's
 * insert running on the database while the next slice is planned. Managers set inside the file are
 * settled last, rewriting only the rows that changed.
 */
export async function runPreview(
  db: Db,
  importId: string,
  actor: Actor,
  opts: ImportOptions,
  onProgress: (done: number, total: number) => Promise<void>,
) {
  const fieldList = await listFields(db);
  const fields = new Map(fieldList.map((f) => [f.key, f]));
  const rows = await validateFile(await readFile(db, importId, opts, fieldList), opts, fields);
  collectGarbageIfGrown(); // the file's bytes and text are garbage from here on
  const ctx = await loadContext(
    db,
    actor,
    opts,
    fields,
    keysOf(
      rows.flatMap((r) => (r.input ? [r.input] : [])),
      fields,
    ),
  );
  // People this file creates can be managers of other rows, in any order: reserve their ids first.
  const reserved = new Map<string, number>();
  for (const r of rows)
    if (r.input?.emailNorm && !ctx.byEmail.has(r.input.emailNorm) && opts.mode !== 'update') {
      const id = randomUUID();
      ctx.fileCreates.set(r.input.emailNorm, { id, line: r.line });
      reserved.set(id, r.line);
    }
  await db.query(`delete from import_rows where import_id = $1`, [importId]);
  collectGarbageIfGrown();
  const settled: Settled[] = [];
  const total = rows.length;
  let pending: Promise<unknown> = Promise.resolve();
  // Slices are taken off the front, so what is staged can be collected while the rest is planned.
  for (let done = 0; rows.length;) {
    const slice = rows.splice(0, STAGE_CHUNK).map((r, k) => {
      const plan: Planned = r.input
        ? planRow(r.input, ctx, r.input.emailNorm ? (ctx.fileCreates.get(r.input.emailNorm)?.id ?? null) : null)
        : { action: 'error', errors: r.errors, changes: {}, userId: null };
      settled.push({
        line: r.line,
        action: plan.action,
        userId: plan.userId,
        managerId: plan.write?.managerId,
        depth: 0,
      });
      return { line: r.line, seq: done + k, cells: r.cells, plan };
    });
    done += slice.length;
    await pending;
    pending = stageRows(db, importId, slice);
    pending.catch(() => undefined); // awaited (and thrown) before the next slice or at the end
    // Let the insert go out before planning the next slice (on PostgreSQL it runs meanwhile).
    await new Promise((resolve) => setImmediate(resolve));
    await onProgress(done, total);
    collectGarbageIfGrown();
  }
  await pending;
  await restageSettled(db, importId, await settleManagers(db, settled, reserved));
  return { counts: await countRows(db, importId), total };
}

/** The stored file's rows; its bytes and decoded text stay in this function, so they can be collected early. */
async function readFile(
  db: Db,
  importId: string,
  opts: ImportOptions,
  fieldList: CustomField[],
): Promise<ParsedRecord[]> {
  const [{ file }] = (await db.query<{ file: Uint8Array }>(`select file from imports where id = $1`, [importId])) as [
    { file: Uint8Array },
  ];
  const header = readHeader(Buffer.from(file.buffer, file.byteOffset, file.byteLength), fieldList, opts.matchOn);
  return parseRecords(header.text, header.delimiter, header.columns);
}

/** Types every row (a parse error stays an error row) and flags keys repeated in the file. */
async function validateFile(
  records: ParsedRecord[],
  opts: ImportOptions,
  fields: Map<string, CustomField>,
): Promise<FileRow[]> {
  const rows: FileRow[] = [];
  for (const r of records) {
    if (!r.cells)
      rows.push({ line: r.line, cells: {}, input: null, errors: [{ column: r.column ?? null, message: r.error! }] });
    else {
      const { row, errors } = validateRow(r.cells, opts, fields);
      rows.push({ line: r.line, cells: r.cells, input: errors.length ? null : row, errors });
    }
    // A large file is validated in slices so the server keeps answering requests meanwhile.
    if (rows.length % 2000 === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      collectGarbageIfGrown();
    }
  }
  flagDuplicates(rows, opts, fields);
  return rows;
}

/** A key seen earlier in the file makes every later row with it an error. */
function flagDuplicates(rows: FileRow[], opts: ImportOptions, fields: Map<string, { unique: boolean }>) {
  const seen = new Map<string, number>();
  const check = (r: FileRow, kind: string, column: string, value: string | null | undefined) => {
    if (!value) return;
    const first = seen.get(`${kind}\0${value}`);
    if (first === undefined) seen.set(`${kind}\0${value}`, r.line);
    else {
      r.errors.push({
        column,
        message: `Duplicate ${column}: the same value is on line ${first}; only the first row is used.`,
      });
      r.input = null;
    }
  };
  for (const r of rows) {
    if (!r.input) continue;
    const input = r.input;
    check(r, 'key', opts.matchOn, input.matchKey);
    if (opts.matchOn !== 'email') check(r, 'email', 'email', input.emailNorm);
    if (opts.matchOn !== 'employeeId') check(r, 'employeeId', 'employeeId', input.profile.employeeId);
    for (const [key, v] of Object.entries(input.customFields))
      if (v !== null && fields.get(key)?.unique && `cf.${key}` !== opts.matchOn)
        check(r, `cf.${key}`, `cf.${key}`, String(v).trim().toLowerCase());
  }
}

/**
 * Managers set by the file: a manager row that is not created fails its reports; cycles (also
 * through people outside the file) are refused; depth orders the commit so managers exist first.
 * Returns the rows this changed (failed, or with a depth above 0).
 */
async function settleManagers(sql: Sql, rows: Settled[], reserved: Map<string, number>): Promise<Settled[]> {
  const applies = (r: Settled) => !r.failure && (r.action === 'create' || r.action === 'update');
  const writers = rows.filter((r) => applies(r) && r.managerId !== undefined);
  if (!writers.length) return [];
  const byUser = new Map(rows.filter((r) => applies(r) && r.userId).map((r) => [r.userId!, r]));
  const byLine = new Map(rows.map((r) => [r.line, r]));
  const current = new Map(
    (
      await sql.query<{ id: string; manager_id: string }>(
        `select id, manager_id from users where manager_id is not null`,
      )
    ).map((r) => [r.id, r.manager_id]),
  );
  const managerOf = (id: string): string | null => {
    const r = byUser.get(id);
    if (r && r.managerId !== undefined) return r.managerId;
    return current.get(id) ?? null;
  };
  const cyclic = writers.filter((r) => {
    const seen = new Set<string>();
    for (let m = r.managerId ?? null; m && !seen.has(m); m = managerOf(m)) {
      if (m === r.userId) return true;
      seen.add(m);
    }
    return false;
  });
  for (const r of cyclic) r.failure = 'This manager would create a reporting cycle.';
  // A report whose manager's row is not created cannot be applied; repeat until nothing changes.
  const managerRow = (r: Settled) => byLine.get(reserved.get(r.managerId ?? '') ?? -1);
  for (let changed = true; changed;) {
    changed = false;
    for (const r of writers) {
      const m = managerRow(r);
      if (applies(r) && m && (m.failure || m.action !== 'create')) {
        r.failure = `The manager's row (line ${m.line}) is not created (it has errors), so this row cannot be applied.`;
        changed = true;
      }
    }
  }
  const depthOf = (r: Settled, guard = 0): number => {
    const m = managerRow(r);
    return !m || m === r || guard > 10_000 ? 0 : 1 + depthOf(m, guard + 1);
  };
  for (const r of writers) if (applies(r)) r.depth = depthOf(r);
  return writers.filter((r) => r.failure || r.depth > 0);
}

/**
 * Rows the manager checks changed are rewritten (failed ones become errors); when some have a depth,
 * the commit order (seq) is renumbered so each depth comes after the one above.
 */
async function restageSettled(sql: Sql, importId: string, changed: Settled[]) {
  if (!changed.length) return;
  const failed = changed.filter((r) => r.failure);
  if (failed.length)
    await sql.query(
      `update import_rows r set action = 'error', changes = '{}', errors = jsonb_build_array(jsonb_build_object('column', 'managerEmail', 'message', v.message)),
              user_id = case when r.action = 'create' then null else r.user_id end
         from unnest($2::int[], $3::text[]) as v(line, message) where r.import_id = $1 and r.line = v.line`,
      [importId, failed.map((r) => r.line), failed.map((r) => r.failure)],
    );
  const deep = changed.filter((r) => !r.failure && r.depth > 0);
  if (!deep.length) return;
  await sql.query(
    `update import_rows r set depth = v.depth from unnest($2::int[], $3::int[]) as v(line, depth) where r.import_id = $1 and r.line = v.line`,
    [importId, deep.map((r) => r.line), deep.map((r) => r.depth)],
  );
  await sql.query(
    `update import_rows r set seq = o.seq from (select line, (row_number() over (order by depth, line) - 1)::int as seq from import_rows where import_id = $1) o
      where r.import_id = $1 and r.line = o.line and r.seq <> o.seq`,
    [importId],
  );
}

interface StagedRow {
  line: number;
  seq: number;
  cells: Record<string, string>;
  plan: Planned;
}

/** One JSON parameter for the slice: cheaper to send than an array per column of JSON texts (no escaping per element). */
async function stageRows(sql: Sql, importId: string, rows: StagedRow[]) {
  const name = (c: Record<string, string>) => [c.firstName, c.lastName].filter(Boolean).join(' ') || null;
  const records = rows.map((r) => ({
    line: r.line,
    seq: r.seq,
    data: r.cells,
    action: r.plan.action,
    errors: r.plan.errors,
    changes: r.plan.changes,
    user_id: r.plan.userId,
    email: r.cells.email || null,
    name: name(r.cells),
  }));
  await sql.query(
    `insert into import_rows (import_id, line, seq, depth, data, action, errors, changes, user_id, email, name)
     select $1, t.line, t.seq, 0, t.data, t.action, t.errors, t.changes, t.user_id, t.email, t.name
       from json_to_recordset($2::json) as t(line int, seq int, data jsonb, action text, errors jsonb, changes jsonb, user_id text, email text, name text)`,
    [importId, JSON.stringify(records)],
  );
}
