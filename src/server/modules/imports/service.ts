import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError, forbidden, invalid, notFound } from '../../core/errors';
import { assertMayImport, canSeeAllImports, mayImport } from '../access/policy';
import * as audit from '../audit/audit';
import { listFields } from '../customFields/customFields';
import { templateRows, type ImportOptions } from './columns';
import { readHeader } from './parse';
import {
  ROW_ACTIONS,
  findImport,
  IMPORT_COLUMNS,
  outcomeSql,
  toImportDto,
  toRowDto,
  type ImportDto,
  type ImportRow,
} from './repo';
import { escapeLike } from '../../db/index';
import { csvDownload } from '../exports/spreadsheet';

/** The multipart fields beside `file` (strings, as forms send them). */
export const uploadFieldsSchema = z
  .object({
    mode: z.enum(['add', 'update', 'add_update']).default('add'),
    blankCells: z.enum(['keep', 'clear']).default('keep'),
    matchOn: z
      .string()
      .regex(
        /^(email|employeeId|cf\.[a-z][a-z0-9_]{0,49})$/,
        'Use email, employeeId or cf.<key> of a unique custom field.',
      )
      .default('email'),
    invite: z.enum(['now', 'scheduled', 'none']).default('none'),
    inviteAt: z.iso
      .datetime({ offset: true, message: 'Use an ISO-8601 date and time, e.g. 2026-01-31T09:00:00Z.' })
      .optional(),
    createMissingTeams: z.enum(['true', 'false']).default('false'),
  })
  .strict()
  .refine((v) => v.invite !== 'scheduled' || v.inviteAt, {
    message: 'inviteAt is required when invite is "scheduled".',
    path: ['inviteAt'],
  });

export const rowsQuerySchema = z
  .object({
    action: z.enum(ROW_ACTIONS).optional(),
    q: z.string().max(200).optional(),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

/** Who the background job acts as (imports.actor): runner.actorOf reloads their rights from it. */
const storedActor = (actor: Actor) =>
  JSON.stringify({
    type: actor.type,
    userId: actor.userId,
    tokenId: actor.tokenId ?? null,
    impersonatorId: actor.impersonatorId ?? null,
  });

/** Upload: access, options and file-level checks now; rows are parsed and planned by the preview job. */
export async function createImport(
  tx: Sql,
  actor: Actor,
  fileName: string,
  file: Buffer,
  raw: z.infer<typeof uploadFieldsSchema>,
): Promise<ImportDto> {
  assertMayImport(actor, raw.mode);
  if (actor.type === 'system' || !actor.userId) throw forbidden();
  const options: ImportOptions = {
    mode: raw.mode,
    blankCells: raw.blankCells,
    matchOn: raw.matchOn,
    invite: raw.invite,
    inviteAt: raw.invite === 'scheduled' ? new Date(raw.inviteAt!).toISOString() : null,
    createMissingTeams: raw.createMissingTeams === 'true',
  };
  if (options.inviteAt && new Date(options.inviteAt).getTime() <= Date.now())
    throw invalid('The invitation time must be in the future.', [{ field: 'inviteAt', message: 'In the past.' }]);
  const fields = await listFields(tx);
  if (options.matchOn.startsWith('cf.')) {
    const f = fields.find((x) => `cf.${x.key}` === options.matchOn);
    if (!f || !f.unique)
      throw invalid('matchOn must name a unique custom field.', [
        { field: 'matchOn', message: `${options.matchOn} is not a unique custom field.` },
      ]);
  }
  const header = readHeader(file, fields, options.matchOn);
  options.unknownColumns = header.unknown;
  options.ignoredColumns = [];
  const id = randomUUID();
  const [me] = await tx.query<{ name: string }>(
    `select trim(first_name || ' ' || last_name) as name from users where id = $1`,
    [actor.userId],
  );
  const [row] = await tx.query<ImportRow>(
    `insert into imports (id, state, file_name, file, options, encoding, delimiter, warnings, actor, created_by, created_by_name)
     values ($1, 'previewing', $2, $3, $4, $5, $6, $7, $8, $9, $10) returning ${IMPORT_COLUMNS}`,
    [
      id,
      fileName.slice(0, 255) || 'import.csv',
      file,
      JSON.stringify(options),
      header.encoding,
      header.delimiter,
      JSON.stringify(header.warnings),
      storedActor(actor),
      actor.userId,
      me?.name ?? '',
    ],
  );
  await audit.recordCreated(tx, actor, 'import', id, { fileName: row!.file_name, ...options });
  return toImportDto(row!);
}

export async function visibleImport(sql: Sql, actor: Actor, id: string, forUpdate = false): Promise<ImportRow> {
  if (!mayImport(actor)) throw forbidden();
  const imp = await findImport(sql, id, forUpdate);
  if (!imp || (!canSeeAllImports(actor) && imp.created_by !== actor.userId)) throw notFound('Import');
  return imp;
}

export async function listImports(sql: Sql, actor: Actor): Promise<ImportDto[]> {
  if (!mayImport(actor)) throw forbidden();
  const rows = await sql.query<ImportRow>(
    `select ${IMPORT_COLUMNS} from imports where $1::boolean or created_by = $2 order by created_at desc, id limit 100`,
    [canSeeAllImports(actor), actor.userId],
  );
  return rows.map(toImportDto);
}

export async function getImport(sql: Sql, actor: Actor, id: string): Promise<ImportDto> {
  return toImportDto(await visibleImport(sql, actor, id));
}

export async function listRows(sql: Sql, actor: Actor, id: string, q: z.infer<typeof rowsQuerySchema>) {
  const imp = await visibleImport(sql, actor, id);
  const where = [
    `import_id = $1`,
    `($2::text is null or action = $2)`,
    `($3::text is null or email ilike $3 or name ilike $3 or line::text = $4)`,
  ];
  const params = [id, q.action ?? null, q.q ? `%${escapeLike(q.q)}%` : null, q.q?.trim() ?? '', imp.commit_seq];
  const [{ total }] = (await sql.query<{ total: number }>(
    `select count(*)::int as total from import_rows where ${where.join(' and ')}`,
    params.slice(0, 4),
  )) as [{ total: number }];
  const rows = await sql.query(
    `select line, action, errors, changes, user_id, email, name, ${outcomeSql('$5')} from import_rows where ${where.join(' and ')} order by line offset ${q.offset} limit ${q.limit}`,
    params,
  );
  return { items: rows.map(toRowDto), total };
}

/** The commit waits until every unknown column of the file has been ignored by someone. */
export function assertColumnsSettled(imp: ImportRow): void {
  const ignored = new Set(imp.options.ignoredColumns ?? []);
  const open = (imp.options.unknownColumns ?? []).filter((c) => !ignored.has(c));
  if (open.length)
    throw new AppError(
      'conflict',
      `The file has unknown column${open.length > 1 ? 's' : ''} ${open.map((c) => `"${c}"`).join(', ')}: ignore ${open.length > 1 ? 'them' : 'it'} (PUT /api/v1/imports/${imp.id}/ignored-columns) or upload a corrected file.`,
      open.map((c) => ({ field: c, message: 'Unknown column, not ignored yet.' })),
    );
}

/** Commit: only a previewed import; the person committing becomes the one the job acts as. */
export async function commitImport(tx: Sql, actor: Actor, id: string): Promise<ImportDto> {
  const imp = await visibleImport(tx, actor, id, true);
  assertMayImport(actor, imp.options.mode);
  if (imp.state !== 'previewed')
    throw new AppError('conflict', `Only a previewed import can be committed (this one is ${imp.state}).`);
  assertColumnsSettled(imp);
  const [{ n }] = (await tx.query<{ n: number }>(
    `select count(*)::int as n from import_rows where import_id = $1 and action in ('create', 'update')`,
    [id],
  )) as [{ n: number }];
  const [row] = await tx.query<ImportRow>(
    `update imports set state = 'committing', committed_at = now(), progress_done = 0, progress_total = $2, actor = $3, lease_owner = null, lease_until = null
      where id = $1 returning ${IMPORT_COLUMNS}`,
    [id, n, storedActor(actor)],
  );
  await audit.record(tx, actor, { action: 'import.committed', targetType: 'import', targetId: id, after: { rows: n } });
  return toImportDto(row!);
}

export async function cancelImport(tx: Sql, actor: Actor, id: string): Promise<ImportDto> {
  const imp = await visibleImport(tx, actor, id, true);
  if (imp.state !== 'previewing' && imp.state !== 'previewed')
    throw new AppError('conflict', `An import that is ${imp.state} cannot be cancelled.`);
  const [row] = await tx.query<ImportRow>(
    `update imports set state = 'cancelled', file = '', completed_at = now(), lease_owner = null, lease_until = null where id = $1 returning ${IMPORT_COLUMNS}`,
    [id],
  );
  await audit.record(tx, actor, { action: 'import.cancelled', targetType: 'import', targetId: id });
  return toImportDto(row!);
}

const show = (v: unknown) =>
  v === null || v === undefined
    ? ''
    : Array.isArray(v)
      ? v.join('|')
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);

/** The people log: one line per row with what happened to it. */
export async function logCsv(sql: Sql, actor: Actor, id: string): Promise<{ name: string; csv: string }> {
  const imp = await visibleImport(sql, actor, id);
  const rows = await sql.query(
    `select line, email, name, action, ${outcomeSql('$2')}, errors, changes from import_rows where import_id = $1 order by line`,
    [id, imp.commit_seq],
  );
  const lines = rows.map((r: any) => [
    r.line,
    r.email,
    r.name,
    r.action,
    r.outcome,
    (r.errors as { column: string | null; message: string }[])
      .map((e) => (e.column ? `${e.column}: ${e.message}` : e.message))
      .join('; '),
    Object.entries(r.changes as Record<string, [unknown, unknown]>)
      .map(([f, [a, b]]) => `${f}: ${show(a)} → ${show(b)}`)
      .join('; '),
  ]);
  const csv = csvDownload([['line', 'email', 'name', 'action', 'outcome', 'errors', 'changes'], ...lines]);
  return { name: `${imp.file_name.replace(/\.csv$/i, '').replace(/[^\w.-]+/g, '_')}-log.csv`, csv };
}

export async function templateCsv(sql: Sql, actor: Actor): Promise<string> {
  if (!mayImport(actor)) throw forbidden();
  return csvDownload(templateRows(await listFields(sql)));
}
