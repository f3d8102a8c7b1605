import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { AppError, invalid } from '../../core/errors';
import { assertMayImport } from '../access/policy';
import * as audit from '../audit/audit';
import { INACTIVE_STATUSES } from '../../../common/domain';
import type { ImportSummary } from '../../../common/contract/imports';
import { countRows, findImport, toImportDto, type ImportDto } from './repo';
import { visibleImport } from './service';

/**
 * Reviewing a preview before the commit (docs/imports.md "Preview"): the summary read before the rows, and
 * the choice to ignore the file's unknown columns.
 */

/**
 * Records which unknown columns to ignore (the whole list). Their cells were never read, so the preview
 * stays as it is; the choice is kept in the import's options, audited, and checked by the commit.
 */
export async function setIgnoredColumns(tx: Sql, actor: Actor, id: string, columns: string[]): Promise<ImportDto> {
  const imp = await visibleImport(tx, actor, id, true);
  assertMayImport(actor, imp.options.mode);
  if (imp.state !== 'previewing' && imp.state !== 'previewed')
    throw new AppError('conflict', `Columns can be ignored only before the commit (this import is ${imp.state}).`);
  const unknown = imp.options.unknownColumns ?? [];
  const strangers = columns.filter((c) => !unknown.includes(c));
  if (strangers.length)
    throw invalid(
      'Only the file’s unknown columns can be ignored.',
      strangers.map((c) => ({ field: c, message: 'Not an unknown column of this file.' })),
    );
  const ignored = unknown.filter((c) => columns.includes(c));
  const before = imp.options.ignoredColumns ?? [];
  await tx.query(`update imports set options = jsonb_set(options, '{ignoredColumns}', $2::jsonb) where id = $1`, [
    id,
    JSON.stringify(ignored),
  ]);
  await audit.record(tx, actor, {
    action: 'import.columns_ignored',
    targetType: 'import',
    targetId: id,
    before: { ignoredColumns: before },
    after: { ignoredColumns: ignored },
  });
  return toImportDto((await findImport(tx, id))!);
}

/**
 * The counts, the update rows by changed field, and the updates that deactivate or give an end date to
 * someone who has direct reports (still active ones: a report already gone needs no new manager, nor does one the
 * same file moves to another manager or deactivates).
 */
export async function importSummary(sql: Sql, actor: Actor, id: string): Promise<ImportSummary> {
  await visibleImport(sql, actor, id);
  const counts = await countRows(sql, id);
  const fields = await sql.query<{ field: string; people: number }>(
    `select k as field, count(*)::int as people
       from import_rows r, jsonb_object_keys(r.changes) as k
      where r.import_id = $1 and r.action = 'update'
      group by k order by people desc, k`,
    [id],
  );
  const warnings = await sql.query<{
    kind: 'deactivates_manager' | 'expires_manager';
    line: number;
    user_id: string | null;
    name: string | null;
    email: string | null;
    reports: number;
  }>(
    `select w.kind, w.line, w.user_id, w.name, w.email, w.reports
       from (select case when r.changes -> 'status' ->> 1 = 'deactivated' then 'deactivates_manager' else 'expires_manager' end as kind,
                    r.line, r.user_id, trim(u.first_name || ' ' || u.last_name) as name, u.email,
                    (select count(*)::int from users m
                      where m.manager_id = r.user_id and m.deleted_at is null and m.status <> all($2::text[])
                        and not exists (select 1 from import_rows o
                                         where o.import_id = r.import_id and o.user_id = m.id and o.action = 'update'
                                           and (o.changes ? 'managerEmail' or o.changes -> 'status' ->> 1 = 'deactivated'))
                    ) as reports
               from import_rows r join users u on u.id = r.user_id
              where r.import_id = $1 and r.action = 'update'
                and (r.changes -> 'status' ->> 1 = 'deactivated' or (r.changes ? 'expiryDate' and r.changes -> 'expiryDate' ->> 1 is not null))) w
      where w.reports > 0
      order by w.line`,
    [id, [...INACTIVE_STATUSES]],
  );
  return {
    counts,
    updatedFields: fields,
    warnings: warnings.map((w) => ({
      kind: w.kind,
      line: w.line,
      userId: w.user_id,
      name: w.name,
      email: w.email,
      reports: w.reports,
    })),
  };
}
