import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import type { ErasedTable } from '../../core/personalData';
import type { AnonymisationCertificate } from '../../../common/contract/personalData';

/**
 * The anonymisation certificate (migration 038, docs/decisions/025-hand-over-and-gdpr.md): written with the
 * anonymisation, read back as proof afterwards. It says which tables and columns held something about the
 * person and how many rows, when and by whom; never a removed value.
 */
export async function writeCertificate(tx: Sql, actor: Actor, userId: string, removed: ErasedTable[], at: Date) {
  await tx.query(
    `insert into anonymisation_certificates (user_id, anonymised_at, anonymised_by, actor_type, removed)
     values ($1, $2, $3, $4, $5::jsonb)`,
    [userId, at, actor.userId ?? null, actor.type, JSON.stringify(removed)],
  );
}

export async function readCertificate(sql: Sql, userId: string): Promise<AnonymisationCertificate | null> {
  const [row] = await sql.query<{
    user_id: string;
    pseudonym: string | null;
    anonymised_at: Date;
    anonymised_by: string | null;
    actor_type: string;
    by_first: string | null;
    by_last: string | null;
    removed: ErasedTable[];
  }>(
    `select c.*, u.pseudonym, b.first_name as by_first, b.last_name as by_last
       from anonymisation_certificates c join users u on u.id = c.user_id left join users b on b.id = c.anonymised_by
      where c.user_id = $1`,
    [userId],
  );
  if (!row) return null;
  return {
    userId: row.user_id,
    pseudonym: row.pseudonym,
    anonymisedAt: new Date(row.anonymised_at).toISOString(),
    // Who acted, as they are named today (an anonymised actor shows as their pseudonym).
    anonymisedBy: {
      type: row.actor_type,
      id: row.anonymised_by,
      name: row.anonymised_by ? `${row.by_first ?? ''} ${row.by_last ?? ''}`.trim() : null,
    },
    removed: row.removed.map((r) => ({ module: r.module, table: r.table, columns: [...r.columns], rows: r.rows })),
  };
}
