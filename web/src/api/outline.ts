// POST /api/reports/:id/outline: the model proposes an outline, which lands in the live room.
import type { GeneratedOutlineDto } from '../../../core/api/outline';
import { request } from './client';

/** Generates the outline; `replace` confirms replacing one people have edited (else 409 outline_edited). */
export const generateOutline = (reportId: string, replace = false) =>
  request<GeneratedOutlineDto>(`/api/reports/${encodeURIComponent(reportId)}/outline`, { json: replace ? { replace: true } : {} });
