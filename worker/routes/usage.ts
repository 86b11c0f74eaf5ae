// GET /api/usage/tokens and /api/usage/credits: my token usage and my credit use, summed per report
// (with its topic) or per month (YYYY-MM, UTC). Only the caller's own rows count.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { usageQuerySchema } from '../../core/api/usage';
import { creditLedger, reports, tokenUsage } from '../../db/schema';
import type { AppEnv } from '../env';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { presentCreditUsage, presentTokenUsage } from '../presenters/usage';

const SPENT_REASONS = ['report_reserve', 'report_release', 'ai_edit'] as const;
const month = (column: typeof tokenUsage.createdAt | typeof creditLedger.createdAt) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM')`;

export const usage = new Hono<AppEnv>()
  .get('/tokens', requireUser, validate('query', usageQuerySchema), async (c) => {
    const db = c.get('db');
    const userId = c.get('user')!.id;
    const { groupBy } = c.req.valid('query');
    const sums = {
      promptTokens: sql`coalesce(sum(${tokenUsage.promptTokens}), 0)`.mapWith(Number),
      completionTokens: sql`coalesce(sum(${tokenUsage.completionTokens}), 0)`.mapWith(Number),
      costMicroUsd: sql`coalesce(sum(${tokenUsage.costMicroUsd}), 0)`.mapWith(Number),
      calls: sql`count(*)`.mapWith(Number),
    };
    if (groupBy === 'month') {
      const m = month(tokenUsage.createdAt);
      const rows = await db.select({ month: m, ...sums }).from(tokenUsage).where(eq(tokenUsage.userId, userId)).groupBy(m).orderBy(desc(m));
      return c.json({ data: rows.map(presentTokenUsage) });
    }
    const rows = await db
      .select({ reportId: tokenUsage.reportId, topic: reports.topic, ...sums })
      .from(tokenUsage)
      .leftJoin(reports, eq(reports.id, tokenUsage.reportId))
      .where(eq(tokenUsage.userId, userId))
      .groupBy(tokenUsage.reportId, reports.topic)
      .orderBy(desc(sql`max(${tokenUsage.createdAt})`));
    return c.json({ data: rows.map(presentTokenUsage) });
  })
  .get('/credits', requireUser, validate('query', usageQuerySchema), async (c) => {
    const db = c.get('db');
    const userId = c.get('user')!.id;
    const { groupBy } = c.req.valid('query');
    const sums = { credits: sql`coalesce(-sum(${creditLedger.delta}), 0)`.mapWith(Number), entries: sql`count(*)`.mapWith(Number) };
    const mine = and(eq(creditLedger.userId, userId), inArray(creditLedger.reason, [...SPENT_REASONS]));
    if (groupBy === 'month') {
      const m = month(creditLedger.createdAt);
      const rows = await db.select({ month: m, ...sums }).from(creditLedger).where(mine).groupBy(m).orderBy(desc(m));
      return c.json({ data: rows.map(presentCreditUsage) });
    }
    const rows = await db
      .select({ reportId: creditLedger.reportId, topic: reports.topic, ...sums })
      .from(creditLedger)
      .leftJoin(reports, eq(reports.id, creditLedger.reportId))
      .where(mine)
      .groupBy(creditLedger.reportId, reports.topic)
      .orderBy(desc(sql`max(${creditLedger.createdAt})`));
    return c.json({ data: rows.map(presentCreditUsage) });
  });
