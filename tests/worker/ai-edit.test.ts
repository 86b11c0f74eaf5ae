// AI edit end to end: a second worker whose 'edit' model is tests/fakes/openai (the real SDK on the
// wire), sharing the run's rooms and database; the proposal is read as an SSE client reads it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AiEditDoneEvent } from '../../core/api/ai-edit';
import { blocksPlainText, readSectionBlocks, sectionPlainText } from '../../core/doc';
import { creditLedger, tokenUsage } from '../../db/schema';
import aiEditCharger, { editCredits } from '../../worker/commands/aiEditCharger';
import { startTestWorker, type RunningWorker } from '../helpers/worker';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai';
import { buildReport, buildUser, type BuiltUser } from '../factories';
import { api, fetchWorker } from '../helpers/api';
import { testDb } from '../helpers/db';
import { addMember, errorOf } from '../helpers/members';
import { sampleReport, seedDocument, serverDoc } from '../helpers/yclient';
import { sharedStackVars } from '../helpers/stack-vars';

const MODEL = 'fake-editor';
let fake: FakeOpenAI;
let worker: RunningWorker;
let persistTo: string;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  persistTo = mkdtempSync(joinPath(tmpdir(), 'seydam-wrangler-ai-edit-'));
  worker = await startTestWorker({
    persistTo,
    vars: {
      ...sharedStackVars(),
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_MODEL: 'fake-writer',
      OPENAI_MODEL_EDIT: MODEL,
      LLM_IDLE_TIMEOUT_MS: '2000',
      AI_EDIT_TOKENS_PER_CREDIT: '100',
    },
  });
});

afterAll(async () => {
  await worker?.stop();
  await fake?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

beforeEach(() => fake.reset());

interface SseEvent {
  event: string;
  data: unknown;
  /** Milliseconds since the response arrived. */
  at: number;
}

/** Reads an SSE body as a browser's EventSource would: events split on blank lines, `event:` and `data:` lines. */
async function readSse(res: Response): Promise<SseEvent[]> {
  const started = Date.now();
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      events.push({ event, data: JSON.parse(data.join('\n')), at: Date.now() - started });
    }
  }
  return events;
}

function post(base: string, path: string, session: string | undefined, json: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (session) headers.cookie = `seydam_session=${session}`;
  return fetchWorker(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(json) });
}

const editPath = (reportId: string, sid = 's11') => `/api/reports/${reportId}/sections/${sid}/ai-edit`;
const ledgerOf = (userId: string) => testDb().select().from(creditLedger).where(eq(creditLedger.userId, userId));
const aiEditEntries = async (userId: string) => (await ledgerOf(userId)).filter((e) => e.reason === 'ai_edit');
const usageOf = (reportId: string) => testDb().select().from(tokenUsage).where(eq(tokenUsage.reportId, reportId));

/** A report whose room holds sampleReport() (section s11: "Tide mills are old."). */
async function seededReport(ownerId: string) {
  const report = await buildReport(ownerId);
  await seedDocument(report.id, sampleReport());
  return report;
}

let owner: BuiltUser;
beforeAll(async () => {
  owner = await buildUser({ credits: 50 });
});

describe('POST /api/reports/:id/sections/:sid/ai-edit', () => {
  it('streams the proposal as deltas then done, charges by tokens, and leaves the document alone', async () => {
    const report = await seededReport(owner.id);
    const proposal = 'Tide mills are among the oldest machines.\n\nThey ground grain for centuries.';
    fake.queue({ kind: 'text', text: proposal, chunkSize: 6, delayMs: 30, usage: { prompt: 150, completion: 60 } });

    const res = await post(worker.url, editPath(report.id), owner.session, { instruction: 'Make it more vivid', preset: 'improve' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await readSse(res);

    const deltas = events.filter((e) => e.event === 'delta');
    const last = events.at(-1)!;
    expect(last.event).toBe('done');
    expect(events.filter((e) => e.event === 'done')).toHaveLength(1);
    // Intermediate state: several deltas, the first well before done.
    expect(deltas.length).toBeGreaterThan(3);
    expect(last.at - deltas[0]!.at).toBeGreaterThan(100);
    expect(deltas.map((d) => (d.data as { text: string }).text).join('')).toBe(proposal);
    const done = last.data as AiEditDoneEvent;
    expect(done).toMatchObject({ text: proposal, model: MODEL, demo: false, usage: { promptTokens: 150, completionTokens: 60 }, credits: 3 });
    expect(done.editId).toMatch(/^[0-9a-f-]{36}$/);

    // What the model was asked.
    expect(fake.requests).toHaveLength(1);
    const sent = fake.requests[0]!.body;
    expect(sent).toMatchObject({ model: MODEL, stream: true });
    const prompt = sent.messages!.map((m) => m.content).join('\n');
    expect(prompt).toContain('Tide mills are old.');
    expect(prompt).toContain('Make it more vivid');
    expect(prompt).toContain('History');

    // Charged: one usage row, one debit of ceil(210 / 100) = 3 under the edit's key.
    const usage = await usageOf(report.id);
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ userId: owner.id, task: 'edit', model: MODEL, promptTokens: 150, completionTokens: 60, outcome: 'ok' });
    const debits = await aiEditEntries(owner.id);
    const mine = debits.filter((d) => d.idempotencyKey === `ai_edit:${done.editId}`);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ delta: -3, reportId: report.id });

    // Nothing went into the document.
    const doc = await serverDoc(report.id);
    expect(sectionPlainText(doc, 's11')).toBe('Tide mills are old.');
    doc.destroy();
  });

  it('lets an editor edit and charges the editor', async () => {
    const report = await seededReport(owner.id);
    const editor = await buildUser({ credits: 2 });
    await addMember(report.id, editor, 'editor');
    fake.queue({ kind: 'text', text: 'Shorter.', usage: { prompt: 10, completion: 5 } });
    const res = await post(worker.url, editPath(report.id, 's12'), editor.session, { instruction: 'Shorten', preset: 'shorten' });
    expect(res.status).toBe(200);
    const events = await readSse(res);
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { text: 'Shorter.', credits: 1 } });
    expect(fake.requests[0]!.body.messages!.map((m) => m.content).join('\n')).toContain('The moon pulls.');
    expect((await aiEditEntries(editor.id)).map((e) => e.delta)).toEqual([-1]);
  });

  it('refuses with 402 and the balance when the balance is below 1, calling nothing', async () => {
    const report = await seededReport(owner.id);
    const poor = await buildUser();
    await addMember(report.id, poor, 'editor');
    const res = await post(worker.url, editPath(report.id), poor.session, { instruction: 'Improve' });
    expect(res.status).toBe(402);
    const body = (await res.json()) as { error: { code: string; details: { balance: number } } };
    expect(body.error).toMatchObject({ code: 'insufficient_credits', details: { balance: 0 } });
    expect(fake.requests).toHaveLength(0);
    expect(await usageOf(report.id)).toHaveLength(0);
  });

  it('ends with event: error and no debit when the provider refuses', async () => {
    const report = await seededReport(owner.id);
    fake.queue({ kind: 'error', status: 400, message: 'bad request' });
    const res = await post(worker.url, editPath(report.id), owner.session, { instruction: 'Improve' });
    const events = await readSse(res);
    expect(events.at(-1)).toMatchObject({ event: 'error', data: { code: 'llm_error' } });
    expect(events.some((e) => e.event === 'done')).toBe(false);
    expect(await usageOf(report.id)).toHaveLength(0);
    expect((await ledgerOf(owner.id)).filter((e) => e.reportId === report.id)).toHaveLength(0);
  });

  it('records the tokens of a stream cut halfway but takes no credits', async () => {
    const report = await seededReport(owner.id);
    fake.fallback = () => ({ kind: 'cut', text: 'Tide mills were' });
    const res = await post(worker.url, editPath(report.id), owner.session, { instruction: 'Improve' });
    const events = await readSse(res);
    expect(events.filter((e) => e.event === 'delta').length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ event: 'error', data: { code: 'llm_unavailable' } });
    const usage = await usageOf(report.id);
    expect(usage.length).toBeGreaterThan(0);
    expect(usage.every((u) => u.task === 'edit' && u.outcome === 'failed')).toBe(true);
    expect((await ledgerOf(owner.id)).filter((e) => e.reportId === report.id)).toHaveLength(0);
  });

  it('answers 400 naming instruction for a missing, empty or too long one, calling nothing', async () => {
    const report = await seededReport(owner.id);
    for (const json of [{}, { instruction: '' }, { instruction: 'x'.repeat(501) }, { instruction: 5 }]) {
      const res = await post(worker.url, editPath(report.id), owner.session, json);
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field: 'instruction' });
    }
    const bad = await post(worker.url, editPath(report.id), owner.session, { instruction: 'ok', preset: 'poetry' });
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatchObject({ field: 'preset' });
    expect(fake.requests).toHaveLength(0);
    expect(await usageOf(report.id)).toHaveLength(0);
  });

  it('answers 401 without a session, 403 to a viewer, 404 to a stranger and for an unknown section', async () => {
    const report = await seededReport(owner.id);
    const viewer = await buildUser({ credits: 5 });
    await addMember(report.id, viewer, 'viewer');
    const stranger = await buildUser({ credits: 5 });
    const json = { instruction: 'Improve' };
    expect((await post(worker.url, editPath(report.id), undefined, json)).status).toBe(401);
    expect((await post(worker.url, editPath(report.id), viewer.session, json)).status).toBe(403);
    const hidden = await post(worker.url, editPath(report.id), stranger.session, json);
    expect(hidden.status).toBe(404);
    expect(JSON.stringify(await hidden.json())).not.toContain('Tidal');
    const missing = await post(worker.url, editPath(report.id, 'nope'), owner.session, json);
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toMatchObject({ code: 'section_not_found' });
    expect(fake.requests).toHaveLength(0);
  });

  it('runs the offline demo model through the same stream on a worker without a key', async () => {
    const report = await seededReport(owner.id);
    const res = await api(editPath(report.id), { cookie: owner.session, json: { instruction: 'Improve' } });
    expect(res.status).toBe(200);
    const events = await readSse(res);
    expect(events.filter((e) => e.event === 'delta').length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { demo: true } });
  });
});

describe('POST /api/reports/:id/sections/:sid/ai-edit/accept', () => {
  it('puts the accepted text into the live document as paragraphs', async () => {
    const report = await seededReport(owner.id);
    const res = await api(`${editPath(report.id)}/accept`, { cookie: owner.session, json: { text: 'First paragraph.\n\nSecond one.\n\n\n' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { sectionId: 's11', paragraphs: 2, cited: [], removedMarkers: [] } });
    const doc = await serverDoc(report.id);
    expect(sectionPlainText(doc, 's11')).toBe('First paragraph.\n\nSecond one.');
    expect(sectionPlainText(doc, 's12')).toBe('The moon pulls.');
    doc.destroy();
  });

  it('keeps citations: the model sees them as numbered markers with the source list, and accepted markers become citations again', async () => {
    const report = await buildReport(owner.id);
    const input = sampleReport();
    input.sections!.s11 = [{ type: 'paragraph', content: [{ type: 'text', text: 'Tide mills are old.' }, { type: 'citation', attrs: { refId: 'ref1' } }] }];
    await seedDocument(report.id, input);
    fake.queue({ kind: 'text', text: 'Tide mills are very old [1].', usage: { prompt: 10, completion: 10 } });
    const res = await post(worker.url, editPath(report.id), owner.session, { instruction: 'Improve it' });
    expect(res.status).toBe(200);
    await readSse(res);
    const prompt = fake.requests[0]!.body.messages!.map((m) => m.content).join('\n');
    expect(prompt).toContain('Tide mills are old.[1]');
    expect(prompt).toContain('[1] Lovelace, A. (2020). Tidal power.');

    // Accepted: [1] is bound to ref1 again; [4] names no source of the report and is dropped.
    const accepted = await api(`${editPath(report.id)}/accept`, { cookie: owner.session, json: { text: 'Tide mills are very old [1]. Some say older [4].' } });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ data: { sectionId: 's11', paragraphs: 1, cited: ['ref1'], removedMarkers: ['4'] } });
    const doc = await serverDoc(report.id);
    const blocks = readSectionBlocks(doc, 's11');
    expect(JSON.stringify(blocks)).toContain('"refId":"ref1"');
    expect(blocksPlainText(blocks, { citation: (id) => `<${id}>` })).toBe('Tide mills are very old <ref1>. Some say older.');
    doc.destroy();
  });

  it('answers 400 naming text, 401, 403 to a viewer, 404 to a stranger and for an unknown section, changing nothing', async () => {
    const report = await seededReport(owner.id);
    const viewer = await buildUser();
    await addMember(report.id, viewer, 'viewer');
    const stranger = await buildUser();
    const path = `${editPath(report.id)}/accept`;
    for (const json of [{}, { text: '  \n\n ' }, { text: 7 }]) {
      const bad = await api(path, { cookie: owner.session, json });
      expect(bad.status).toBe(400);
      expect(await errorOf(bad)).toMatchObject({ code: 'validation_error', field: 'text' });
    }
    expect((await api(path, { json: { text: 'x' } })).status).toBe(401);
    expect((await api(path, { cookie: viewer.session, json: { text: 'x' } })).status).toBe(403);
    expect((await api(path, { cookie: stranger.session, json: { text: 'x' } })).status).toBe(404);
    const missing = await api(`${editPath(report.id, 'nope')}/accept`, { cookie: owner.session, json: { text: 'x' } });
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toMatchObject({ code: 'section_not_found' });
    const doc = await serverDoc(report.id);
    expect(sectionPlainText(doc, 's11')).toBe('Tide mills are old.');
    doc.destroy();
  });
});

describe('aiEditCharger', () => {
  it('debits once per edit id, however often it is called', async () => {
    const user = await buildUser({ credits: 10 });
    const report = await buildReport(user.id);
    const props = { userId: user.id, reportId: report.id, editId: crypto.randomUUID(), model: 'm', usage: { promptTokens: 9000, completionTokens: 2000 }, ok: true };
    expect(await aiEditCharger(testDb(), props)).toBe(2);
    expect(await aiEditCharger(testDb(), props)).toBe(2);
    expect((await aiEditEntries(user.id)).map((e) => e.delta)).toEqual([-2]);
  });

  it('costs one credit per started block of tokens, at least one', () => {
    expect(editCredits(0)).toBe(1);
    expect(editCredits(10_000)).toBe(1);
    expect(editCredits(10_001)).toBe(2);
    expect(editCredits(250, '100')).toBe(3);
    expect(editCredits(250, 'nonsense')).toBe(1);
  });
});
