// Folders to file one's own reports in: request shapes and the answer, shared with the web client.
import { z } from 'zod';

/** POST /api/folders and PATCH /api/folders/:id. Names are unique per owner, whatever their case. */
export const folderSchema = z.object({
  name: z.string().trim().min(1, 'Required').max(100),
});
export type FolderInput = z.input<typeof folderSchema>;

/** `:id` in folder routes. */
export const folderIdParam = z.object({ id: z.uuid() });

/** A folder as the API answers it. */
export interface FolderDto {
  id: string;
  name: string;
  reportCount: number;
  createdAt: string;
  updatedAt: string;
}
