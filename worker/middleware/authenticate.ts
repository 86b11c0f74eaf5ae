// Finds who is calling, from the session cookie or an `Authorization: Bearer` API token (or session
// secret), and sets `user`/`auth`. Anonymous callers pass through; `requireUser` turns them away.
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, AuthedEnv } from '../env';
import { forbidden, unauthenticated } from '../errors';
import { API_TOKEN_PREFIX, findSessionUser, findTokenUser, SESSION_COOKIE } from '../lib/sessions';

export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  c.set('user', null);
  c.set('auth', null);
  const db = c.get('db');
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
    const secret = match[1]!;
    if (secret.startsWith(API_TOKEN_PREFIX)) {
      const found = await findTokenUser(db, secret);
      if (!found) throw unauthenticated('This API token is not valid.');
      c.set('user', found.user);
      c.set('auth', { kind: 'token', tokenId: found.tokenId });
    } else {
      const found = await findSessionUser(db, secret);
      if (!found) throw unauthenticated('This session has ended. Sign in again.');
      c.set('user', found.user);
      c.set('auth', { kind: 'session', sessionId: found.sessionId });
    }
    return next();
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) {
    const found = await findSessionUser(db, cookie);
    if (found) {
      c.set('user', found.user);
      c.set('auth', { kind: 'session', sessionId: found.sessionId });
    }
  }
  return next();
});

/** Stops anonymous callers with 401. */
export const requireUser = createMiddleware<AuthedEnv>(async (c, next) => {
  if (!c.get('user') || !c.get('auth')) throw unauthenticated();
  return next();
});

/** Stops callers who are not staff with 403 (401 when anonymous). */
export const requireStaff = createMiddleware<AuthedEnv>(async (c, next) => {
  const user = c.get('user');
  if (!user) throw unauthenticated();
  if (!user.isStaff) throw forbidden('Staff only.');
  return next();
});
