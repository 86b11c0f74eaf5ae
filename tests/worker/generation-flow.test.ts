// The whole path a team takes, end to end on the real worker, queue, rooms and database, with the
// fake OpenAI and the fake scholarly APIs: topic → outline → two people edit it live → generate →
// both watch the text arrive → the final text and its references are in Postgres, every citation
// bound to a stored reference.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerationJobDto } from '../../core/api/generation';
import { addNote, getSectionState, readOutline, readSectionBlocks, renameSection, sectionPlainText, type ReportJson } from '../../core/doc';
import { reportDocuments, reportJobs, reportReferences, reports } from '../../db/schema';
import { startTestWorker, type RunningWorker } from '../helpers/worker';
import { referenceRowId } from '../../worker/lib/report-references';
import { startFakeOpenAI, type ChatRequestRecord, type FakeOpenAI } from '../fakes/openai';
import { startFakeScholarly, type FakeScholarly } from '../fakes/scholarly';
import { buildUser, type BuiltUser } from '../factories';
import { citationIds } from '../helpers/citations';
import { testDb } from '../helpers/db';
import { addMember } from '../helpers/members';
import { sharedStackVars } from '../helpers/stack-vars';
import { join, waitFor, type Client } from '../helpers/yclient';
import { fetchWorker } from '../helpers/api';

let openai: FakeOpenAI;
let scholarly: FakeScholarly;
let worker: RunningWorker;
let persistTo: string;
const clients: Client[] = [];

beforeAll(async () => {
  openai = await startFakeOpenAI();
  scholarly = await startFakeScholarly();
  persistTo = mkdtempSync(joinPath(tmpdir(), 'seydam-wrangler-flow-'));
  worker = await startTestWorker({
    persistTo,
    vars: {
      ...sharedStackVars(),
      OPENAI_API_KEY: openai.apiKey,
      OPENAI_BASE_URL: openai.baseURL,
      OPENALEX_BASE_URL: scholarly.openAlexUrl,
      CROSSREF_BASE_URL: scholarly.crossrefUrl,
      GENERATION_BACKOFF_MS: '50',
      // A delivery writes one section and hands the rest to a new message (the path a real model's
      // slow sections take); the other generation tests write a job's sections in one delivery.
      GENERATION_DELIVERY_MS: '1',
    },
  });
});

afterAll(async () => {
  clients.forEach((c) => c.close());
  await worker?.stop();
  await openai?.stop();
  await scholarly?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

function call(method: string, path: string, session: string, json?: unknown): Promise<Response> {
  const headers: Record<string, string> = { cookie: `seydam_session=${session}` };
  if (json !== undefined) headers['content-type'] = 'application/json';
  return fetchWorker(`${worker.url}${path}`, { method, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
}

const OUTLINE = {
  chapters: [
    { title: 'Introduction', sections: [{ title: 'Why cities run hot', notes: ['definition'] }] },
    { title: 'Evidence', sections: [{ title: 'Measurements', notes: ['satellite data'] }, { title: 'Mitigation', notes: ['green roofs'] }] },
  ],
};

const asked = (req: ChatRequestRecord) => /Write section \S+ "([^"]*)"/.exec((req.body.messages ?? []).map((m) => m.content).join('\n'))?.[1];

let owner: BuiltUser;
let editor: BuiltUser;
beforeAll(async () => {
  owner = await buildUser({ credits: 20 });
  editor = await buildUser();
});

describe('topic → outline → live edits → generate → persisted report', () => {
  it('works end to end for two collaborators', async () => {
    // 1. A report from its topic.
    const created = await call('POST', '/api/reports', owner.session, {
      topic: 'Urban heat islands',
      description: 'How cities trap heat and what helps.',
      referenceCount: 5,
      guidelines: 'Plain language.',
    });
    expect(created.status).toBe(201);
    const report = ((await created.json()) as { data: { id: string } }).data;
    await addMember(report.id, editor, 'editor');

    // 2. The outline, proposed by the model, lands in the room for both.
    const a = await join(report.id, owner.session);
    const b = await join(report.id, editor.session);
    clients.push(a, b);
    openai.queue({ kind: 'text', text: JSON.stringify(OUTLINE), usage: { prompt: 300, completion: 120 } });
    const outlined = await call('POST', `/api/reports/${report.id}/outline`, owner.session, {});
    expect(outlined.status).toBe(200);
    for (const c of [a, b]) await waitFor(() => readOutline(c.doc).chapters.length === 2, { message: 'outline never reached a client' });

    // 3. Both edit it at once: the owner renames a section, the editor adds a note; they converge.
    const measurements = readOutline(a.doc).chapters[1]!.sections[0]!.id;
    const mitigation = readOutline(b.doc).chapters[1]!.sections[1]!.id;
    renameSection(a.doc, measurements, 'Measuring urban heat');
    addNote(b.doc, mitigation, 'cool pavements');
    for (const c of [a, b]) {
      await waitFor(() => {
        const sections = readOutline(c.doc).chapters[1]!.sections;
        return sections[0]!.title === 'Measuring urban heat' && sections[1]!.notes.includes('cool pavements');
      }, { message: 'outline edits did not converge' });
    }

    // 4. Generate: the document has no sources yet, so the job gathers them first, then writes,
    // citing sources 1 and 2 and one that does not exist.
    openai.fallback = (req) => ({
      kind: 'text',
      text: `${asked(req)} is discussed here [1]. More on it [2], and an invented source [42].\n\nA closing paragraph on ${asked(req)}.`,
      usage: { prompt: 500, completion: 80 },
      delayMs: 20,
      chunkSize: 5,
    });
    const started = await call('POST', `/api/reports/${report.id}/generate`, editor.session);
    expect(started.status).toBe(202);
    const job = ((await started.json()) as { data: GenerationJobDto }).data;
    expect(job.sections.map((s) => s.title)).toEqual(['Why cities run hot', 'Measuring urban heat', 'Mitigation']);

    // 5. Both see the text grow while the job runs: an intermediate state with the first section
    // partly there, marked as being written, and the later ones still empty.
    const first = readOutline(a.doc).chapters[0]!.sections[0]!.id;
    const last = mitigation;
    for (const c of [a, b]) {
      await waitFor(
        () => {
          const text = sectionPlainText(c.doc, first);
          return text.startsWith('Why cities run hot') && !text.includes('closing paragraph') && getSectionState(c.doc, first).status === 'writing';
        },
        { timeout: 20_000, interval: 5, message: 'a client never saw the first section half written' },
      );
      expect(sectionPlainText(c.doc, last)).toBe('');
    }
    const running = ((await (await call('GET', `/api/reports/${report.id}/jobs/${job.id}`, owner.session)).json()) as { data: GenerationJobDto }).data;
    expect(running.status).toBe('running');

    const ended = await waitFor(
      async () => {
        const res = await call('GET', `/api/reports/${report.id}/jobs/${job.id}`, owner.session);
        const dto = ((await res.json()) as { data: GenerationJobDto }).data;
        return dto.status === 'running' || dto.status === 'queued' ? null : dto;
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(ended.status).toBe('finished');
    expect(ended.sections.every((s) => s.removedMarkers.includes('42'))).toBe(true);
    // One queue delivery per section: each took the job over from the last and went on from there.
    const [jobRow] = await testDb().select({ deliveries: reportJobs.attempts }).from(reportJobs).where(eq(reportJobs.id, job.id));
    expect(jobRow!.deliveries).toBe(3);

    // 6. Both clients hold the same final text with real citations.
    for (const c of [a, b]) {
      await waitFor(() => getSectionState(c.doc, last).status === 'done');
      for (const sid of [first, measurements, last]) {
        expect(sectionPlainText(c.doc, sid)).toContain('closing paragraph');
        expect(sectionPlainText(c.doc, sid)).not.toContain('[42]');
      }
    }
    expect(sectionPlainText(a.doc, last)).toBe(sectionPlainText(b.doc, last));

    // 7. Postgres: the references gathered from the scholarly APIs, and the document the room saved,
    // in which every citation names a stored reference.
    const stored = await testDb().select().from(reportReferences).where(eq(reportReferences.reportId, report.id)).orderBy(asc(reportReferences.position));
    expect(stored.length).toBeGreaterThanOrEqual(2);
    expect(stored.length).toBeLessThanOrEqual(5);
    expect(stored.every((r) => r.title.length > 0 && (r.doi || r.url))).toBe(true);
    const saved = await waitFor(
      async () => {
        const [row] = await testDb().select().from(reportDocuments).where(eq(reportDocuments.reportId, report.id));
        const json = row?.json as ReportJson | undefined;
        const blocks = json?.sections[last];
        // The final save: the last section written and parsed (while it streams, its raw text
        // already holds the words but still the "[42]" marker and no citation nodes).
        const text = blocks ? JSON.stringify(blocks) : '';
        return text.includes('closing paragraph') && !text.includes('[42]') ? json : null;
      },
      { timeout: 20_000, interval: 250, message: 'the room never saved the written report to Postgres' },
    );
    // Rows are keyed by a uuid derived from the report and the document's reference id.
    const storedRowIds = new Set(stored.map((r) => r.id));
    const cited = Object.values(saved.sections).flatMap((blocks) => citationIds(blocks));
    expect(cited.length).toBe(6);
    const citedRows = await Promise.all(cited.map((id) => referenceRowId(report.id, id)));
    expect(citedRows.every((id) => storedRowIds.has(id))).toBe(true);
    // [1] and [2] are the first two sources of the list.
    expect(new Set(citedRows)).toEqual(new Set([stored[0]!.id, stored[1]!.id]));
    expect(saved.references.map((r) => r.id).slice(0, 2)).toEqual(citationIds(readSectionBlocks(a.doc, first)));
    expect(saved.outline.chapters[1]!.sections[1]!.notes).toContain('cool pavements');

    const [row] = await testDb().select().from(reports).where(eq(reports.id, report.id));
    expect(row).toMatchObject({ status: 'completed', creditsCharged: row!.creditCost });
  });
});
