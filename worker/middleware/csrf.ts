// Cookie-authenticated writes must come from our own web origin. SameSite=Lax already stops most
// cross-site posts; this also stops same-site subdomains and old browsers. Requests without an
// Origin header (curl, API-token clients, server-to-server) are not browser CSRF and pass.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { forbidden } from '../errors';
import { allowedOrigins } from '../lib/origins';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export const sameOriginWrites = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header('origin');
  if (SAFE.has(c.req.method) || !origin) return next();
  const self = new URL(c.req.url).origin;
  const allowed = allowedOrigins(c.env.APP_ORIGIN);
  if (origin !== self && !allowed.includes(origin)) throw forbidden('Cross-origin request refused.');
  return next();
});
