// /api/reports/:id/references: the report's stored references, and gathering real ones from
// OpenAlex and Crossref. Gathering runs synchronously inside the request for now (a reference_jobs
// row still records it); the queue consumer will call the same pieces once the queue exists.
import { asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { gatherReferencesSchema } from '../../core/api/references';
import { reportIdParam } from '../../core/api/reports';
import type { ReportJson } from '../../core/doc';
import type { Db } from '../../db/client';
import { reportReferences } from '../../db/schema';
import { failReferenceJob, finishReferenceJob, progressReferenceJob, startReferenceJob } from '../commands/referenceJobTracker';
import referencesSaver from '../commands/referencesSaver';
import type { AppEnv, Bindings } from '../env';
import { apiError } from '../errors';
import { log } from '../lib/log';
import { enforce } from '../lib/rate-limit';
import { readRoomState } from '../lib/report-document';
import { applyRoomOps, roomState } from '../lib/room-client';
import { gatherReferences, type GatheredReference } from '../lib/scholarly/gather';
import { ScholarlyError, scholarlyConfig } from '../lib/scholarly/types';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { loadAuthorizedReport, type ReportRow } from '../policies/report';
import { presentReference } from '../presenters/reference';

/** Gatherings a person may start per hour: each one costs the public APIs a few searches. */
export const GATHERINGS_PER_HOUR = 30;

/** The report's stored references in document order. */
async function storedReferences(db: Db, reportId: string) {
  return db.select().from(reportReferences).where(eq(reportReferences.reportId, reportId)).orderBy(asc(reportReferences.position));
}

/** Chapter and section titles of the live outline, to sharpen the searches. */
async function liveOutlineTitles(env: Bindings, reportId: string): Promise<string[]> {
  const reading = readRoomState(await roomState(env, reportId));
  switch (reading.kind) {
    case 'ok':
      return outlineTitles(reading.json);
    case 'invalid':
      throw apiError(502, 'room_error', `The live room sent a document that cannot be read: ${reading.reason}`);
    default:
      return reading satisfies never;
  }
}

function outlineTitles(json: ReportJson): string[] {
  return json.outline.chapters.flatMap((ch) => [ch.title, ...ch.sections.map((s) => s.title)]).filter((t) => t.trim().length > 0);
}

/** Searches, puts the list into the live document, stores it; the job row follows each step. */
async function runGathering(db: Db, env: Bindings, report: ReportRow, jobId: string, count: number): Promise<GatheredReference[]> {
  const titles = await liveOutlineTitles(env, report.id);
  const { references, warnings } = await gatherReferences(
    scholarlyConfig(env),
    { topic: report.topic, description: report.description, outlineTitles: titles, count },
    (stage, progress) => progressReferenceJob(db, jobId, stage, progress),
  );
  if (warnings.length > 0) log('warn', 'reference search survived a provider failure', { reportId: report.id, jobId, warnings });
  await progressReferenceJob(db, jobId, 'saving', 90);
  // The document first: the room's own saves then write the same rows to Postgres again.
  await applyRoomOps(env, report.id, [{ type: 'setReferences', references }]);
  await referencesSaver(db, { reportId: report.id, references });
  return references;
}

export const references = new Hono<AppEnv>()
  .get('/:id/references', requireUser, validate('param', reportIdParam), async (c) => {
    const db = c.get('db');
    const { id } = c.req.valid('param');
    await loadAuthorizedReport(db, id, c.get('user').id, 'read');
    return c.json({ data: (await storedReferences(db, id)).map(presentReference) });
  })

  .post('/:id/references/gather', requireUser, validate('param', reportIdParam), validate('json', gatherReferencesSchema), async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const { id } = c.req.valid('param');
    const { report } = await loadAuthorizedReport(db, id, user.id, 'generate');
    await enforce(db, { key: `references:${user.id}`, max: GATHERINGS_PER_HOUR, windowSeconds: 3600 });
    const count = c.req.valid('json').count ?? report.referenceCount;

    const job = await startReferenceJob(db, { reportId: id, userId: user.id });
    try {
      await runGathering(db, c.env, report, job.id, count);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await failReferenceJob(db, job.id, reason);
      log('warn', 'reference gathering failed', { reportId: id, jobId: job.id, reason });
      if (err instanceof ScholarlyError) throw apiError(502, 'references_unavailable', `The scholarly search failed: ${reason}`);
      throw err;
    }
    await finishReferenceJob(db, job.id);
    return c.json({ data: { jobId: job.id, references: (await storedReferences(db, id)).map(presentReference) } });
  });
