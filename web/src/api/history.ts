// /api/reports/:id/history: snapshots of the document, their previews, taking and restoring one.
import type { RestoreDto, SnapshotDto, SnapshotPreviewDto } from '../../../core/api/history';
import { request } from './client';

const base = (reportId: string) => `/api/reports/${encodeURIComponent(reportId)}/history`;

/** Snapshots, newest first. */
export const listSnapshots = (reportId: string) => request<SnapshotDto[]>(base(reportId));

/** One snapshot with its content as sanitized HTML. */
export const getSnapshot = (reportId: string, snapshotId: string) => request<SnapshotPreviewDto>(`${base(reportId)}/${encodeURIComponent(snapshotId)}`);

/** Takes a named snapshot of the document as it is now. */
export const createSnapshot = (reportId: string, name: string) => request<SnapshotDto>(base(reportId), { json: { name } });

/** Puts a snapshot's content back (what it replaces is kept as a snapshot first). */
export const restoreSnapshot = (reportId: string, snapshotId: string) =>
  request<RestoreDto>(`${base(reportId)}/${encodeURIComponent(snapshotId)}/restore`, { method: 'POST' });
