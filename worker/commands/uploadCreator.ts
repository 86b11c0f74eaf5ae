// Stores an uploaded file: the bytes in R2 under a key of their own, then the uploads row. When the
// row cannot be written the object is removed again, so a failed upload leaves nothing behind.
import type { Db } from '../../db/client';
import { uploads } from '../../db/schema';
import type { UploadKind } from '../../core/api/uploads';
import { log } from '../lib/log';
import { uploadStorageKey } from '../lib/uploads/storage';

export interface UploadCreatorProps {
  /** Where the bytes go (the UPLOADS binding). */
  bucket: R2Bucket;
  /** The report the file belongs to. */
  reportId: string;
  /** Who uploaded it. */
  userId: string;
  kind: UploadKind;
  /** The file name shown to people (already cleaned). */
  filename: string;
  /** The type found from the content, stored with the object and served back. */
  contentType: string;
  bytes: Uint8Array;
  /** A guideline's text (already cleaned and capped); null for images. */
  extractedText: string | null;
}

/** Writes object and row; answers the row. */
export default async function uploadCreator(db: Db, props: UploadCreatorProps) {
  const id = crypto.randomUUID();
  const storageKey = uploadStorageKey(props.reportId, id);
  await props.bucket.put(storageKey, props.bytes, { httpMetadata: { contentType: props.contentType } });
  try {
    const [row] = await db
      .insert(uploads)
      .values({
        id,
        userId: props.userId,
        reportId: props.reportId,
        kind: props.kind,
        storageKey,
        filename: props.filename,
        contentType: props.contentType,
        sizeBytes: props.bytes.byteLength,
        extractedText: props.extractedText,
      })
      .returning();
    return row!;
  } catch (err) {
    await props.bucket.delete(storageKey).catch((cleanup: unknown) => log('error', 'upload object left behind', { storageKey, error: String(cleanup) }));
    throw err;
  }
}
