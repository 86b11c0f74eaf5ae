// Deletes one of the owner's folders. Its reports stay, unfiled (folder_id is ON DELETE SET NULL).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reportFolders } from '../../db/schema';

export interface FolderDeleterProps {
  folderId: string;
  /** Only this owner's folder is deleted. */
  ownerId: string;
}

/** Deletes the folder; true when a row went. */
export default async function folderDeleter(db: Db, props: FolderDeleterProps): Promise<boolean> {
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(reportFolders)
      .where(and(eq(reportFolders.id, props.folderId), eq(reportFolders.ownerId, props.ownerId)))
      .returning({ id: reportFolders.id });
    return gone.length > 0;
  });
}
