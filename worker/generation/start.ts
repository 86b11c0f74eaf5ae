// After a job's rows exist: show the sections as queued in the live document and put the job on
// the queue. When the queue refuses, the job ends at once (failed, credits released) and the
// caller gets a 503: an acknowledged job is never left waiting for a message that was never sent.
import type { Db } from '../../db/client';
import type { reportJobSections, reportJobs } from '../../db/schema';
import generationJobFinisher from '../commands/generationJobFinisher';
import type { Bindings } from '../env';
import { apiError } from '../errors';
import { log } from '../lib/log';
import { applyRoomOps, type RoomOp } from '../lib/room-client';
import { enqueueGeneration } from './message';

type JobRow = typeof reportJobs.$inferSelect;
type SectionRow = typeof reportJobSections.$inferSelect;

export async function startGeneration(db: Db, env: Bindings, job: JobRow, sections: SectionRow[]): Promise<void> {
  const ops: RoomOp[] = sections.map((s) => ({ type: 'setSectionState', sectionId: s.sectionId, state: { status: 'queued' } }));
  if (job.kind === 'report') ops.push({ type: 'setMeta', status: 'generating', progress: 0 });
  // The consumer sets the same states again; a room that is briefly unreachable here only delays them.
  await applyRoomOps(env, job.reportId, ops).catch((err: unknown) => log('warn', 'room not told about the new job', { jobId: job.id, reason: String(err) }));
  try {
    await enqueueGeneration(env, job.id);
  } catch (err) {
    const reason = `The job could not be queued: ${err instanceof Error ? err.message : String(err)}`;
    log('error', 'generation job not queued', { jobId: job.id, reason });
    await generationJobFinisher(db, { jobId: job.id, error: reason });
    throw apiError(503, 'queue_unavailable', 'The generation queue is not available right now; nothing was charged. Try again later.');
  }
}
