// Gathering a report's references: real sources from OpenAlex and Crossref plus the author's
// uploaded guideline documents, put into the live document and stored, with a reference_jobs row
// following each step. Used by POST /references/gather and by a generation job whose document has
// no sources yet.
import type { ReferenceJson, ReportJson } from '../../core/doc';
import type { Db } from '../../db/client';
import { failReferenceJob, finishReferenceJob, progressReferenceJob, startReferenceJob } from '../commands/referenceJobTracker';
import referencesSaver from '../commands/referencesSaver';
import type { Bindings } from '../env';
import type { ReportRow } from '../policies/report';
import { uploadReferences } from './guidelines';
import { log } from './log';
import { applyRoomOps } from './room-client';
import { gatherReferences } from './scholarly/gather';
import { scholarlyConfig } from './scholarly/types';

/** Chapter and section titles of an outline, to sharpen the searches. */
export function outlineTitles(json: ReportJson): string[] {
  return json.outline.chapters.flatMap((ch) => [ch.title, ...ch.sections.map((s) => s.title)]).filter((t) => t.trim().length > 0);
}

export interface Gathering {
  jobId: string;
  references: ReferenceJson[];
}

/** Searches, puts the list into the live document, stores it. Throws (after failing the job row) when the search fails. */
export async function gatherIntoReport(
  db: Db,
  env: Bindings,
  who: { report: ReportRow; userId: string },
  opts: { count: number; outlineTitles: string[] },
): Promise<Gathering> {
  const { report } = who;
  const job = await startReferenceJob(db, { reportId: report.id, userId: who.userId });
  try {
    const { references: found, warnings } = await gatherReferences(
      scholarlyConfig(env),
      { topic: report.topic, description: report.description, outlineTitles: opts.outlineTitles, count: opts.count },
      (stage, progress) => progressReferenceJob(db, job.id, stage, progress),
    );
    if (warnings.length > 0) log('warn', 'reference search survived a provider failure', { reportId: report.id, jobId: job.id, warnings });
    // The author's own guideline documents are sources too, citable like the others; they come after
    // the scholarly ones and on top of `count`.
    const references: ReferenceJson[] = [...found, ...(await uploadReferences(db, report.id))];
    await progressReferenceJob(db, job.id, 'saving', 90);
    // The document first, and saved by the room before our own write: a room save of the old list
    // already on its way would otherwise land after it (CI saw the old list in Postgres after the
    // new one was answered). Later room saves hold the new list and write the same rows again.
    await applyRoomOps(env, report.id, [{ type: 'setReferences', references }], undefined, { save: true });
    await referencesSaver(db, { reportId: report.id, references });
    await finishReferenceJob(db, job.id);
    return { jobId: job.id, references };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    await failReferenceJob(db, job.id, reason);
    log('warn', 'reference gathering failed', { reportId: report.id, jobId: job.id, reason });
    throw err;
  }
}
