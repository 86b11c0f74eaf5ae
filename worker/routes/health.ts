// GET /api/health: the worker is up and can reach the database.
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppEnv } from '../env';

export const health = new Hono<AppEnv>().get('/', async (c) => {
  await c.get('db').execute(sql`select 1`);
  return c.json({ ok: true });
});
