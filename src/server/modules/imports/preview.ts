import { randomUUID } from 'node:crypto';
import type { Db, Sql } from '../../db/index';
import type { Actor } from '../../http/actor';
import { listFields, type CustomField } from '../customFields/customFields';
import type { ImportOptions } from './columns';
import { loadContext, type Keys } from './context';
import { parseRecords, readHeader, type ParsedRecord } from './parse';
import { planRow, type Planned, type Write } from './plan';
import { countRows } from './repo';
import { validateRow, type RowInput } from './validate';

/** Staged rows are written this many at a time, so PGlite (one connection) keeps answering the API. */
const STAGE_CHUNK = 2000;

interface Staged {
  line: number;
  cells: Record<string, string>;
  input: RowInput | null;
  plan: Planned;
  depth: number;
}

/**
 * The preview job: parse the stored file, validate every row, plan it against the database and
 * stage the result in import_rows. Writes nothing to users. Idempotent: a resumed preview (after a
 * crash) starts again from the file.
 */
export async function runPreview(db: Db, importId: string, actor: Actor, opts: ImportOptions, onProgress: (done: number, total: number) => Promise<void>) {
  const [{ file }] = (await db.query<{ file: Uint8Array }>(`select file from imports where id = $1`, [importId])) as [{ file: Uint8Array }];
  const fieldList = await listFields(db);
  const header = readHeader(Buffer.from(file), fieldList, opts.matchOn);
  const records = parseRecords(header.text, header.delimiter, header.columns);
  const staged = await planFile(db, actor, opts, records, new Map(fieldList.map((f) => [f.key, f])));
  await db.query(`delete from import_rows where import_id = $1`, [importId]);
  const ordered = [...staged].sort((a, b) => a.depth - b.depth || a.line - b.line);
  const seq = new Map(ordered.map((s, i) => [s.line, i]));
  for (let i = 0; i < staged.length; i += STAGE_CHUNK) {
    await stageRows(db, importId, staged.slice(i, i + STAGE_CHUNK), seq);
    await onProgress(Math.min(i + STAGE_CHUNK, staged.length), staged.length);
  }
  return { counts: await countRows(db, importId), total: staged.length };
}

/** Validates and plans every row of a file, with the checks that need the whole file. */
export async function planFile(sql: Sql, actor: Actor, opts: ImportOptions, records: ParsedRecord[], fields: Map<string, CustomField>): Promise<Staged[]> {
  const rows: Staged[] = [];
  for (const r of records) {
    if (!r.cells) rows.push({ line: r.line, cells: {}, input: null, plan: { action: 'error', errors: [{ column: null, message: r.error! }], changes: {}, userId: null }, depth: 0 });
    else {
      const { row, errors } = validateRow(r.cells, opts, fields);
      rows.push({ line: r.line, cells: r.cells, input: errors.length ? null : row, plan: { action: 'error', errors, changes: {}, userId: null }, depth: 0 });
    }
    // A large file is validated in slices so the server keeps answering requests meanwhile.
    if (rows.length % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  flagDuplicates(rows, opts, fields);
  const valid = rows.filter((r) => r.input);
  const keys: Keys = { matchKeys: [], emails: [], employeeIds: [], cfValues: [] };
  for (const { input } of valid) {
    if (input!.matchKey) keys.matchKeys.push(input!.matchKey);
    if (input!.emailNorm) keys.emails.push(input!.emailNorm);
    if (input!.managerEmail) keys.emails.push(input!.managerEmail);
    if (input!.profile.employeeId) keys.employeeIds.push(input!.profile.employeeId);
    for (const [key, v] of Object.entries(input!.customFields))
      if (v !== null && fields.get(key)?.unique) keys.cfValues.push({ key, value: String(v).trim().toLowerCase() });
  }
  const ctx = await loadContext(sql, actor, opts, keys);
  // People this file creates can be managers of other rows, in any order: reserve their ids first.
  const reservedBy = new Map<string, Staged>();
  for (const r of valid)
    if (r.input!.emailNorm && !ctx.byEmail.has(r.input!.emailNorm) && opts.mode !== 'update') {
      const id = randomUUID();
      ctx.fileCreates.set(r.input!.emailNorm, { id, line: r.line });
      reservedBy.set(id, r);
    }
  for (const r of valid) {
    r.plan = planRow(r.input!, ctx, r.input!.emailNorm ? (ctx.fileCreates.get(r.input!.emailNorm)?.id ?? null) : null);
    // Only the manager is needed from here on (cycles, order); the commit plans each row again.
    r.input = null;
    if (r.plan.write) r.plan.write = { managerId: r.plan.write.managerId } as Write;
  }
  await settleManagers(sql, rows, reservedBy);
  return rows;
}

/** A key seen earlier in the file makes every later row with it an error. */
function flagDuplicates(rows: Staged[], opts: ImportOptions, fields: Map<string, { unique: boolean }>) {
  const seen = new Map<string, number>();
  const check = (r: Staged, kind: string, column: string, value: string | null | undefined) => {
    if (!value) return;
    const first = seen.get(`${kind}\0${value}`);
    if (first === undefined) seen.set(`${kind}\0${value}`, r.line);
    else {
      r.plan.errors.push({ column, message: `Duplicate ${column}: the same value is on line ${first}; only the first row is used.` });
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
      if (v !== null && fields.get(key)?.unique && `cf.${key}` !== opts.matchOn) check(r, `cf.${key}`, `cf.${key}`, String(v).trim().toLowerCase());
  }
}

/**
 * Managers set by the file: a manager row that is not created fails its reports; cycles (also
 * through people outside the file) are refused; depth orders the commit so managers exist first.
 */
async function settleManagers(sql: Sql, rows: Staged[], reservedBy: Map<string, Staged>) {
  const applies = (r: Staged) => r.plan.action === 'create' || r.plan.action === 'update';
  const writers = rows.filter((r) => applies(r) && r.plan.write?.managerId !== undefined);
  if (!writers.length) return;
  const byUser = new Map(rows.filter((r) => applies(r) && r.plan.userId).map((r) => [r.plan.userId!, r]));
  const current = new Map(
    (await sql.query<{ id: string; manager_id: string }>(`select id, manager_id from users where manager_id is not null`)).map((r) => [r.id, r.manager_id]),
  );
  const managerOf = (id: string): string | null => {
    const r = byUser.get(id);
    if (r && applies(r) && r.plan.write?.managerId !== undefined) return r.plan.write.managerId;
    return current.get(id) ?? null;
  };
  const cyclic = writers.filter((r) => {
    const seen = new Set<string>();
    for (let m = r.plan.write!.managerId ?? null; m && !seen.has(m); m = managerOf(m)) {
      if (m === r.plan.userId) return true;
      seen.add(m);
    }
    return false;
  });
  for (const r of cyclic) fail(r, 'This manager would create a reporting cycle.');
  // A report whose manager's row is not created cannot be applied; repeat until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of writers) {
      const m = reservedBy.get(r.plan.write?.managerId ?? '');
      if (applies(r) && m && m.plan.action !== 'create') {
        fail(r, `The manager's row (line ${m.line}) is not created (it has errors), so this row cannot be applied.`);
        changed = true;
      }
    }
  }
  const depthOf = (r: Staged, guard = 0): number => {
    const m = reservedBy.get(r.plan.write?.managerId ?? '');
    return !m || m === r || guard > 10_000 ? 0 : 1 + depthOf(m, guard + 1);
  };
  for (const r of writers) if (applies(r)) r.depth = depthOf(r);
}

function fail(r: Staged, message: string) {
  r.plan = { action: 'error', errors: [{ column: 'managerEmail', message }], changes: {}, userId: r.plan.action === 'create' ? null : r.plan.userId };
}

async function stageRows(sql: Sql, importId: string, rows: Staged[], seq: Map<number, number>) {
  const name = (c: Record<string, string>) => [c.firstName, c.lastName].filter(Boolean).join(' ') || null;
  await sql.query(
    `insert into import_rows (import_id, line, seq, depth, data, action, errors, changes, user_id, email, name)
     select $1, t.line, t.seq, t.depth, t.data::jsonb, t.action, t.errors::jsonb, t.changes::jsonb, t.user_id, t.email, t.name
       from unnest($2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
         as t(line, seq, depth, data, action, errors, changes, user_id, email, name)`,
    [
      importId,
      rows.map((r) => r.line),
      rows.map((r) => seq.get(r.line)!),
      rows.map((r) => r.depth),
      rows.map((r) => JSON.stringify(r.cells)),
      rows.map((r) => r.plan.action),
      rows.map((r) => JSON.stringify(r.plan.errors)),
      rows.map((r) => JSON.stringify(r.plan.changes)),
      rows.map((r) => r.plan.userId),
      rows.map((r) => r.cells.email || null),
      rows.map((r) => name(r.cells)),
    ],
  );
}
