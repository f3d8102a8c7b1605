import type { Sql } from '../../db/index';
import type { Actor } from '../../core/actor';
import { REASON_TEXT, type BulkReason } from '../../../common/contract/bulkActions';
import type { Cell } from '../exports/spreadsheet';
import { CHANGED_FIELD, type Snapshot } from './classify';
import { findBulkAction } from './service';

const BATCH = 1000;
export const RESULTS_HEADER = ['Person id', 'Email', 'Name', 'Outcome', 'Reason', 'Before', 'After', 'Undo'];

interface ItemRow {
  seq: number;
  user_id: string;
  email: string | null;
  name: string | null;
  state: 'pending' | 'done' | 'skipped' | 'failed';
  undo_state: 'pending' | 'undone' | 'refused' | null;
  reason: BulkReason | null;
  before: Snapshot | null;
  after: (Snapshot & { error?: string }) | null;
}

/**
 * The results of a bulk action, one row per person in the caller's scope, in batches (the CSV is streamed
 * through the export writer, every cell formula-safe). People out of scope or unknown are never named: the
 * status answer counts them.
 */
export async function resultBatches(sql: Sql, actor: Actor, id: string) {
  const b = await findBulkAction(sql, actor, id);
  const field = CHANGED_FIELD[b.action];
  async function* batches(): AsyncGenerator<Cell[][]> {
    let after = 0;
    for (;;) {
      const rows = await sql.query<ItemRow>(
        `select i.seq, i.user_id, u.email, trim(u.first_name || ' ' || u.last_name) as name, i.state, i.undo_state, i.reason, i.before, i.after
           from bulk_action_items i left join users u on u.id = i.user_id
          where i.bulk_action_id = $1 and i.seq > $2 and coalesce(i.reason, '') <> 'out_of_scope'
          order by i.seq limit ${BATCH}`,
        [id, after],
      );
      if (!rows.length) return;
      yield rows.map((r) => [
        r.user_id,
        r.email,
        r.name,
        r.state === 'done' ? 'changed' : r.state,
        reasonText(r),
        r.before ? show(r.before[field]) : null,
        r.after && !r.after.error ? show(r.after[field]) : null,
        r.undo_state === 'refused' ? 'refused' : r.undo_state,
      ]);
      if (rows.length < BATCH) return;
      after = rows[rows.length - 1]!.seq;
    }
  }
  return { fileBase: `bulk-${b.action.replace(/_/g, '-')}`, batches: batches() };
}

function reasonText(r: ItemRow): string | null {
  if (!r.reason) return null;
  const text = REASON_TEXT[r.reason] ?? r.reason;
  return r.after?.error ? `${text} (${r.after.error})` : text;
}

const show = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
