// Puts back on the queue the jobs nobody is working on: active, unleased (or with a lapsed lease)
// and untouched for a while. Normally every active job has a message in flight; this covers a
// message the queue dropped after its retries, so no job stays "running" for ever. Runs from the
// cron trigger, and for one job from the staff route.
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reportJobs } from '../../db/schema';
import type { Bindings } from '../env';
import { log } from '../lib/log';
import { ACTIVE_JOB_STATUSES } from './lease';
import { enqueueGeneration } from './message';

/** Minutes without a sign of life before a job counts as abandoned. */
export const ABANDONED_AFTER_MINUTES = 3;

export async function requeueAbandonedJobs(db: Db, env: Bindings): Promise<string[]> {
  const rows = await db
    .select({ id: reportJobs.id })
    .from(reportJobs)
    .where(
      and(
        inArray(reportJobs.status, [...ACTIVE_JOB_STATUSES]),
        or(isNull(reportJobs.leaseExpiresAt), lt(reportJobs.leaseExpiresAt, sql`now()`)),
        lt(reportJobs.updatedAt, sql`now() - make_interval(mins => ${ABANDONED_AFTER_MINUTES})`),
      ),
    )
    .limit(100);
  for (const row of rows) await requeueJob(db, env, row.id);
  if (rows.length > 0) log('warn', 'abandoned generation jobs requeued', { jobs: rows.map((r) => r.id) });
  return rows.map((r) => r.id);
}

/** Sends one more message for the job (a duplicate is harmless: deliveries take turns through the lease). */
export async function requeueJob(db: Db, env: Bindings, jobId: string): Promise<void> {
  await db.update(reportJobs).set({ updatedAt: sql`now()` }).where(eq(reportJobs.id, jobId));
  await enqueueGeneration(env, jobId);
}
