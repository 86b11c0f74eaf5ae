// Rate limits kept in Postgres, so every worker isolate counts against the same limit. A limit is
// "at most `max` hits in any `windowSeconds`": hits are counted in buckets a tenth of the window
// long and a hit is judged against the buckets of the last window. (Counted in one fixed window, a
// burst just before a boundary and another just after it got twice the limit through.)
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Db } from '../../db/client';
import { rateLimits } from '../../db/schema';
import { tooManyRequests } from '../errors';

export interface Limit {
  /** What is limited and for whom, e.g. `signup-email:ann@x.org`. */
  key: string;
  max: number;
  windowSeconds: number;
}

/** Hits counted together: a window is this many buckets. */
const BUCKETS_PER_WINDOW = 10;

/** One bucket's hits: when it began (ms) and how many. */
export interface Bucket {
  start: number;
  count: number;
}

/** The start of the bucket `now` falls in. */
export function bucketStart(now: number, windowMs: number): number {
  const size = windowMs / BUCKETS_PER_WINDOW;
  return Math.floor(now / size) * size;
}

/**
 * The ms from `now` until the buckets still inside the window hold fewer than `under` hits (0 when
 * they already do). A bucket leaves the window `windowMs` after it began, so the wait is never
 * longer than one window.
 */
export function waitUntilUnder(buckets: Bucket[], under: number, windowMs: number, now: number): number {
  const inWindow = buckets.filter((b) => b.start > now - windowMs).sort((a, b) => a.start - b.start);
  let total = inWindow.reduce((sum, b) => sum + b.count, 0);
  for (const bucket of inWindow) {
    if (total < under) break;
    total -= bucket.count;
    if (total < under) return bucket.start + windowMs - now;
  }
  return 0;
}

/** The key's buckets that began within the last window. */
export async function recentBuckets(db: Db, key: string, windowMs: number, now: number): Promise<Bucket[]> {
  const rows = await db
    .select({ windowStart: rateLimits.windowStart, count: rateLimits.count })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), gt(rateLimits.windowStart, new Date(now - windowMs))));
  return rows.map((r) => ({ start: r.windowStart.getTime(), count: r.count }));
}

/** Counts one hit; returns the seconds to wait when the limit was already used up, else 0. */
export async function hit(db: Db, limit: Limit): Promise<number> {
  const now = Date.now();
  const windowMs = limit.windowSeconds * 1000;
  await db
    .insert(rateLimits)
    .values({ key: limit.key, windowStart: new Date(bucketStart(now, windowMs)), count: 1 })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } });
  const buckets = await recentBuckets(db, limit.key, windowMs, now);
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  if (total <= limit.max) return 0;
  // Refused hits count too (a flood keeps itself out); the next one passes once the window holds fewer than max.
  return Math.max(1, Math.ceil(waitUntilUnder(buckets, limit.max, windowMs, now) / 1000));
}

/** How long counted hits are kept: longer than any window, so no limit ever misses one. */
export const HITS_KEPT_MS = 24 * 60 * 60 * 1000;

/** Deletes buckets no limit looks at any more (the cron runs it); returns how many. */
export async function forgetOldHits(db: Db, now = Date.now()): Promise<number> {
  const gone = await db.delete(rateLimits).where(lt(rateLimits.windowStart, new Date(now - HITS_KEPT_MS))).returning({ key: rateLimits.key });
  return gone.length;
}

/** Counts one hit against each limit and throws 429 (with Retry-After) if any is exceeded. */
export async function enforce(db: Db, ...limits: Limit[]): Promise<void> {
  let wait = 0;
  for (const limit of limits) wait = Math.max(wait, await hit(db, limit));
  if (wait > 0) throw tooManyRequests(wait);
}

/** The caller's IP as Cloudflare reports it (loopback under wrangler dev). */
export function clientIp(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? c.req.header('x-real-ip') ?? 'unknown';
}
