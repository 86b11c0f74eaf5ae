// GET /api/reports/:id/room-token: the short-lived ticket for a report's live room.
import type { RoomTokenDto } from '../../../core/api/room-token';
import { request } from './client';

/** A fresh room token for the report, with the caller's role on it. */
export const getRoomToken = (reportId: string) => request<RoomTokenDto>(`/api/reports/${encodeURIComponent(reportId)}/room-token`);
