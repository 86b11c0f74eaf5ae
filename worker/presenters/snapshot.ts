// What the API sends for report history: the listed fields only (never the raw Yjs state).
import type { RestoreDto, SnapshotDto, SnapshotPreviewDto } from '../../core/api/history';

/** The columns a snapshot entry is presented from. */
export interface SnapshotEntry {
  id: string;
  kind: 'manual' | 'auto';
  name: string | null;
  createdAt: Date;
  createdBy: { id: string; fullName: string } | null;
}

/** A snapshot in the history list. */
export function presentSnapshot(s: SnapshotEntry): SnapshotDto {
  return {
    id: s.id,
    kind: s.kind,
    name: s.name,
    createdAt: s.createdAt.toISOString(),
    createdBy: s.createdBy ? { id: s.createdBy.id, fullName: s.createdBy.fullName } : null,
  };
}

/** A snapshot with its content rendered for preview. */
export function presentSnapshotPreview(s: SnapshotEntry, html: string): SnapshotPreviewDto {
  return { ...presentSnapshot(s), html };
}

/** A restore: the snapshot put back and the backup of what it replaced. */
export function presentRestore(restored: SnapshotEntry, backup: SnapshotEntry): RestoreDto {
  return { restored: presentSnapshot(restored), backup: presentSnapshot(backup) };
}
