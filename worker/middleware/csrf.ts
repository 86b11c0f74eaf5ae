// Cookie-authenticated writes must come from our own web origin. SameSite=Lax already stops most
// cross-site posts; this also stops same-site subdomains and old browsers. Requests without an
// Origin header (curl, API-token clients, server-to-server) are not browser CSRF and pass.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { forbidden } from '../errors';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export const sameOriginWrites = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header('origin');
  if (SAFE.has(c.req.method) || !origin) return next();
  const self = new URL(c.req.url).origin;
  const allowed = (c.env.APP_ORIGIN ?? '').split(',').map((s) => s.trim());
  if (origin !== self && !allowed.includes(origin)) throw forbidden('Cross-origin request refused.');
  return next();
});
