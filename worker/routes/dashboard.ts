// /api/dashboard: the signed-in user's summary — name, reports created, credits.
import { count, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { reports } from '../../db/schema';
import type { AppEnv } from '../env';
import { creditSummary } from '../lib/credits';
import { requireUser } from '../middleware/authenticate';
import { presentDashboard } from '../presenters/dashboard';

export const dashboard = new Hono<AppEnv>().get('/', requireUser, async (c) => {
  const db = c.get('db');
  const user = c.get('user');
  const [[owned], credits] = await Promise.all([
    db.select({ n: count() }).from(reports).where(eq(reports.ownerId, user.id)),
    creditSummary(db, user.id),
  ]);
  return c.json({ data: presentDashboard(user.fullName, owned?.n ?? 0, credits) });
});
