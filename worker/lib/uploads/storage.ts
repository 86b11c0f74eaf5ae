// Where uploads live in R2: one prefix per report, so a report's files can be found and removed
// together (when the report goes, its rows cascade in Postgres but R2 has no foreign keys).
import { and, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client';
import { reports, uploads } from '../../../db/schema';
import { log } from '../log';

/** The R2 key of an upload. */
export function uploadStorageKey(reportId: string, uploadId: string): string {
  return `${reportPrefix(reportId)}${uploadId}`;
}

function reportPrefix(reportId: string): string {
  return `reports/${reportId}/`;
}

/** Deletes every object under the report's prefix, a listing page at a time; answers how many went. */
export async function deleteReportObjects(bucket: R2Bucket, reportId: string): Promise<number> {
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: reportPrefix(reportId), limit: 1000, ...(cursor ? { cursor } : {}) });
    if (page.objects.length > 0) await bucket.delete(page.objects.map((o) => o.key));
    deleted += page.objects.length;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return deleted;
}

/** deleteReportObjects after the report's rows are gone: a failure is logged (the objects are orphans), never thrown. */
export async function cleanUpReportObjects(bucket: R2Bucket | undefined, reportId: string): Promise<void> {
  if (!bucket) return;
  try {
    await deleteReportObjects(bucket, reportId);
  } catch (err) {
    log('error', 'uploads of a deleted report left in R2', { reportId, error: err instanceof Error ? err.message : String(err) });
  }
}

/** What an account's deletion takes out of R2: its reports' objects, and its uploads in other people's reports. */
export interface AccountObjects {
  reportIds: string[];
  keys: string[];
}

/** Collects an account's R2 objects while its rows still exist (they cascade away with it). */
export async function accountObjects(db: DbOrTx, userId: string): Promise<AccountObjects> {
  const owned = await db.select({ id: reports.id }).from(reports).where(eq(reports.ownerId, userId));
  const elsewhere = await db
    .select({ key: uploads.storageKey })
    .from(uploads)
    .innerJoin(reports, eq(reports.id, uploads.reportId))
    .where(and(eq(uploads.userId, userId), ne(reports.ownerId, userId)));
  return { reportIds: owned.map((r) => r.id), keys: elsewhere.map((u) => u.key) };
}

/** Deletes what accountObjects collected, after the account's rows are gone; failures are logged, never thrown. */
export async function cleanUpAccountObjects(bucket: R2Bucket | undefined, objects: AccountObjects): Promise<void> {
  if (!bucket) return;
  for (const reportId of objects.reportIds) await cleanUpReportObjects(bucket, reportId);
  if (objects.keys.length === 0) return;
  try {
    await bucket.delete(objects.keys);
  } catch (err) {
    log('error', 'uploads of a deleted account left in R2', { keys: objects.keys.length, error: err instanceof Error ? err.message : String(err) });
  }
}
