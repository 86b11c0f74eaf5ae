// Generation jobs of a report: start one (the whole outline), follow it, cancel it, retry a
// failed section or regenerate one (the text it replaces is kept as a history snapshot first).
// The writing itself happens in the queue consumer (worker/generation/).
import { and, desc, eq, inArray } from 'drizzle-orm';
import { Hono } from 'hono';
import { sectionParam } from '../../core/api/ai-edit';
import { jobParam, jobSectionParam } from '../../core/api/generation';
import { reportIdParam } from '../../core/api/reports';
import { blocksPlainText, type ReportJson } from '../../core/doc';
import type { Db } from '../../db/client';
import { reportJobSections, reportJobs } from '../../db/schema';
import generationJobCreator from '../commands/generationJobCreator';
import snapshotCreator from '../commands/snapshotCreator';
import type { AppEnv, Bindings } from '../env';
import { conflict, notFound } from '../errors';
import { endJob } from '../generation/end-job';
import { startGeneration } from '../generation/start';
import { enforce } from '../lib/rate-limit';
import { liveReport } from '../lib/live-report';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { loadAuthorizedReport, type ReportRow } from '../policies/report';
import { presentGenerationJob } from '../presenters/generationJob';

/** Jobs (whole reports or single sections) one person may start per hour. */
export const JOBS_PER_HOUR = 60;

/** What rewriting one section costs: its share of the report's price, at least 1 credit (0 for a free report). */
export function sectionCredits(report: Pick<ReportRow, 'creditCost'>, sectionCount: number): number {
  if (report.creditCost <= 0) return 0;
  return Math.max(1, Math.ceil(report.creditCost / Math.max(1, sectionCount)));
}

function outlineSections(json: ReportJson): Array<{ sectionId: string; title: string }> {
  return json.outline.chapters.flatMap((ch) => ch.sections.map((s) => ({ sectionId: s.id, title: s.title })));
}

async function jobWithSections(db: Db, reportId: string, jobId: string) {
  const [job] = await db.select().from(reportJobs).where(and(eq(reportJobs.id, jobId), eq(reportJobs.reportId, reportId)));
  if (!job) throw notFound('Job');
  const sections = await db.select().from(reportJobSections).where(eq(reportJobSections.jobId, job.id));
  return { job, sections };
}

/**
 * Creates and starts a one-section job. A retry completes what the report was already priced for,
 * so it costs at most what the report has not been charged yet (a report never costs more than its
 * creditCost through retries); a regeneration is new work at the section's price.
 */
async function startSectionJob(db: Db, env: Bindings, report: ReportRow, userId: string, json: ReportJson, sectionId: string, reason: 'retry' | 'regenerate') {
  const all = outlineSections(json);
  const section = all.find((s) => s.sectionId === sectionId);
  if (!section) throw notFound('Section');
  const price = sectionCredits(report, all.length);
  const credits = reason === 'retry' ? Math.min(price, Math.max(0, report.creditCost - report.creditsCharged)) : price;
  const { job, sections } = await generationJobCreator(db, { report, userId, kind: 'section', sections: [section], credits });
  await startGeneration(db, env, job, sections);
  return { job, sections, section };
}

export const generation = new Hono<AppEnv>()
  .post('/:id/generate', requireUser, validate('param', reportIdParam), async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const { id } = c.req.valid('param');
    const { report } = await loadAuthorizedReport(db, id, user.id, 'generate');
    await enforce(db, { key: `generate:${user.id}`, max: JOBS_PER_HOUR, windowSeconds: 3600 });
    const { state, json } = await liveReport(c.env, id);
    const sections = outlineSections(json);
    if (sections.length === 0) throw conflict('outline_empty', 'The outline has no sections yet: generate or write an outline first.');
    const { job, sections: rows } = await generationJobCreator(db, { report, userId: user.id, kind: 'report', sections, credits: report.creditCost });
    // Writing replaces every section's text: what people wrote before stays restorable from history.
    const written = Object.values(json.sections).some((blocks) => blocksPlainText(blocks).trim().length > 0);
    const snapshot = written ? await snapshotCreator(db, { reportId: id, kind: 'manual', name: 'Before generating the report', state, json, createdBy: user.id }) : null;
    await startGeneration(db, c.env, job, rows);
    return c.json({ data: { ...presentGenerationJob(job, rows), ...(snapshot ? { snapshotId: snapshot.id } : {}) } }, 202);
  })

  .get('/:id/jobs', requireUser, validate('param', reportIdParam), async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    await loadAuthorizedReport(db, id, c.get('user').id, 'read');
    const jobs = await db.select().from(reportJobs).where(eq(reportJobs.reportId, id)).orderBy(desc(reportJobs.createdAt)).limit(20);
    const sections =
      jobs.length === 0
        ? []
        : await db
            .select()
            .from(reportJobSections)
            .where(
              inArray(
                reportJobSections.jobId,
                jobs.map((j) => j.id),
              ),
            );
    return c.json({ data: jobs.map((job) => presentGenerationJob(job, sections.filter((s) => s.jobId === job.id))) });
  })

  .get('/:id/jobs/:jobId', requireUser, validate('param', jobParam), async (c) => {
    const db = c.get('db');
    const { id, jobId } = c.req.valid('param');
    await loadAuthorizedReport(db, id, c.get('user').id, 'read');
    const { job, sections } = await jobWithSections(db, id, jobId);
    return c.json({ data: presentGenerationJob(job, sections) });
  })

  .post('/:id/jobs/:jobId/cancel', requireUser, validate('param', jobParam), async (c) => {
    const db = c.get('db');
    const { id, jobId } = c.req.valid('param');
    await loadAuthorizedReport(db, id, c.get('user').id, 'generate');
    const { job } = await jobWithSections(db, id, jobId);
    if (job.status !== 'queued' && job.status !== 'running') throw conflict('job_ended', `The job has already ended (${job.status}).`);
    await db.update(reportJobs).set({ cancelRequested: true }).where(eq(reportJobs.id, job.id));
    // Nobody is working on it: end it here. Otherwise the consumer stops at its next heartbeat.
    if (job.leaseId === null) {
      await endJob(db, c.env, job.id);
    }
    const after = await jobWithSections(db, id, jobId);
    return c.json({ data: presentGenerationJob(after.job, after.sections) }, 202);
  })

  .post('/:id/jobs/:jobId/sections/:sid/retry', requireUser, validate('param', jobSectionParam), async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const { id, jobId, sid } = c.req.valid('param');
    const { report } = await loadAuthorizedReport(db, id, user.id, 'generate');
    await enforce(db, { key: `generate:${user.id}`, max: JOBS_PER_HOUR, windowSeconds: 3600 });
    const { sections } = await jobWithSections(db, id, jobId);
    const row = sections.find((s) => s.sectionId === sid);
    if (!row) throw notFound('Section');
    if (row.status !== 'failed' && row.status !== 'cancelled') {
      throw conflict('section_not_failed', `Only a failed or cancelled section can be retried; this one is ${row.status}. Regenerate it instead.`);
    }
    const { json } = await liveReport(c.env, id);
    const started = await startSectionJob(db, c.env, report, user.id, json, sid, 'retry');
    return c.json({ data: presentGenerationJob(started.job, started.sections) }, 202);
  })

  .post('/:id/sections/:sid/regenerate', requireUser, validate('param', sectionParam), async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const { id, sid } = c.req.valid('param');
    const { report } = await loadAuthorizedReport(db, id, user.id, 'generate');
    await enforce(db, { key: `generate:${user.id}`, max: JOBS_PER_HOUR, windowSeconds: 3600 });
    const { state, json } = await liveReport(c.env, id);
    const title = outlineSections(json).find((s) => s.sectionId === sid)?.title;
    if (title === undefined) throw notFound('Section');
    // The text about to be replaced stays restorable from history.
    const snapshot = await snapshotCreator(db, { reportId: id, kind: 'manual', name: `Before regenerating “${title || 'Untitled section'}”`.slice(0, 200), state, json, createdBy: user.id });
    const started = await startSectionJob(db, c.env, report, user.id, json, sid, 'regenerate');
    return c.json({ data: { ...presentGenerationJob(started.job, started.sections), snapshotId: snapshot.id } }, 202);
  });
