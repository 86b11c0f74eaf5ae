// POST /api/reports/:id/uploads: guideline documents (multipart, `file` + `kind`). The route is being
// added to the API alongside this client; until it is there it answers 404, which callers tolerate.
import { request } from './client';

/** The largest guideline document the API takes (core/api/uploads.ts, UPLOAD_MAX_BYTES.guideline). */
export const GUIDELINE_MAX_BYTES = 10 * 1024 * 1024;

/** The largest image the API takes (core/api/uploads.ts, UPLOAD_MAX_BYTES.image). */
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;

/** The file types the API extracts text from. */
export const GUIDELINE_ACCEPT = '.pdf,.docx,.txt,.md,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain,text/markdown';

/** What the client reads of an upload's answer. */
export interface UploadedFile {
  id: string;
  filename: string;
  sizeBytes: number;
}

/** Uploads one guideline document to a report. */
export function uploadGuideline(reportId: string, file: File): Promise<UploadedFile> {
  const form = new FormData();
  form.set('kind', 'guideline');
  form.set('file', file, file.name);
  return request<UploadedFile>(`/api/reports/${encodeURIComponent(reportId)}/uploads`, { form });
}

/** Uploads an image for the report's body; its `contentUrl` is where the bytes are served. */
export function uploadImage(reportId: string, file: File): Promise<UploadedFile & { contentUrl: string }> {
  const form = new FormData();
  form.set('kind', 'image');
  form.set('file', file, file.name);
  return request<UploadedFile & { contentUrl: string }>(`/api/reports/${encodeURIComponent(reportId)}/uploads`, { form });
}
