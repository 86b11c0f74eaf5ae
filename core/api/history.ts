// Report history: snapshots of the live document, listed, previewed and restored. Request shapes
// and answers, shared with the web client.
import { z } from 'zod';

/** POST /api/reports/:id/history: a named snapshot of the document as it is now. */
export const createSnapshotSchema = z.object({ name: z.string().trim().min(1, 'Required').max(100) });
export type CreateSnapshotInput = z.input<typeof createSnapshotSchema>;

/** `:id` and `:snapshotId` in history routes. */
export const snapshotParams = z.object({ id: z.uuid(), snapshotId: z.uuid() });

/** A snapshot in the list: manual ones carry the name they were given, automatic ones may be unnamed. */
export interface SnapshotDto {
  id: string;
  kind: 'manual' | 'auto';
  name: string | null;
  createdAt: string;
  /** Who took it (for a restore's backup: who restored); null for periodic automatic ones and deleted accounts. */
  createdBy: { id: string; fullName: string } | null;
}

/** GET /api/reports/:id/history/:snapshotId: the snapshot's content as sanitized HTML. */
export interface SnapshotPreviewDto extends SnapshotDto {
  html: string;
}

/** POST .../restore: the snapshot put back, and the automatic snapshot of what it replaced. */
export interface RestoreDto {
  restored: SnapshotDto;
  backup: SnapshotDto;
}
