// Gives every request an id (the caller's X-Request-Id when sane) and logs one structured line per request.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { log } from '../lib/log';

export const requestContext = createMiddleware<AppEnv>(async (c, next) => {
  const incoming = c.req.header('x-request-id');
  const requestId = incoming && /^[\w.-]{8,64}$/.test(incoming) ? incoming : crypto.randomUUID();
  c.set('requestId', requestId);
  const started = Date.now();
  try {
    await next();
  } finally {
    c.header('x-request-id', requestId);
    log('info', 'request', {
      requestId,
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      ms: Date.now() - started,
      userId: c.get('user')?.id,
    });
  }
});
