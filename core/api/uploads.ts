// Files uploaded to a report: guideline documents (their text feeds generation) and images. The
// form fields, the limits and the answers, shared with the web client.
import { z } from 'zod';

export const uploadKinds = ['guideline', 'image'] as const;
export type UploadKind = (typeof uploadKinds)[number];

const MiB = 1024 * 1024;

/** The largest file of each kind, in bytes. */
export const UPLOAD_MAX_BYTES: Record<UploadKind, number> = { guideline: 10 * MiB, image: 5 * MiB };

/** Characters of a guideline's extracted text that are stored (and so can reach the model). */
export const UPLOAD_TEXT_MAX_CHARS = 200_000;

/** The non-file field of POST /api/reports/:id/uploads (multipart/form-data; the file goes in `file`). */
export const uploadFormSchema = z.object({ kind: z.enum(uploadKinds) });

/** `:id/uploads/:uploadId` in upload routes. */
export const uploadIdParam = z.object({ id: z.uuid(), uploadId: z.uuid() });

/** An uploaded file as the API answers it: no storage key, and of a guideline's text only a count and a preview. */
export interface UploadDto {
  id: string;
  kind: UploadKind;
  /** The name the file was uploaded with (path parts dropped). */
  filename: string;
  /** What the bytes are (found from their content, not from what the browser declared). */
  contentType: string;
  sizeBytes: number;
  /** Characters of extracted text stored (after the cap); null for images. */
  textChars: number | null;
  /** The first few hundred characters of the extracted text; null for images. */
  preview: string | null;
  /** For a guideline: the id citation markers use when the document is among the report's references. */
  referenceId: string | null;
  /** GET this (with the same credentials) for the bytes. */
  contentUrl: string;
  uploadedBy: { id: string; fullName: string };
  createdAt: string;
}

/** The answer to an upload: the file, and whether its text was cut to UPLOAD_TEXT_MAX_CHARS. */
export interface CreatedUploadDto extends UploadDto {
  /** Characters the document's text had before the cap (null for images). */
  extractedChars: number | null;
  textTruncated: boolean;
  textLimit: number;
}
