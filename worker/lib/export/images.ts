// Images for the DOCX and PDF exports. Only bytes we already hold are embedded: base64 data: URLs
// and this report's own uploads (read from R2 by id). Other URLs are never fetched by the worker
// (that would let a document make the server call any address); such images export as their
// caption or alt text.
import { and, eq } from 'drizzle-orm';
import { safeImageSrc } from '../../../core/doc';
import type { Db } from '../../../db/client';
import { uploads } from '../../../db/schema';
import type { Bindings } from '../../env';
import { log } from '../log';
import { imageInfo, type ImageType } from './image-info';

export interface ExportImage {
  bytes: Uint8Array;
  type: ImageType;
  /** Pixels, from the file's header. */
  width: number;
  height: number;
}

/** Images one export embeds at most, and their total bytes: a bound on the worker's memory. */
export const MAX_EXPORT_IMAGES = 60;
export const MAX_EXPORT_IMAGE_BYTES = 40 * 1024 * 1024;

const UPLOAD_PATH = /^\/api\/reports\/([0-9a-f-]{36})\/uploads\/([0-9a-f-]{36})\/content$/i;

/** Resolves image sources to bytes, with a per-export budget and a cache (one upload shown twice is read once). */
export class ImageResolver {
  private readonly cache = new Map<string, Promise<ExportImage | null>>();
  private count = 0;
  private bytes = 0;

  constructor(
    private readonly db: Db,
    private readonly env: Bindings,
    private readonly reportId: string,
  ) {}

  /** The image at `src`, or null when it cannot or may not be embedded. */
  resolve(src: unknown): Promise<ExportImage | null> {
    if (typeof src !== 'string') return Promise.resolve(null);
    let pending = this.cache.get(src);
    if (!pending) {
      pending = this.load(src).catch((err: unknown) => {
        log('warn', 'export: image not embedded', { reportId: this.reportId, error: String(err) });
        return null;
      });
      this.cache.set(src, pending);
    }
    return pending;
  }

  private async load(src: string): Promise<ExportImage | null> {
    let bytes: Uint8Array | null = null;
    const data = /^data:image\/[a-z]+;base64,(.*)$/i.exec(src.trim());
    if (data && safeImageSrc(src)) {
      bytes = base64Bytes(data[1] as string);
    } else {
      const uploadId = this.ownUploadId(src);
      if (uploadId) bytes = await this.readUpload(uploadId);
    }
    if (!bytes) return null;
    if (this.count >= MAX_EXPORT_IMAGES || this.bytes + bytes.length > MAX_EXPORT_IMAGE_BYTES) return null;
    const info = imageInfo(bytes);
    if (!info) return null;
    this.count++;
    this.bytes += bytes.length;
    return { bytes, ...info };
  }

  /** The upload id when `src` names one of this report's uploads (relative, or absolute on any origin). */
  private ownUploadId(src: string): string | null {
    let path: string;
    try {
      path = new URL(src, 'http://relative.invalid').pathname;
    } catch {
      return null;
    }
    const match = UPLOAD_PATH.exec(path);
    return match && match[1]?.toLowerCase() === this.reportId.toLowerCase() ? (match[2] as string) : null;
  }

  private async readUpload(uploadId: string): Promise<Uint8Array | null> {
    if (!this.env.UPLOADS) return null;
    const [row] = await this.db
      .select({ storageKey: uploads.storageKey, kind: uploads.kind })
      .from(uploads)
      .where(and(eq(uploads.id, uploadId), eq(uploads.reportId, this.reportId)));
    if (!row || row.kind !== 'image') return null;
    const object = await this.env.UPLOADS.get(row.storageKey);
    return object ? new Uint8Array(await object.arrayBuffer()) : null;
  }
}

function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
