// Sessions and API tokens: opaque random secrets handed to the client, stored only as SHA-256.
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Db } from '../../db/client';
import { apiTokens, sessions, users, type User } from '../../db/schema';
import { randomToken, sha256Hex } from './bytes';

export const SESSION_COOKIE = 'seydam_session';
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** API tokens start with this so they are recognisable in logs, leaks and secret scanners. */
export const API_TOKEN_PREFIX = 'sdm_';
// Writing last-seen on every request would turn every read into a write; once a minute is plenty.
const TOUCH_AFTER_MS = 60 * 1000;

/** Starts a session for a user and returns its secret (to put in the cookie or give to the caller). */
export async function createSession(db: Db, userId: string, meta: { userAgent?: string | undefined; ip?: string | undefined }) {
  const secret = randomToken(32);
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  const [row] = await db
    .insert(sessions)
    .values({ userId, tokenHash: await sha256Hex(secret), expiresAt, userAgent: meta.userAgent?.slice(0, 300), ip: meta.ip })
    .returning({ id: sessions.id });
  return { secret, expiresAt, sessionId: row!.id };
}

/** The live session's user for a secret, or null for an unknown, revoked or expired one. */
export async function findSessionUser(db: Db, secret: string): Promise<{ user: User; sessionId: string } | null> {
  const tokenHash = await sha256Hex(secret);
  const [row] = await db
    .select({ user: users, sessionId: sessions.id, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)))
    .limit(1);
  if (!row || !row.user.isActive) return null;
  if (Date.now() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, row.sessionId));
  }
  return { user: row.user, sessionId: row.sessionId };
}

/** The owner of a live API token, or null. */
export async function findTokenUser(db: Db, secret: string): Promise<{ user: User; tokenId: string } | null> {
  const tokenHash = await sha256Hex(secret);
  const [row] = await db
    .select({ user: users, tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row || !row.user.isActive) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_AFTER_MS) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  }
  return { user: row.user, tokenId: row.tokenId };
}

/** Ends every live session of a user, except `keepSessionId` when given. */
export async function revokeUserSessions(db: Db, userId: string, keepSessionId?: string): Promise<void> {
  const live = and(eq(sessions.userId, userId), isNull(sessions.revokedAt));
  await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(keepSessionId ? and(live, sql`${sessions.id} <> ${keepSessionId}`) : live);
}

function isLocalhost(c: Context): boolean {
  const host = new URL(c.req.url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/** Sets the session cookie: HttpOnly, SameSite=Lax, Secure everywhere but localhost. */
export function setSessionCookie(c: Context, secret: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: !isLocalhost(c),
    path: '/',
    expires: expiresAt,
  });
}

/** Removes the session cookie from the browser. */
export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: !isLocalhost(c) });
}
