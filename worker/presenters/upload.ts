// What the API sends for uploads: the listed fields only (never the storage key or the whole text).
import type { CreatedUploadDto, UploadDto, UploadKind } from '../../core/api/uploads';
import { UPLOAD_TEXT_MAX_CHARS } from '../../core/api/uploads';
import { uploadReferenceId } from '../lib/guidelines';

/** The columns an upload is presented from (text as a count and an opening, not the whole). */
export interface UploadEntry {
  id: string;
  reportId: string;
  kind: UploadKind;
  filename: string;
  contentType: string;
  sizeBytes: number;
  textChars: number | null;
  preview: string | null;
  createdAt: Date;
  uploadedBy: { id: string; fullName: string };
}

/** Characters of extracted text shown as a preview. */
export const PREVIEW_CHARS = 300;

/** An upload in a report's list. */
export function presentUpload(u: UploadEntry): UploadDto {
  return {
    id: u.id,
    kind: u.kind,
    filename: u.filename,
    contentType: u.contentType,
    sizeBytes: u.sizeBytes,
    textChars: u.textChars,
    preview: u.preview,
    referenceId: u.kind === 'guideline' ? uploadReferenceId(u.id) : null,
    contentUrl: `/api/reports/${u.reportId}/uploads/${u.id}/content`,
    uploadedBy: { id: u.uploadedBy.id, fullName: u.uploadedBy.fullName },
    createdAt: u.createdAt.toISOString(),
  };
}

/** A new upload, saying how much of the document's text was kept. */
export function presentCreatedUpload(u: UploadEntry, extracted: { chars: number; truncated: boolean } | null): CreatedUploadDto {
  return { ...presentUpload(u), extractedChars: extracted?.chars ?? null, textTruncated: extracted?.truncated ?? false, textLimit: UPLOAD_TEXT_MAX_CHARS };
}
