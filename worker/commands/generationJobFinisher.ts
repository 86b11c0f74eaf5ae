// Ends a generation job exactly once: decides its final status from its sections, charges what
// was written and gives the rest of the reservation back (creditSettler, keyed release:<job>), and
// records the charge on the report, all in one transaction on the locked job row. A second call
// (a redelivered message, a cancel racing the last section) finds the job ended and changes nothing.
//
// The rule (docs/billing.md): a job reserved R credits for P planned sections; with D sections
// written it is charged ceil(R × D / P) and R − that is released. Nothing written costs nothing.
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { reportJobSections, reportJobs, reports } from '../../db/schema';
import creditSettler from './creditSettler';

export type FinishedStatus = 'finished' | 'partial' | 'failed' | 'cancelled';

export interface GenerationJobFinisherProps {
  jobId: string;
  /** Why the job stopped early, when it did (kept as the job's last error). */
  error?: string | undefined;
  /**
   * For a one-section job: the report's status once it ends, which depends on how the report's
   * other sections stand (the caller reads that from the room). Written with the job's end, so
   * nobody sees the job finished and the report still marked as before.
   */
  sectionJobReportStatus?: 'completed' | 'partial' | undefined;
}

export interface FinishedJob {
  status: FinishedStatus;
  charged: number;
  released: number;
  done: number;
  planned: number;
  /** True when the job had already ended and nothing was written now. */
  replayed: boolean;
  kind: 'report' | 'section';
  reportId: string;
}

/** The credits a job that wrote `done` of `planned` sections is charged from its `reserved`. */
export function jobCharge(reserved: number, done: number, planned: number): number {
  if (planned <= 0 || done <= 0) return 0;
  return Math.min(reserved, Math.ceil((reserved * done) / planned));
}

export default async function generationJobFinisher(db: DbOrTx, props: GenerationJobFinisherProps): Promise<FinishedJob | null> {
  return db.transaction(async (tx) => {
    const [job] = await tx.select().from(reportJobs).where(eq(reportJobs.id, props.jobId)).for('update');
    if (!job) return null;
    if (job.status !== 'queued' && job.status !== 'running') {
      return {
        status: job.status as FinishedStatus,
        charged: job.creditsCharged ?? 0,
        released: job.creditsReserved - (job.creditsCharged ?? 0),
        done: 0,
        planned: 0,
        replayed: true,
        kind: job.kind,
        reportId: job.reportId,
      };
    }

    // Sections not written by now never will be by this job.
    await tx
      .update(reportJobSections)
      .set({ status: 'cancelled', finishedAt: sql`now()` })
      .where(sql`${reportJobSections.jobId} = ${job.id} and ${reportJobSections.status} in ('queued', 'writing')`);
    const sections = await tx.select({ status: reportJobSections.status, error: reportJobSections.error }).from(reportJobSections).where(eq(reportJobSections.jobId, job.id));
    const planned = sections.length;
    const done = sections.filter((s) => s.status === 'done').length;
    const failed = sections.filter((s) => s.status === 'failed');
    const status: FinishedStatus = job.cancelRequested
      ? 'cancelled'
      : done === 0
        ? 'failed'
        : failed.length > 0 || sections.some((s) => s.status === 'cancelled')
          ? 'partial'
          : 'finished';

    const charged = jobCharge(job.creditsReserved, done, planned);
    const released = job.creditsReserved - charged;
    if (job.creditsReserved > 0) await creditSettler(tx, { jobId: job.id, amount: released });
    // A whole-report job decides the report's status; a one-section job takes it from its caller,
    // which knows how the other sections stand.
    const reportStatus = job.kind === 'report' ? reportStatusAfter(status, done) : props.sectionJobReportStatus;
    if (charged > 0 || reportStatus) {
      await tx
        .update(reports)
        .set({ creditsCharged: sql`${reports.creditsCharged} + ${charged}`, ...(reportStatus ? { status: reportStatus } : {}), updatedAt: sql`now()` })
        .where(eq(reports.id, job.reportId));
    }

    const lastError = props.error ?? failed[0]?.error ?? (status === 'failed' && planned === 0 ? 'The job had no sections to write.' : job.lastError);
    await tx
      .update(reportJobs)
      .set({
        status,
        stage: status,
        progress: 100,
        creditsCharged: charged,
        lastError: lastError ?? null,
        leaseId: null,
        leaseExpiresAt: null,
        finishedAt: sql`now()`,
        updatedAt: sql`now()`,
      })
      .where(eq(reportJobs.id, job.id));
    return { status, charged, released, done, planned, replayed: false, kind: job.kind, reportId: job.reportId };
  });
}

/** The report's status once its whole-report job ended. */
export function reportStatusAfter(status: FinishedStatus, done: number): 'completed' | 'partial' | 'failed' | 'outlined' {
  if (status === 'finished') return 'completed';
  if (status === 'cancelled') return done > 0 ? 'partial' : 'outlined';
  return status === 'partial' ? 'partial' : done > 0 ? 'partial' : 'failed';
}
