// The retention of automatic history snapshots, shared by every command that records one.
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { reportSnapshots } from '../../db/schema';

/** How many automatic snapshots a report keeps; manual ones are never pruned. */
export const AUTO_SNAPSHOT_KEEP = 50;

/** Deletes a report's oldest automatic snapshots beyond the newest `keep`. */
export async function pruneAutoSnapshots(tx: DbOrTx, reportId: string, keep = AUTO_SNAPSHOT_KEEP): Promise<void> {
  const beyond = tx
    .select({ id: reportSnapshots.id })
    .from(reportSnapshots)
    .where(and(eq(reportSnapshots.reportId, reportId), eq(reportSnapshots.kind, 'auto')))
    .orderBy(desc(reportSnapshots.createdAt), desc(reportSnapshots.id))
    .offset(keep);
  await tx.delete(reportSnapshots).where(inArray(reportSnapshots.id, beyond));
}
