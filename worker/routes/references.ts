// /api/reports/:id/references: the report's stored references, and gathering real ones from
// OpenAlex and Crossref, plus the report's uploaded guideline documents (worker/lib/reference-gathering.ts).
// Gathering here runs inside the request (a reference_jobs row records it); a generation job whose
// document has no sources gathers them the same way before it writes.
import { asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { gatherReferencesSchema } from '../../core/api/references';
import { reportIdParam } from '../../core/api/reports';
import type { Db } from '../../db/client';
import { reportReferences } from '../../db/schema';
import type { AppEnv } from '../env';
import { apiError } from '../errors';
import { enforce } from '../lib/rate-limit';
import { liveReport } from '../lib/live-report';
import { gatherIntoReport, outlineTitles } from '../lib/reference-gathering';
import { ScholarlyError } from '../lib/scholarly/types';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { loadAuthorizedReport } from '../policies/report';
import { presentReference } from '../presenters/reference';

/** Gatherings a person may start per hour: each one costs the public APIs a few searches. */
export const GATHERINGS_PER_HOUR = 30;

/** The report's stored references in document order. */
async function storedReferences(db: Db, reportId: string) {
  return db.select().from(reportReferences).where(eq(reportReferences.reportId, reportId)).orderBy(asc(reportReferences.position));
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

    let job: { jobId: string };
    try {
      job = await gatherIntoReport(db, c.env, { report, userId: user.id }, { count, outlineTitles: outlineTitles((await liveReport(c.env, id)).json) });
    } catch (err) {
      if (err instanceof ScholarlyError) throw apiError(502, 'references_unavailable', `The scholarly search failed: ${err.message}`);
      throw err;
    }
    return c.json({ data: { jobId: job.jobId, references: (await storedReferences(db, id)).map(presentReference) } });
  });
