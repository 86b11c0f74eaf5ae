// Fixed-window rate limits kept in Postgres, so every worker isolate counts against the same limit.
import { sql } from 'drizzle-orm';
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

/** Counts one hit; returns the seconds to wait when the limit was already used up, else 0. */
export async function hit(db: Db, limit: Limit): Promise<number> {
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(Date.now() / windowMs) * windowMs);
  const [row] = await db
    .insert(rateLimits)
    .values({ key: limit.key, windowStart, count: 1 })
    .onConflictDoUpdate({ target: [rateLimits.key, rateLimits.windowStart], set: { count: sql`${rateLimits.count} + 1` } })
    .returning({ count: rateLimits.count });
  if ((row?.count ?? 0) <= limit.max) return 0;
  return Math.max(1, Math.ceil((windowStart.getTime() + windowMs - Date.now()) / 1000));
}

/** Counts one hit against each limit and throws 429 (with Retry-After) if any is exceeded. */
export async function enforce(db: Db, ...limits: Limit[]): Promise<void> {
  let wait = 0;
  for (const limit of limits) wait = Math.max(wait, await hit(db, limit));
  if (wait > 0) throw tooManyRequests(wait);
}

/** How many hits a key has in its current window (without counting one). */
export async function peek(db: Db, limit: Omit<Limit, 'max'>): Promise<number> {
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = new Date(Math.floor(Date.now() / windowMs) * windowMs);
  const rows = await db
    .select({ count: rateLimits.count })
    .from(rateLimits)
    .where(sql`${rateLimits.key} = ${limit.key} and ${rateLimits.windowStart} = ${windowStart}`);
  return rows[0]?.count ?? 0;
}

/** The caller's IP as Cloudflare reports it (loopback under wrangler dev). */
export function clientIp(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? c.req.header('x-real-ip') ?? 'unknown';
}
