import type { Sql } from '../../db/index';
import type { ImportOptions } from './columns';

// The API shapes of an import live in the contract, which the UI reads too.
import type { Counts, ImportDto, ImportState, RowDto } from '../../../common/contract/imports';
export { ROW_ACTIONS, type ImportDto } from '../../../common/contract/imports';

/** The imports row without its file bytes. */
export interface ImportRow {
  id: string;
  state: ImportState;
  file_name: string;
  options: ImportOptions;
  encoding: 'utf-8' | 'windows-1252';
  delimiter: ',' | ';';
  warnings: string[];
  error: { code: string; message: string } | null;
  progress_done: number;
  progress_total: number;
  commit_seq: number;
  counts: Partial<Counts>;
  actor: { type: 'user' | 'token'; userId: string; tokenId?: string | null; impersonatorId?: string | null };
  created_by: string | null;
  created_by_name: string;
  created_at: Date;
  committed_at: Date | null;
  completed_at: Date | null;
}

export const IMPORT_COLUMNS = `id, state, file_name, options, encoding, delimiter, warnings, error, progress_done, progress_total, commit_seq, counts, actor,
  created_by, created_by_name, created_at, committed_at, completed_at`;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const ZERO: Counts = { create: 0, update: 0, unchanged: 0, skip: 0, error: 0 };

export function toImportDto(r: ImportRow): ImportDto {
  return {
    id: r.id,
    state: r.state,
    fileName: r.file_name,
    mode: r.options.mode,
    blankCells: r.options.blankCells,
    matchOn: r.options.matchOn,
    invite: r.options.invite,
    inviteAt: r.options.inviteAt,
    createMissingTeams: r.options.createMissingTeams,
    encoding: r.encoding,
    delimiter: r.delimiter,
    warnings: r.warnings,
    unknownColumns: r.options.unknownColumns ?? [],
    ignoredColumns: r.options.ignoredColumns ?? [],
    error: r.error,
    progress: { done: r.progress_done, total: r.progress_total },
    counts: { ...ZERO, ...r.counts },
    createdAt: iso(r.created_at)!,
    createdBy: { id: r.created_by, name: r.created_by_name },
    committedAt: iso(r.committed_at),
    completedAt: iso(r.completed_at),
  };
}

export async function findImport(sql: Sql, id: string, forUpdate = false): Promise<ImportRow | null> {
  const rows = await sql.query<ImportRow>(
    `select ${IMPORT_COLUMNS} from imports where id = $1 ${forUpdate ? 'for update' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

/** Planned (or, after commit, actual) actions counted from the staged rows. */
export async function countRows(sql: Sql, importId: string): Promise<Counts> {
  const rows = await sql.query<{ action: keyof Counts; n: number }>(
    `select action, count(*)::int as n from import_rows where import_id = $1 group by action`,
    [importId],
  );
  const counts = { ...ZERO };
  for (const r of rows) counts[r.action] = r.n;
  return counts;
}

/** A row's outcome: written when the commit differed from the preview, else implied by the commit cursor ($n). */
export const outcomeSql = (cursorParam: string) =>
  `coalesce(outcome, case when action in ('create', 'update') and seq <= ${cursorParam} then 'applied' end) as outcome`;

export function toRowDto(r: any): RowDto {
  // A create row's id is only reserved until the commit applies it.
  const userId = r.action === 'create' && r.outcome !== 'applied' ? null : r.user_id;
  return {
    line: r.line,
    action: r.action,
    errors: r.errors,
    changes: r.changes,
    userId,
    email: r.email,
    name: r.name,
    outcome: r.outcome,
  };
}

/**
 * Anonymisation: staged rows keep the cells of the file, so the person's own rows lose their cells,
 * diff and messages, and rows that named them as manager lose that address. (The uploaded bytes
 * themselves are dropped when the preview ends.)
 */
export async function forgetPerson(tx: Sql, userId: string, emailNormalized: string | null): Promise<void> {
  await tx.query(
    `update import_rows set data = '{}', changes = '{}', errors = '[]', email = null, name = null
      where user_id = $1 or ($2::text is not null and lower(email) = $2)`,
    [userId, emailNormalized],
  );
  if (!emailNormalized) return;
  await tx.query(
    `update import_rows set data = data - 'managerEmail', changes = changes - 'managerEmail',
            errors = replace(errors::text, $1, '(anonymised)')::jsonb
      where lower(data ->> 'managerEmail') = $1`,
    [emailNormalized],
  );
}

/** Imports that failed since a time (the administrators' daily digest). */
export async function failedImportsSince(sql: Sql, since: Date): Promise<number> {
  const [row] = await sql.query<{ n: number }>(
    `select count(*)::int as n from imports where state = 'failed' and coalesce(completed_at, created_at) >= $1`,
    [since],
  );
  return row!.n;
}
