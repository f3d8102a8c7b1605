import type { Db } from '../../db/index';
import { claimDueDateGroups, recomputeGroup } from './membership';

/**
 * The daily re-evaluation of groups whose rules use relative dates ("hired within the last 30
 * days"): each group not yet evaluated today is claimed (SKIP LOCKED) and recomputed in its own
 * transaction. Returns how many groups were recomputed.
 */
export async function reevaluateDateGroups(db: Db): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.tx(async (tx) => {
      const [id] = await claimDueDateGroups(tx, 1);
      if (!id) return 0;
      await recomputeGroup(tx, id, 'daily_date_rules');
      return 1;
    });
    if (!n) return total;
    total += n;
  }
}
