// The limits on sending codes and on guessing passwords. Code mail is capped per address and per IP
// with the shared counters; password failures lock a key once `max` of them land within one window,
// until enough of them are older than a window (worker/lib/rate-limit.ts counts them).
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { rateLimits } from '../../db/schema';
import { tooManyRequests } from '../errors';
import { enforce, hit, recentBuckets, waitUntilUnder } from './rate-limit';

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

/** Throws 429 (Retry-After until the failures age out) when any limit already has `max` failures. */
export async function assertNotLocked(db: Db, limits: FailureLimit[]): Promise<void> {
  const now = Date.now();
  let wait = 0;
  for (const limit of limits) {
    const windowMs = limit.windowSeconds * 1000;
    const buckets = await recentBuckets(db, limit.key, windowMs, now);
    wait = Math.max(wait, waitUntilUnder(buckets, limit.max, windowMs, now));
  }
  if (wait > 0) throw tooManyRequests(Math.max(1, Math.ceil(wait / 1000)), 'Too many failed sign-in attempts. Try again later.');
}

/** Counts one failure against each limit. */
export async function recordFailure(db: Db, limits: FailureLimit[]): Promise<void> {
  for (const limit of limits) await hit(db, limit);
}

/** Forgets the failures of a key after a success (the IP's count is left alone). */
export async function clearFailures(db: Db, limit: FailureLimit): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, limit.key));
}
