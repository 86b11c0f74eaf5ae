// Who is working on a job. A delivery claims the job with a lease before it writes anything and
// renews it while it works; a second delivery of the same job (queue redelivery, a duplicate, a
// continuation racing a retry) finds the lease held and backs off, so no section is written twice.
// A consumer that crashed stops renewing; once its lease expires the next delivery takes over.
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { reportJobs } from '../../db/schema';

export type ReportJobRow = typeof reportJobs.$inferSelect;

export const ACTIVE_JOB_STATUSES = ['queued', 'running'] as const;

export type JobClaim =
  | { kind: 'claimed'; job: ReportJobRow; leaseId: string }
  /** The job is over (or gone): the message has nothing left to do. */
  | { kind: 'finished' }
  /** Another delivery holds the job; try again once its lease could have lapsed. */
  | { kind: 'busy'; retryInSeconds: number };

/** Takes the job for this delivery when nobody holds it, marking it running. */
export async function claimJob(db: DbOrTx, jobId: string, leaseSeconds: number): Promise<JobClaim> {
  const leaseId = crypto.randomUUID();
  const [job] = await db
    .update(reportJobs)
    .set({
      leaseId,
      leaseExpiresAt: sql`now() + make_interval(secs => ${leaseSeconds})`,
      status: 'running',
      startedAt: sql`coalesce(${reportJobs.startedAt}, now())`,
      attempts: sql`${reportJobs.attempts} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(reportJobs.id, jobId),
        inArray(reportJobs.status, [...ACTIVE_JOB_STATUSES]),
        or(isNull(reportJobs.leaseExpiresAt), lt(reportJobs.leaseExpiresAt, sql`now()`)),
      ),
    )
    .returning();
  if (job) return { kind: 'claimed', job, leaseId };

  const [current] = await db
    .select({ status: reportJobs.status, wait: sql<number>`greatest(0, extract(epoch from ${reportJobs.leaseExpiresAt} - now()))` })
    .from(reportJobs)
    .where(eq(reportJobs.id, jobId));
  if (!current || !(ACTIVE_JOB_STATUSES as readonly string[]).includes(current.status)) return { kind: 'finished' };
  return { kind: 'busy', retryInSeconds: Math.ceil(Number(current.wait ?? 0)) + 1 };
}

export interface LeaseCheck {
  /** False: the lease lapsed and someone else may hold the job; stop writing at once. */
  held: boolean;
  cancelRequested: boolean;
}

/** Extends the lease (and records the stage and progress when given). */
export async function renewLease(
  db: DbOrTx,
  jobId: string,
  leaseId: string,
  leaseSeconds: number,
  progress?: { stage: string; progress: number },
): Promise<LeaseCheck> {
  const [row] = await db
    .update(reportJobs)
    .set({ leaseExpiresAt: sql`now() + make_interval(secs => ${leaseSeconds})`, updatedAt: sql`now()`, ...(progress ?? {}) })
    .where(and(eq(reportJobs.id, jobId), eq(reportJobs.leaseId, leaseId), inArray(reportJobs.status, [...ACTIVE_JOB_STATUSES])))
    .returning({ cancelRequested: reportJobs.cancelRequested });
  return row ? { held: true, cancelRequested: row.cancelRequested } : { held: false, cancelRequested: false };
}

/** Gives the job back so the next delivery can take it at once. */
export async function releaseLease(db: DbOrTx, jobId: string, leaseId: string): Promise<void> {
  await db
    .update(reportJobs)
    .set({ leaseId: null, leaseExpiresAt: null, updatedAt: sql`now()` })
    .where(and(eq(reportJobs.id, jobId), eq(reportJobs.leaseId, leaseId)));
}
