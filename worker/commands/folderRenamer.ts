// Renames one of the owner's folders.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reportFolders } from '../../db/schema';

export interface FolderRenamerProps {
  folderId: string;
  /** Only this owner's folder is renamed. */
  ownerId: string;
  /** Trimmed, 1..100; a name the owner already uses is a unique violation. */
  name: string;
}

/** Renames the folder; undefined when the owner has no such folder. */
export default async function folderRenamer(db: Db, props: FolderRenamerProps) {
  return db.transaction(async (tx) => {
    const [folder] = await tx
      .update(reportFolders)
      .set({ name: props.name, updatedAt: new Date() })
      .where(and(eq(reportFolders.id, props.folderId), eq(reportFolders.ownerId, props.ownerId)))
      .returning();
    return folder;
  });
}
