// Automatic history: the room's snapshot saves call this, and at most one automatic snapshot per
// AUTO_SNAPSHOT_MINUTES of activity is kept, up to AUTO_SNAPSHOT_KEEP per report.
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reports, reportSnapshots } from '../../db/schema';
import type { ReportJson } from '../../core/doc';
import { AUTO_SNAPSHOT_KEEP, pruneAutoSnapshots } from '../lib/snapshots';

/** Minutes between automatic snapshots when AUTO_SNAPSHOT_MINUTES is unset. */
export const AUTO_SNAPSHOT_MINUTES = 5;

/** AUTO_SNAPSHOT_MINUTES as configured (a positive number), else the default. */
export function autoSnapshotMinutes(value: string | undefined): number {
  const n = Number(value);
  return value !== undefined && value.trim() !== '' && Number.isFinite(n) && n > 0 ? n : AUTO_SNAPSHOT_MINUTES;
}

export interface AutoSnapshotOptions {
  /** Minutes that must pass since the newest automatic snapshot (default AUTO_SNAPSHOT_MINUTES). */
  intervalMinutes?: number;
  /** How many automatic snapshots to keep (default AUTO_SNAPSHOT_KEEP). */
  keep?: number;
}

export type AutoSnapshotResult = { kind: 'recorded'; snapshotId: string } | { kind: 'too_soon' } | { kind: 'report_not_found' };

/** Stores an automatic snapshot unless the newest one is younger than the interval; prunes the oldest beyond the retention. */
export async function recordAutoSnapshot(
  db: Db,
  reportId: string,
  state: Uint8Array,
  json: ReportJson,
  options: AutoSnapshotOptions = {},
): Promise<AutoSnapshotResult> {
  const minutes = options.intervalMinutes ?? AUTO_SNAPSHOT_MINUTES;
  return db.transaction(async (tx) => {
    // The row lock serializes two saves of one room arriving together, so only one of them records.
    const [report] = await tx.select({ id: reports.id }).from(reports).where(eq(reports.id, reportId)).for('no key update');
    if (!report) return { kind: 'report_not_found' };
    // Compared on the database clock, the same clock that stamped createdAt.
    const [recent] = await tx
      .select({ id: reportSnapshots.id })
      .from(reportSnapshots)
      .where(
        and(
          eq(reportSnapshots.reportId, reportId),
          eq(reportSnapshots.kind, 'auto'),
          gt(reportSnapshots.createdAt, sql`now() - (${minutes}::float8 * interval '1 minute')`),
        ),
      )
      .limit(1);
    if (recent) return { kind: 'too_soon' };
    const [row] = await tx.insert(reportSnapshots).values({ reportId, kind: 'auto', name: null, state, json }).returning({ id: reportSnapshots.id });
    await pruneAutoSnapshots(tx, reportId, options.keep ?? AUTO_SNAPSHOT_KEEP);
    return { kind: 'recorded', snapshotId: row!.id };
  });
}

export default recordAutoSnapshot;
