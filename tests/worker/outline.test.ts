// POST /api/reports/:id/outline end to end: a second worker whose model is tests/fakes/openai (the
// real SDK on the wire), the run's rooms and database; and the main worker, which has no OpenAI
// configuration, for the offline demo model.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GeneratedOutlineDto } from '../../core/api/outline';
import { readGeneratedOutline, readOutline, readReportJson, renameChapter, type ReportJson } from '../../core/doc';
import { reportDocuments, reportOutlines, reports, tokenUsage } from '../../db/schema';
import { startTestWorker, type RunningWorker } from '../helpers/worker';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai';
import { buildReport, buildUser, type BuiltUser } from '../factories';
import { api, fetchWorker } from '../helpers/api';
import { testDb } from '../helpers/db';
import { addMember, errorOf } from '../helpers/members';
import { join, serverDoc, waitFor } from '../helpers/yclient';
import { sharedStackVars } from '../helpers/stack-vars';

const MODEL = 'fake-planner';
let fake: FakeOpenAI;
let worker: RunningWorker;
let persistTo: string;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  persistTo = mkdtempSync(joinPath(tmpdir(), 'seydam-wrangler-outline-'));
  worker = await startTestWorker({
    persistTo,
    vars: {
      ...sharedStackVars(),
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_MODEL: 'fake-writer',
      OPENAI_MODEL_OUTLINE: MODEL,
      LLM_IDLE_TIMEOUT_MS: '2000',
      LLM_PRICES: JSON.stringify({ [MODEL]: { prompt: 1, completion: 2 } }),
    },
  });
});

afterAll(async () => {
  await worker?.stop();
  await fake?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

beforeEach(() => fake.reset());

/** POST /api/reports/:id/outline on the fake-backed worker. */
function generate(reportId: string, session?: string, json: unknown = {}): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (session) headers.cookie = `seydam_session=${session}`;
  return fetchWorker(`${worker.url}/api/reports/${reportId}/outline`, { method: 'POST', headers, body: JSON.stringify(json) });
}

const OUTLINE = {
  chapters: [
    { title: 'Tides', sections: [{ title: 'Why the sea moves', notes: ['the moon', 'the sun'] }, { title: 'Tidal range', notes: [] }] },
    { title: 'Power', sections: [{ title: 'Barrages', notes: ['La Rance'] }] },
  ],
};
const outlineText = (o: unknown = OUTLINE) => JSON.stringify(o);
/** The outline without ids, to compare what the model said with what was stored. */
const shape = (o: { chapters: Array<{ title: string; sections: Array<{ title: string; notes: string[] }> }> }) =>
  o.chapters.map((c) => ({ title: c.title, sections: c.sections.map((s) => ({ title: s.title, notes: s.notes })) }));

const usageRows = (reportId: string) => testDb().select().from(tokenUsage).where(eq(tokenUsage.reportId, reportId));
const outlineRow = async (reportId: string) => (await testDb().select().from(reportOutlines).where(eq(reportOutlines.reportId, reportId)))[0];
const statusOf = async (reportId: string) => (await testDb().select({ status: reports.status }).from(reports).where(eq(reports.id, reportId)))[0]!.status;

/** The owner renames the first chapter as a live collaborator; resolves once the room has it. */
async function renameFirstChapterLive(reportId: string, chapterId: string, title: string): Promise<void> {
  const client = await join(reportId, owner.session);
  try {
    renameChapter(client.doc, chapterId, title);
    await waitFor(async () => {
      const doc = await serverDoc(reportId);
      const now = readOutline(doc).chapters[0]?.title;
      doc.destroy();
      return now === title;
    });
  } finally {
    client.close();
  }
}

let owner: BuiltUser;
beforeAll(async () => {
  owner = await buildUser();
});

describe('POST /api/reports/:id/outline', () => {
  it('asks the model, puts the outline in the room and in Postgres, and records the tokens', async () => {
    const report = await buildReport(owner.id, { topic: 'Tidal power', description: 'I know barrages exist.', guidelines: 'Keep it short.' });
    fake.queue({ kind: 'text', text: outlineText(), usage: { prompt: 120, completion: 80 } });

    const res = await generate(report.id, owner.session);
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: GeneratedOutlineDto };
    // When the answer comes, the room's own copy in Postgres already holds the new outline: the
    // route waits for the room's save, so no save of the old outline can land after it.
    const [saved] = await testDb().select({ json: reportDocuments.json }).from(reportDocuments).where(eq(reportDocuments.reportId, report.id));
    expect((saved?.json as ReportJson | undefined)?.outline).toEqual(data.outline);
    expect(data).toMatchObject({ model: MODEL, demo: false, usage: { promptTokens: 120, completionTokens: 80 } });
    expect(shape(data.outline)).toEqual(shape({ chapters: OUTLINE.chapters.map((c) => ({ ...c, sections: c.sections.map((s) => ({ ...s, notes: s.notes })) })) }));
    expect(data.outline.chapters[0]!.id).toEqual(expect.any(String));

    // What the model was asked.
    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]!.body;
    expect(sent).toMatchObject({ model: MODEL, stream: true, response_format: { type: 'json_object' } });
    const prompt = sent.messages!.map((m) => m.content).join('\n');
    expect(prompt).toContain('Topic: Tidal power');
    expect(prompt).toContain('I know barrages exist.');
    expect(prompt).toContain('Keep it short.');

    // The room holds it for everyone, as the current and the generated outline.
    const doc = await serverDoc(report.id);
    expect(readOutline(doc)).toEqual(data.outline);
    expect(readGeneratedOutline(doc)).toEqual(data.outline);
    expect(readReportJson(doc).status).toBe('outlined');
    doc.destroy();

    // Postgres too.
    const row = await outlineRow(report.id);
    expect(row!.content).toEqual({ version: 1, chapters: data.outline.chapters });
    expect(row!.generated).toEqual({ version: 1, chapters: data.outline.chapters });
    expect(await statusOf(report.id)).toBe('outlined');

    const usage = await usageRows(report.id);
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ userId: owner.id, task: 'outline', model: MODEL, promptTokens: 120, completionTokens: 80, outcome: 'ok', costMicroUsd: 280, jobId: null });
  });

  it('shows the outline to a collaborator already in the room', async () => {
    const report = await buildReport(owner.id, { topic: 'Wind' });
    const client = await join(report.id, owner.session);
    try {
      fake.queue({ kind: 'text', text: outlineText() });
      expect((await generate(report.id, owner.session)).status).toBe(200);
      const titles = await waitFor(() => {
        const t = readOutline(client.doc).chapters.map((c) => c.title);
        return t.length > 0 ? t : null;
      });
      expect(titles).toEqual(['Tides', 'Power']);
    } finally {
      client.close();
    }
  });

  it('retries once when the answer is not a valid outline, recording both calls', async () => {
    const report = await buildReport(owner.id);
    fake.queue({ kind: 'text', text: 'Sure! Here is an outline: chapters...', usage: { prompt: 50, completion: 10 } }, { kind: 'text', text: outlineText(), usage: { prompt: 50, completion: 60 } });
    const res = await generate(report.id, owner.session);
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: GeneratedOutlineDto };
    expect(data.usage).toEqual({ promptTokens: 100, completionTokens: 70 });
    expect(fake.requests).toHaveLength(2);
    const usage = await usageRows(report.id);
    expect(usage.map((u) => u.outcome).sort()).toEqual(['failed', 'ok']);
    expect((await outlineRow(report.id))!.content).toEqual({ version: 1, chapters: data.outline.chapters });
  });

  it('answers 502 llm_invalid_output after two invalid answers and changes nothing', async () => {
    const report = await buildReport(owner.id);
    fake.queue(
      { kind: 'text', text: '{"chapters": "none"}', usage: { prompt: 50, completion: 5 } },
      { kind: 'text', text: outlineText({ chapters: [] }), usage: { prompt: 50, completion: 5 } },
    );
    const res = await generate(report.id, owner.session);
    expect(res.status).toBe(502);
    const error = await errorOf(res);
    expect(error.code).toBe('llm_invalid_output');
    expect(error.message).toMatch(/valid outline/);
    expect(fake.requests).toHaveLength(2);
    expect(await outlineRow(report.id)).toBeUndefined();
    expect(await statusOf(report.id)).toBe('draft');
    const doc = await serverDoc(report.id);
    expect(readOutline(doc).chapters).toEqual([]);
    doc.destroy();
    // Failed calls spent tokens too.
    const usage = await usageRows(report.id);
    expect(usage).toHaveLength(2);
    expect(usage.every((u) => u.outcome === 'failed')).toBe(true);
  });

  it('answers 503 llm_unavailable when the provider keeps failing, and changes nothing', async () => {
    const report = await buildReport(owner.id);
    fake.fallback = () => ({ kind: 'error', status: 500 });
    const res = await generate(report.id, owner.session);
    expect(res.status).toBe(503);
    const error = await errorOf(res);
    expect(error.code).toBe('llm_unavailable');
    expect((error as { details?: unknown }).details).toMatchObject({ reason: 'server_error' });
    // The SDK retried before giving up.
    expect(fake.requests.length).toBe(3);
    expect(await outlineRow(report.id)).toBeUndefined();
    expect(await usageRows(report.id)).toHaveLength(0);
  });

  it('answers 503 when the stream is cut, recording the failed call', async () => {
    const report = await buildReport(owner.id);
    fake.queue({ kind: 'cut', text: '{"chapters": [{"title": "Ti' });
    const res = await generate(report.id, owner.session);
    expect(res.status).toBe(503);
    expect(((await errorOf(res)) as { details?: unknown }).details).toMatchObject({ reason: 'stream_cut' });
    const usage = await usageRows(report.id);
    // Tokens were spent but the provider never said how many: recorded as unknown (0), failed.
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ outcome: 'failed', promptTokens: 0, completionTokens: 0 });
  });

  it('answers 503 when the stream stalls past LLM_IDLE_TIMEOUT_MS (2 s here), and changes nothing', async () => {
    const report = await buildReport(owner.id);
    fake.queue({ kind: 'stall', text: '{"chapters": [' });
    const started = Date.now();
    const res = await generate(report.id, owner.session);
    expect(res.status).toBe(503);
    expect(((await errorOf(res)) as { details?: unknown }).details).toMatchObject({ reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await outlineRow(report.id)).toBeUndefined();
  });

  it('regenerates an untouched outline, but answers 409 outline_edited for an edited one unless replace is true', async () => {
    const report = await buildReport(owner.id);
    fake.queue({ kind: 'text', text: outlineText() });
    expect((await generate(report.id, owner.session)).status).toBe(200);

    // Untouched: regenerating just replaces it.
    fake.queue({ kind: 'text', text: outlineText() });
    const again = await generate(report.id, owner.session);
    expect(again.status).toBe(200);
    const second = ((await again.json()) as { data: GeneratedOutlineDto }).data;

    // Someone edits it in the room.
    await renameFirstChapterLive(report.id, second.outline.chapters[0]!.id, 'My own title');

    const refused = await generate(report.id, owner.session);
    expect(refused.status).toBe(409);
    expect((await errorOf(refused)).code).toBe('outline_edited');
    expect(fake.requests).toHaveLength(2); // no tokens spent on a refused regeneration
    const doc = await serverDoc(report.id);
    expect(readOutline(doc).chapters[0]!.title).toBe('My own title');
    doc.destroy();

    fake.queue({ kind: 'text', text: outlineText({ chapters: [{ title: 'Fresh', sections: [{ title: 'Start', notes: [] }] }] }) });
    const replaced = await generate(report.id, owner.session, { replace: true });
    expect(replaced.status).toBe(200);
    const after = await serverDoc(report.id);
    expect(readOutline(after).chapters.map((c) => c.title)).toEqual(['Fresh']);
    after.destroy();
  });

  it('keeps an edit made while the model was answering: 409 outline_edited, the edit stays, nothing is saved', async () => {
    const report = await buildReport(owner.id);
    fake.queue({ kind: 'text', text: outlineText() });
    const first = ((await (await generate(report.id, owner.session)).json()) as { data: GeneratedOutlineDto }).data;
    const savedBefore = await outlineRow(report.id);

    // A slow model: the regeneration passes the "untouched" check, then someone renames a chapter
    // while the model is still writing.
    fake.queue({ kind: 'text', text: outlineText({ chapters: [{ title: 'Replacement', sections: [{ title: 'New', notes: [] }] }] }), delayMs: 40, chunkSize: 4 });
    const pending = generate(report.id, owner.session);
    await waitFor(() => fake.requests.length === 1, { message: 'the model was never asked' });
    await renameFirstChapterLive(report.id, first.outline.chapters[0]!.id, 'Renamed meanwhile');

    const res = await pending;
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('outline_edited');
    const doc = await serverDoc(report.id);
    expect(readOutline(doc).chapters.map((c) => c.title)).toEqual(['Renamed meanwhile', 'Power']);
    expect(readGeneratedOutline(doc)!.chapters.map((c) => c.title)).toEqual(['Tides', 'Power']);
    doc.destroy();
    expect((await outlineRow(report.id))!.generated).toEqual(savedBefore!.generated);
  });

  it('lets an editor generate, refuses a viewer (403) and hides the report from a stranger (404)', async () => {
    const report = await buildReport(owner.id);
    const editor = await buildUser();
    const viewer = await buildUser();
    const stranger = await buildUser();
    await addMember(report.id, editor, 'editor');
    await addMember(report.id, viewer, 'viewer');

    const asViewer = await generate(report.id, viewer.session);
    expect(asViewer.status).toBe(403);
    const asStranger = await generate(report.id, stranger.session);
    expect(asStranger.status).toBe(404);
    expect((await errorOf(asStranger)).code).toBe('not_found');
    expect(fake.requests).toHaveLength(0);

    fake.queue({ kind: 'text', text: outlineText() });
    expect((await generate(report.id, editor.session)).status).toBe(200);
    const usage = await testDb().select().from(tokenUsage).where(and(eq(tokenUsage.reportId, report.id), eq(tokenUsage.userId, editor.id)));
    expect(usage).toHaveLength(1);
  });

  it('answers 401 without a session and 400 naming a wrong-typed field', async () => {
    const report = await buildReport(owner.id);
    expect((await generate(report.id)).status).toBe(401);
    const bad = await generate(report.id, owner.session, { replace: 'yes' });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe('replace');
    expect((await generate('not-a-uuid', owner.session)).status).toBe(400);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('POST /api/reports/:id/outline without OpenAI configuration', () => {
  it('writes the outline with the offline demo model, labelled as such', async () => {
    const user = await buildUser();
    const report = await buildReport(user.id, { topic: 'Coral reefs' });
    const res = await api(`/api/reports/${report.id}/outline`, { cookie: user.session, json: {} });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: GeneratedOutlineDto };
    expect(data.demo).toBe(true);
    expect(data.model).toBe('seydam-demo (offline)');
    expect(data.usage.promptTokens).toBeGreaterThan(0);
    expect(JSON.stringify(data.outline)).toContain('Coral reefs');
    const doc = await serverDoc(report.id);
    expect(readOutline(doc)).toEqual(data.outline);
    doc.destroy();
    const usage = await usageRows(report.id);
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ model: 'seydam-demo (offline)', outcome: 'ok', costMicroUsd: 0 });
    expect(fake.requests).toHaveLength(0);
  });
});
