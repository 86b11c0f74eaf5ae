// The limits on sending codes and on guessing passwords. Code mail is capped per address and per IP
// with the shared fixed-window counters; password failures lock a key once `max` of them land within
// one window, counting the previous window too so a burst that straddles a boundary still locks.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rateLimits } from '../../db/schema';
import { tooManyRequests } from '../errors';
import { enforce, hit } from './rate-limit';

export const CODE_MAIL_PER_EMAIL = { max: 5, windowSeconds: 60 * 60 };
export const CODE_MAIL_PER_IP = { max: 20, windowSeconds: 60 * 60 };
export const LOGIN_FAILURES_PER_EMAIL = { max: 5, windowSeconds: 15 * 60 };
export const LOGIN_FAILURES_PER_IP = { max: 20, windowSeconds: 15 * 60 };
/** Wrong current passwords (change password, delete account) per account. */
export const REAUTH_FAILURES_PER_USER = { max: 5, windowSeconds: 15 * 60 };

export interface FailureLimit {
  key: string;
  max: number;
  windowSeconds: number;
}

/** Counts one code email for this address and IP; throws 429 with Retry-After past either limit. */
export function limitCodeMail(db: Db, email: string, ip: string): Promise<void> {
  return enforce(
    db,
    { key: `code-mail:email:${email.toLowerCase()}`, ...CODE_MAIL_PER_EMAIL },
    { key: `code-mail:ip:${ip}`, ...CODE_MAIL_PER_IP },
  );
}

/** The login-failure limits of one attempt. */
export function loginFailureLimits(email: string, ip: string): FailureLimit[] {
  return [
    { key: `login-fail:email:${email.toLowerCase()}`, ...LOGIN_FAILURES_PER_EMAIL },
    { key: `login-fail:ip:${ip}`, ...LOGIN_FAILURES_PER_IP },
  ];
}

/** The limit on wrong current passwords for one account. */
export function reauthFailureLimit(userId: string): FailureLimit {
  return { key: `reauth-fail:user:${userId}`, ...REAUTH_FAILURES_PER_USER };
}

function windows(limit: FailureLimit, now = Date.now()) {
  const ms = limit.windowSeconds * 1000;
  const current = Math.floor(now / ms) * ms;
  return { ms, current, previous: current - ms };
}

/** Throws 429 (Retry-After until the failures age out) when any limit already has `max` failures. */
export async function assertNotLocked(db: Db, limits: FailureLimit[]): Promise<void> {
  const now = Date.now();
  let wait = 0;
  for (const limit of limits) {
    const w = windows(limit, now);
    const rows = await db
      .select({ windowStart: rateLimits.windowStart, count: rateLimits.count })
      .from(rateLimits)
      .where(and(eq(rateLimits.key, limit.key), inArray(rateLimits.windowStart, [new Date(w.previous), new Date(w.current)])));
    const count = (at: number) => rows.find((r) => r.windowStart.getTime() === at)?.count ?? 0;
    const current = count(w.current);
    const previous = count(w.previous);
    if (current + previous < limit.max) continue;
    // Once this window closes it becomes "previous": if it alone holds `max`, the lock lasts one more window.
    const until = current >= limit.max ? w.current + 2 * w.ms : w.current + w.ms;
    wait = Math.max(wait, Math.ceil((until - now) / 1000));
  }
  if (wait > 0) throw tooManyRequests(wait, 'Too many failed sign-in attempts. Try again later.');
}

/** Counts one failure against each limit. */
export async function recordFailure(db: Db, limits: FailureLimit[]): Promise<void> {
  for (const limit of limits) await hit(db, limit);
}

/** Forgets the failures of a key after a success (the IP's count is left alone). */
export async function clearFailures(db: Db, limit: FailureLimit): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, limit.key));
}
