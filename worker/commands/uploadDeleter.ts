// Removes an upload: its R2 object first, then its row. Deleting the object first means a failure
// half-way leaves a row whose DELETE can simply be repeated (deleting a missing object succeeds),
// never an object that no row points to.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { uploads } from '../../db/schema';

export interface UploadDeleterProps {
  /** Where the bytes are (the UPLOADS binding). */
  bucket: R2Bucket;
  /** The report the upload must belong to: another report's upload is not found. */
  reportId: string;
  uploadId: string;
}

/** Deletes object and row; false when the report has no such upload. */
export default async function uploadDeleter(db: Db, props: UploadDeleterProps): Promise<boolean> {
  const [row] = await db
    .select({ storageKey: uploads.storageKey })
    .from(uploads)
    .where(and(eq(uploads.id, props.uploadId), eq(uploads.reportId, props.reportId)));
  if (!row) return false;
  await props.bucket.delete(row.storageKey);
  await db.delete(uploads).where(and(eq(uploads.id, props.uploadId), eq(uploads.reportId, props.reportId)));
  return true;
}
