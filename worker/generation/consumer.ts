// Handles one delivery of a generation job's message. A delivery writes sections one after another
// until the job is done or the delivery has run for its budget (GENERATION_DELIVERY_MS), then puts a
// continuation message on the queue and lets go of the job: a crash loses at most the section in
// hand (rewritten from empty by the next delivery), no delivery runs near the queue's wall-time
// limit, and jobs of several reports take turns on a busy queue (miniflare's local queue keeps one
// batch in flight, so a new job waits for the running batch). With a real model a section takes
// longer than the budget, so that is one section per delivery; fast sections (a quick model, short
// sections) no longer pay a queue hop, a new connection and a claim each.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { createDb, type Db } from '../../db/client';
import { reportJobSections, reportJobs, reports, type GenerationPlan } from '../../db/schema';
import type { Bindings } from '../env';
import { guidelineDocuments } from '../lib/guidelines';
import { llmConfig } from '../lib/llm/config';
import { sectionMessages } from '../lib/llm/section';
import { log } from '../lib/log';
import { gatherIntoReport, outlineTitles } from '../lib/reference-gathering';
import { liveReport } from '../lib/live-report';
import { applyRoomOps } from '../lib/room-client';
import { locateSection, planReferences, referenceNumbers, sectionBrief } from './brief';
import { endJob } from './end-job';
import { claimJob, releaseLease, renewLease, type ReportJobRow } from './lease';
import { enqueueGeneration } from './message';
import { writeSection, type SectionOutcome } from './section-writer';
import { generationSettings, type GenerationSettings } from './settings';

/** Characters of guideline documents a section prompt carries. */
const DOCUMENT_CHARS = 24_000;

/** What the queue should do with the message. */
export type Delivery = { kind: 'ack' } | { kind: 'retry'; delaySeconds: number };

export async function deliverGeneration(env: Bindings, jobId: string): Promise<Delivery> {
  const { db, pool } = createDb(env);
  try {
    return await deliver(db, env, jobId);
  } finally {
    await pool.end().catch(() => undefined);
  }
}

async function deliver(db: Db, env: Bindings, jobId: string): Promise<Delivery> {
  const settings = generationSettings(env);
  const claim = await claimJob(db, jobId, settings.leaseSeconds);
  if (claim.kind === 'finished') return { kind: 'ack' };
  if (claim.kind === 'busy') return { kind: 'retry', delaySeconds: claim.retryInSeconds };

  const { job, leaseId } = claim;
  const started = Date.now();
  const heartbeat = new Heartbeat(db, job.id, leaseId, settings);
  try {
    if (job.cancelRequested) return await finish(db, env, job.id);
    const [report] = await db.select().from(reports).where(eq(reports.id, job.reportId));
    if (!report) return { kind: 'ack' }; // deleted: the job row went with it
    const writer: SectionJob = { env, db, job, report, settings, heartbeat, plan: job.plan, documents: null, progress: job.progress };

    for (;;) {
      if (heartbeat.stopReason === 'cancelled') return await finish(db, env, job.id);
      const next = await nextSection(db, job.id);
      if (!next) return await finish(db, env, job.id);
      const outcome = await writeNext(writer, next.sectionId);
      // Another delivery may hold the job now, or the lease just lapsed (a slow heartbeat) and nobody
      // does: come back once it could have lapsed; a delivery that finds the job held or ended does nothing.
      if (outcome.kind === 'lost') return { kind: 'retry', delaySeconds: settings.leaseSeconds + 1 };
      await recordOutcome(db, env, job, next.sectionId, outcome);
      if (outcome.kind === 'cancelled') return await finish(db, env, job.id);

      const progress = await jobProgress(db, job.id);
      writer.progress = progress.percent;
      await heartbeat.beat({ stage: 'writing', progress: progress.percent });
      await applyRoomOps(env, job.reportId, [{ type: 'setMeta', progress: progress.percent }]).catch(() => undefined);
      if (progress.remaining === 0) return await finish(db, env, job.id);
      if (heartbeat.stopReason === 'lost') return { kind: 'retry', delaySeconds: settings.leaseSeconds + 1 };
      // Sections go back to back while the delivery is young; past its budget the rest is another
      // delivery's, so no delivery runs long and other jobs on the queue get their turn.
      if (Date.now() - started >= settings.deliveryMs) break;
    }
    // Let go first, so the next delivery can claim the job at once.
    heartbeat.stop();
    await releaseLease(db, job.id, leaseId);
    await enqueueGeneration(env, job.id);
    return { kind: 'ack' };
  } finally {
    heartbeat.stop();
  }
}

/** What a delivery keeps between the sections it writes. */
interface SectionJob {
  env: Bindings;
  db: Db;
  job: ReportJobRow;
  report: typeof reports.$inferSelect;
  settings: GenerationSettings;
  heartbeat: Heartbeat;
  /** The job's reference numbering, fixed by its first section. */
  plan: GenerationPlan | null;
  /** The guideline documents' text, read once per delivery. */
  documents: Array<{ filename: string; text: string }> | null;
  /** The job's percent done, as last written. */
  progress: number;
}

/** Writes one section from the live document (gathering the report's sources first when the job has none yet). */
async function writeNext(w: SectionJob, sectionId: string): Promise<SectionOutcome> {
  const { env, db, job, report, heartbeat } = w;
  let { json } = await liveReport(env, job.reportId);
  if (!w.plan && json.references.length === 0 && report.referenceCount > 0) {
    // The first delivery of a job for a document without sources finds them before writing.
    await heartbeat.beat({ stage: 'gathering references', progress: 0 });
    const found = await gatherIntoReport(db, env, { report, userId: job.userId ?? report.ownerId }, { count: report.referenceCount, outlineTitles: outlineTitles(json) }).catch(
      async (err: unknown) => {
        // Writing without sources beats not writing: the sections then cite nothing, and the job says why.
        const reason = `References could not be gathered (${err instanceof Error ? err.message : String(err)}); the sections cite none.`;
        await db.update(reportJobs).set({ lastError: reason.slice(0, 2_000) }).where(eq(reportJobs.id, job.id));
        return null;
      },
    );
    if (found) ({ json } = await liveReport(env, job.reportId));
  }
  w.plan ??= await savePlan(db, job.id, planReferences(json));
  const place = locateSection(json, sectionId);
  if (!place) return { kind: 'skipped' };
  const numbers = referenceNumbers(w.plan, json);
  w.documents ??= (await guidelineDocuments(db, job.reportId, DOCUMENT_CHARS)).map((d) => ({ filename: d.filename, text: d.text }));
  await heartbeat.beat({ stage: `writing ${place.number} ${place.sectionTitle}`.slice(0, 200), progress: w.progress });
  return writeSection({
    env,
    db,
    jobId: job.id,
    reportId: job.reportId,
    userId: job.userId ?? report.ownerId,
    sectionId,
    config: llmConfig(env, 'section'),
    messages: sectionMessages(sectionBrief(report, json, place, numbers, w.documents)),
    references: new Map([...numbers].map(([n, ref]) => [n, ref.id])),
    settings: w.settings,
    // The claim counted this delivery: a later one always has a higher number.
    fence: { key: `job:${job.id}`, epoch: job.attempts },
    signal: heartbeat.signal,
    stopReason: () => heartbeat.stopReason,
  });
}

/** The section this delivery should write: the first not yet done (a 'writing' one was cut short by a crash). */
async function nextSection(db: Db, jobId: string) {
  const [row] = await db
    .select()
    .from(reportJobSections)
    .where(and(eq(reportJobSections.jobId, jobId), inArray(reportJobSections.status, ['queued', 'writing'])))
    .orderBy(asc(reportJobSections.position))
    .limit(1);
  return row;
}

async function savePlan(db: Db, jobId: string, plan: GenerationPlan): Promise<GenerationPlan> {
  await db.update(reportJobs).set({ plan }).where(eq(reportJobs.id, jobId));
  return plan;
}

async function recordOutcome(db: Db, env: Bindings, job: ReportJobRow, sectionId: string, outcome: Exclude<SectionOutcome, { kind: 'lost' }>) {
  const where = and(eq(reportJobSections.jobId, job.id), eq(reportJobSections.sectionId, sectionId));
  switch (outcome.kind) {
    case 'done':
      await db.update(reportJobSections).set({ status: 'done', error: null, cited: outcome.cited, removedMarkers: outcome.removedMarkers, finishedAt: sql`now()` }).where(where);
      return;
    case 'failed':
      await db.update(reportJobSections).set({ status: 'failed', error: outcome.reason, finishedAt: sql`now()` }).where(where);
      await db.update(reportJobs).set({ lastError: outcome.reason }).where(eq(reportJobs.id, job.id));
      await applyRoomOps(env, job.reportId, [{ type: 'setSectionState', sectionId, state: { status: 'failed', error: outcome.reason.slice(0, 2_000) } }]).catch(() => undefined);
      return;
    case 'skipped':
      await db.update(reportJobSections).set({ status: 'skipped', error: 'The section was removed from the outline.', finishedAt: sql`now()` }).where(where);
      return;
    case 'cancelled':
      await db.update(reportJobSections).set({ status: 'cancelled', error: 'Cancelled.', finishedAt: sql`now()` }).where(where);
      await applyRoomOps(env, job.reportId, [{ type: 'setSectionState', sectionId, state: { status: 'failed', error: 'Cancelled before it was finished.' } }]).catch(() => undefined);
      return;
    default:
      return outcome satisfies never;
  }
}

async function jobProgress(db: Db, jobId: string): Promise<{ percent: number; remaining: number }> {
  const rows = await db.select({ status: reportJobSections.status }).from(reportJobSections).where(eq(reportJobSections.jobId, jobId));
  const remaining = rows.filter((r) => r.status === 'queued' || r.status === 'writing').length;
  const percent = rows.length === 0 ? 100 : Math.floor((100 * (rows.length - remaining)) / rows.length);
  return { percent, remaining };
}

/** Settles the job, then tells the room (a room that cannot be reached does not undo the settlement). */
async function finish(db: Db, env: Bindings, jobId: string): Promise<Delivery> {
  await endJob(db, env, jobId);
  return { kind: 'ack' };
}

/**
 * Renews the lease every few seconds while a section is written; aborts the work when the job is
 * cancelled or the lease was lost (another delivery took over after a stall).
 */
class Heartbeat {
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setInterval>;
  stopReason: 'cancelled' | 'lost' | null = null;

  constructor(
    private readonly db: Db,
    private readonly jobId: string,
    private readonly leaseId: string,
    private readonly settings: GenerationSettings,
  ) {
    this.timer = setInterval(() => void this.beat(), settings.heartbeatMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  async beat(progress?: { stage: string; progress: number }): Promise<void> {
    try {
      const check = await renewLease(this.db, this.jobId, this.leaseId, this.settings.leaseSeconds, progress);
      if (!check.held) this.halt('lost');
      else if (check.cancelRequested) this.halt('cancelled');
    } catch (err) {
      // A failed renewal is not a lost lease: the next beat tries again well before it lapses.
      log('warn', 'lease renewal failed', { jobId: this.jobId, reason: String(err) });
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private halt(reason: 'cancelled' | 'lost'): void {
    if (this.stopReason) return;
    this.stopReason = reason;
    this.controller.abort(reason);
  }
}
