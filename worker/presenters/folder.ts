// What the API sends for a folder: the listed fields only.
import type { FolderDto } from '../../core/api/folders';
import type { reportFolders } from '../../db/schema';

type FolderRow = Pick<typeof reportFolders.$inferSelect, 'id' | 'name' | 'createdAt' | 'updatedAt'>;

/** A folder with how many reports it holds. */
export function presentFolder(folder: FolderRow, reportCount: number): FolderDto {
  return {
    id: folder.id,
    name: folder.name,
    reportCount,
    createdAt: folder.createdAt.toISOString(),
    updatedAt: folder.updatedAt.toISOString(),
  };
}
