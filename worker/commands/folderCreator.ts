// Creates a folder for the owner's reports.
import type { Db } from '../../db/client';
import { reportFolders } from '../../db/schema';

export interface FolderCreatorProps {
  ownerId: string;
  /** Trimmed, 1..100; unique per owner whatever its case (a duplicate is a unique violation). */
  name: string;
}

/** Inserts the folder. */
export default async function folderCreator(db: Db, props: FolderCreatorProps) {
  return db.transaction(async (tx) => {
    const [folder] = await tx.insert(reportFolders).values({ ownerId: props.ownerId, name: props.name }).returning();
    return folder!;
  });
}
