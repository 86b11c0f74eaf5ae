// The API's limit on request bodies. A body over the limit is refused with 413 without being
// parsed. When any refused body (this 413 or another refusal; worker/app.ts's error handler does
// it) is small (its declared length at most DRAIN_MAX_BYTES) it is read and thrown away first, as Go's HTTP server does with up to 256 KiB of unread body: an answer
// sent while the client is still sending breaks the body's pipe through any proxy in between. Under
// wrangler dev on a loaded CI machine that cost a 413 whose body never arrived, and the proxy's
// next forward on the same connection failed (its misleading "Your worker restarted mid-request").
// Bigger bodies (uploads past 10 MB) are still refused at once: reading them would cost more.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { apiError } from '../errors';

/** Refused bodies up to this size are read to the end before the answer. */
export const DRAIN_MAX_BYTES = 1024 * 1024;

/** Reads and discards the request body when its declared length is small enough; never throws. */
export async function drainSmallBody(c: Context): Promise<void> {
  const length = Number(c.req.header('content-length'));
  if (!Number.isFinite(length) || length <= 0 || length > DRAIN_MAX_BYTES || !c.req.raw.body) return;
  try {
    await c.req.raw.body.pipeTo(new WritableStream());
  } catch {
    /* the client went away: nothing to keep */
  }
}

/** 413 `payload_too_large` with `message` for a body over `maxSize` bytes. */
export function limitBody(maxSize: number, message: string, field?: string): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    // The app's error handler reads a small refused body before this answer goes out (worker/app.ts).
    onError: () => {
      throw apiError(413, 'payload_too_large', message, field ? { field } : {});
    },
  });
}
