// Opens a database pool for this request and closes it once the response is done: a Worker may not
// reuse a socket across requests.
import { createMiddleware } from 'hono/factory';
import { createDb } from '../../db/client';
import type { AppEnv } from '../env';

export const database = createMiddleware<AppEnv>(async (c, next) => {
  const { db, pool } = createDb(c.env);
  c.set('db', db);
  try {
    await next();
  } finally {
    c.executionCtx.waitUntil(pool.end().catch(() => undefined));
  }
});
