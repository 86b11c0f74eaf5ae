// The lifecycle of a reference_jobs row: started (running), progress, finished or failed. Each
// step is one small write, so the row says where a gathering is even while it runs.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { referenceJobs } from '../../db/schema';

export type ReferenceJobRow = typeof referenceJobs.$inferSelect;

export interface ReferenceJobStartProps {
  /** The report whose references are gathered. */
  reportId: string;
  /** Who asked for it. */
  userId: string;
}

/** Creates the job already running (first attempt) and answers it. */
export async function startReferenceJob(db: Db, props: ReferenceJobStartProps): Promise<ReferenceJobRow> {
  const now = new Date();
  const [row] = await db
    .insert(referenceJobs)
    .values({ reportId: props.reportId, userId: props.userId, status: 'running', stage: 'searching', progress: 0, attempts: 1, startedAt: now, updatedAt: now })
    .returning();
  return row!;
}

/** Records the stage and progress (clamped to 0..100) of a running job. */
export async function progressReferenceJob(db: Db, jobId: string, stage: string, progress: number): Promise<void> {
  await db
    .update(referenceJobs)
    .set({ stage, progress: clampProgress(progress), updatedAt: new Date() })
    .where(eq(referenceJobs.id, jobId));
}

/** Marks the job finished at 100%. */
export async function finishReferenceJob(db: Db, jobId: string): Promise<ReferenceJobRow> {
  const now = new Date();
  const [row] = await db
    .update(referenceJobs)
    .set({ status: 'finished', stage: 'done', progress: 100, lastError: null, finishedAt: now, updatedAt: now })
    .where(eq(referenceJobs.id, jobId))
    .returning();
  return row!;
}

/** Marks the job failed with its reason (kept to 2,000 characters); progress stays where it got. */
export async function failReferenceJob(db: Db, jobId: string, reason: string): Promise<ReferenceJobRow> {
  const now = new Date();
  const [row] = await db
    .update(referenceJobs)
    .set({ status: 'failed', lastError: reason.slice(0, 2_000), finishedAt: now, updatedAt: now })
    .where(eq(referenceJobs.id, jobId))
    .returning();
  return row!;
}

function clampProgress(progress: number): number {
  return Number.isFinite(progress) ? Math.min(100, Math.max(0, Math.round(progress))) : 0;
}
