// /api/reports/:id/uploads: guideline documents (PDF, DOCX, TXT, Markdown; their text feeds the
// outline and the sections) and images for the report. Editors and owners upload and delete;
// anyone on the report lists and downloads. Bytes live in R2, metadata and text in `uploads`.
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { HonoRequest } from 'hono';
import { reportIdParam } from '../../core/api/reports';
import { UPLOAD_MAX_BYTES, UPLOAD_TEXT_MAX_CHARS, uploadFormSchema, uploadIdParam, type UploadKind } from '../../core/api/uploads';
import type { Db } from '../../db/client';
import { uploads, users } from '../../db/schema';
import uploadCreator from '../commands/uploadCreator';
import uploadDeleter from '../commands/uploadDeleter';
import type { AppEnv, Bindings } from '../env';
import { apiError, notFound, validationError } from '../errors';
import { log } from '../lib/log';
import { enforce } from '../lib/rate-limit';
import { extractDocumentText, UnreadableFileError } from '../lib/uploads/extract';
import { capText, charCount } from '../lib/uploads/text';
import { cleanFilename, contentDisposition } from '../lib/uploads/filename';
import { sniff, type FileType } from '../lib/uploads/sniff';
import { requireUser } from '../middleware/authenticate';
import { limitBody } from '../middleware/body-limit';
import { validate } from '../middleware/validate';
import { loadAuthorizedReport } from '../policies/report';
import { PREVIEW_CHARS, presentCreatedUpload, presentUpload, type UploadEntry } from '../presenters/upload';

/** Uploads one person may make per hour, over all reports (each is parsed and stored). */
export const UPLOADS_PER_HOUR = 60;
/** Files of each kind one report may hold: guideline texts all go into prompts, so they are few. */
export const MAX_UPLOADS_PER_REPORT: Record<UploadKind, number> = { guideline: 20, image: 200 };

/** The upload route's own body limit (the API's 256 KiB does not apply to it): the largest file plus the multipart envelope. */
export const MAX_UPLOAD_REQUEST_BYTES = Math.max(...Object.values(UPLOAD_MAX_BYTES)) + 64 * 1024;

/** A byte count as people read it (the limits are whole MiB). */
const formatBytes = (n: number) => `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;

const uploadBodyLimit = limitBody(
  MAX_UPLOAD_REQUEST_BYTES,
  `file: Files may be at most ${formatBytes(UPLOAD_MAX_BYTES.guideline)} (images ${formatBytes(UPLOAD_MAX_BYTES.image)}).`,
  'file',
);

/** The columns an upload is listed with: its text as a count and an opening, never the whole text. */
const entryColumns = {
  id: uploads.id,
  reportId: uploads.reportId,
  kind: uploads.kind,
  filename: uploads.filename,
  contentType: uploads.contentType,
  sizeBytes: uploads.sizeBytes,
  textChars: sql<number | null>`char_length(${uploads.extractedText})`.mapWith(Number),
  preview: sql<string | null>`left(${uploads.extractedText}, ${PREVIEW_CHARS})`,
  createdAt: uploads.createdAt,
  uploadedBy: { id: users.id, fullName: users.fullName },
};

/** The R2 bucket, or 503 when this deployment has none. */
function bucketOf(env: Bindings): R2Bucket {
  if (!env.UPLOADS) throw apiError(503, 'uploads_not_configured', 'File uploads are not configured on this server.');
  return env.UPLOADS;
}

/** One upload of this report, or 404 (another report's upload is not found). */
async function loadUpload(db: Db, reportId: string, uploadId: string) {
  const [row] = await db
    .select({ kind: uploads.kind, filename: uploads.filename, contentType: uploads.contentType, storageKey: uploads.storageKey })
    .from(uploads)
    .where(and(eq(uploads.id, uploadId), eq(uploads.reportId, reportId)));
  if (!row) throw notFound('Upload');
  return row;
}

/** The `file` and `kind` fields of a multipart body; 400 naming the field when either is missing or wrong. */
async function readUploadForm(req: HonoRequest): Promise<{ file: File; kind: UploadKind }> {
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw validationError('file', 'Send the file as multipart/form-data in a field named "file".');
  }
  // workerd parses file parts as File (the type definitions still say string).
  const file: unknown = form.get('file');
  if (!(file instanceof File)) throw validationError('file', 'Required: attach the file in a multipart/form-data field named "file".');
  const parsed = uploadFormSchema.safeParse({ kind: form.get('kind') ?? undefined });
  if (!parsed.success) throw validationError('kind', 'Must be "guideline" or "image".');
  return { file, kind: parsed.data.kind };
}

/** A guideline's text, capped for storage, with its full length; 422 naming file when it cannot be read. */
async function guidelineText(reportId: string, type: FileType, bytes: Uint8Array): Promise<{ text: string; chars: number; truncated: boolean }> {
  let text: string;
  try {
    text = await extractDocumentText(type, bytes);
  } catch (err) {
    if (!(err instanceof UnreadableFileError)) throw err;
    log('warn', 'uploaded document unreadable', { reportId, type, reason: err.message, detail: err.detail });
    throw apiError(422, 'unreadable_file', `file: ${err.message}`, { field: 'file' });
  }
  const capped = capText(text, UPLOAD_TEXT_MAX_CHARS);
  return { text: capped.text, chars: charCount(text), truncated: capped.truncated };
}

export const uploadRoutes = new Hono<AppEnv>()
  .post('/:id/uploads', requireUser, validate('param', reportIdParam), uploadBodyLimit, async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const { id } = c.req.valid('param');
    const bucket = bucketOf(c.env);
    await loadAuthorizedReport(db, id, user.id, 'edit');
    await enforce(db, { key: `uploads:${user.id}`, max: UPLOADS_PER_HOUR, windowSeconds: 3600 });

    const { file, kind } = await readUploadForm(c.req);
    if (file.size === 0) throw validationError('file', 'The file is empty.');
    if (file.size > UPLOAD_MAX_BYTES[kind]) {
      throw apiError(413, 'payload_too_large', `file: ${kind === 'image' ? 'Images' : 'Guideline documents'} may be at most ${formatBytes(UPLOAD_MAX_BYTES[kind])}.`, { field: 'file' });
    }
    const [held] = await db.select({ n: count() }).from(uploads).where(and(eq(uploads.reportId, id), eq(uploads.kind, kind)));
    if ((held?.n ?? 0) >= MAX_UPLOADS_PER_REPORT[kind]) {
      throw apiError(409, 'too_many_uploads', `file: A report may hold at most ${MAX_UPLOADS_PER_REPORT[kind]} ${kind === 'image' ? 'images' : 'guideline documents'}; delete one first.`, { field: 'file' });
    }

    const bytes = new Uint8Array(await file.arrayBuffer());
    const filename = cleanFilename(file.name);
    const sniffed = sniff(kind, bytes, { filename, type: file.type });
    if (sniffed.kind === 'unsupported') throw apiError(415, 'unsupported_media_type', `file: ${sniffed.reason}`, { field: 'file' });
    if (sniffed.kind === 'corrupt') throw apiError(422, 'unreadable_file', `file: ${sniffed.reason}`, { field: 'file' });

    // Parse before storing anything: a document we cannot read is refused and leaves nothing behind.
    const extracted = kind === 'guideline' ? await guidelineText(id, sniffed.type, bytes) : null;

    const row = await uploadCreator(db, { bucket, reportId: id, userId: user.id, kind, filename, contentType: sniffed.contentType, bytes, extractedText: extracted?.text ?? null });
    const entry: UploadEntry = {
      ...row,
      reportId: id,
      textChars: extracted ? charCount(extracted.text) : null,
      preview: extracted ? capText(extracted.text, PREVIEW_CHARS).text : null,
      uploadedBy: { id: user.id, fullName: user.fullName },
    };
    return c.json({ data: presentCreatedUpload(entry, extracted) }, 201);
  })

  .get('/:id/uploads', requireUser, validate('param', reportIdParam), async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    await loadAuthorizedReport(db, id, c.get('user').id, 'read');
    const rows = await db
      .select(entryColumns)
      .from(uploads)
      .innerJoin(users, eq(users.id, uploads.userId))
      .where(eq(uploads.reportId, id))
      .orderBy(asc(uploads.createdAt), asc(uploads.id));
    return c.json({ data: rows.map((r) => presentUpload({ ...r, reportId: id })) });
  })

  .get('/:id/uploads/:uploadId/content', requireUser, validate('param', uploadIdParam), async (c) => {
    const db = c.get('db');
    const { id, uploadId } = c.req.valid('param');
    const bucket = bucketOf(c.env);
    await loadAuthorizedReport(db, id, c.get('user').id, 'read');
    const upload = await loadUpload(db, id, uploadId);
    const object = await bucket.get(upload.storageKey);
    if (!object) {
      log('error', 'upload row without its object', { reportId: id, uploadId, storageKey: upload.storageKey });
      throw notFound('Upload');
    }
    return new Response(object.body, {
      headers: {
        'content-type': upload.contentType,
        'content-length': String(object.size),
        // Documents download; images may show in the page. nosniff and the sandbox CSP stop a
        // browser from treating the bytes as anything but the type we found when they came in.
        'content-disposition': contentDisposition(upload.kind === 'image' ? 'inline' : 'attachment', upload.filename),
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        // Private to the caller, and re-checked each time: access can be revoked.
        'cache-control': 'private, no-cache',
        etag: object.httpEtag,
      },
    });
  })

  .delete('/:id/uploads/:uploadId', requireUser, validate('param', uploadIdParam), async (c) => {
    const db = c.get('db');
    const { id, uploadId } = c.req.valid('param');
    const bucket = bucketOf(c.env);
    await loadAuthorizedReport(db, id, c.get('user').id, 'edit');
    if (!(await uploadDeleter(db, { bucket, reportId: id, uploadId }))) throw notFound('Upload');
    return c.body(null, 204);
  });
