// Ends a generation job (generationJobFinisher: once, with its credits settled) and tells the room.
// Every path that ends a job goes through here: the consumer, a cancel nobody was working on, and a
// message the queue gave up on.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reportJobs, reports } from '../../db/schema';
import generationJobFinisher, { type FinishedJob } from '../commands/generationJobFinisher';
import type { Bindings } from '../env';
import { liveReport } from '../lib/live-report';
import { log } from '../lib/log';
import { applyRoomOps } from '../lib/room-client';

/** Ends the job unless it already ended, and announces the end to the room. */
export async function endJob(db: Db, env: Bindings, jobId: string, error?: string): Promise<FinishedJob | null> {
  const [job] = await db.select({ kind: reportJobs.kind, reportId: reportJobs.reportId }).from(reportJobs).where(eq(reportJobs.id, jobId));
  if (!job) return null;
  const sectionJobReportStatus = job.kind === 'section' ? await reportStatusFromRoom(env, job.reportId) : undefined;
  const finished = await generationJobFinisher(db, { jobId, error, sectionJobReportStatus });
  if (finished && !finished.replayed) await announceEnd(db, env, finished);
  return finished;
}

/**
 * After one section was rewritten, the report is complete again when no section is left failed.
 * The room holds each section's state (the writer set this job's section before the job ends); a
 * room that cannot be read leaves the report partial, the cautious answer.
 */
async function reportStatusFromRoom(env: Bindings, reportId: string): Promise<'completed' | 'partial'> {
  const live = await liveReport(env, reportId).catch(() => null);
  const failed = !live || Object.values(live.sectionState).some((s) => s.status === 'failed');
  return failed ? 'partial' : 'completed';
}

/** Puts the report's status (as the job's end left it in Postgres) and full progress into the room. */
async function announceEnd(db: Db, env: Bindings, finished: FinishedJob): Promise<void> {
  const [row] = await db.select({ status: reports.status }).from(reports).where(eq(reports.id, finished.reportId));
  const status = row?.status ?? 'partial';
  log('info', 'generation job ended', { ...finished });
  await applyRoomOps(env, finished.reportId, [{ type: 'setMeta', status, progress: 100 }]).catch((err: unknown) =>
    log('warn', 'room not told that the job ended', { reportId: finished.reportId, reason: String(err) }),
  );
}
