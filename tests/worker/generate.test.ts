// Generation jobs end to end: a second worker whose section model is tests/fakes/openai (the real
// SDK on the wire), with its own local queue, writing into the run's real rooms and database.
// Collaborators are real Yjs clients; what they see is asserted while the job runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { GenerationJobDto } from '../../core/api/generation';
import { getSectionState, normalizeBody, parseGeneratedSection, readSectionBlocks, sectionPlainText } from '../../core/doc';
import { creditLedger, reportJobSections, reportJobs, reportSnapshots, reports, tokenUsage } from '../../db/schema';
import generationJobCreator from '../../worker/commands/generationJobCreator';
import { scheduledUrl } from '../../scripts/lib/worker';
import { startTestWorker, type RunningWorker } from '../helpers/worker';
import { startFakeOpenAI, type FakeOpenAI, type FakeReply, type ChatRequestRecord } from '../fakes/openai';
import { buildReport, buildUser, type BuiltUser } from '../factories';
import { citationIds } from '../helpers/citations';
import { testDb } from '../helpers/db';
import { addMember, errorOf } from '../helpers/members';
import { join, partyUrl, sampleReport, seedDocument, serverDoc, waitFor, type Client } from '../helpers/yclient';
import { sharedStackVars } from '../helpers/stack-vars';
import { fetchWorker } from '../helpers/api';

let fake: FakeOpenAI;
let worker: RunningWorker;
let persistTo: string;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  persistTo = mkdtempSync(joinPath(tmpdir(), 'seydam-wrangler-generate-'));
  worker = await startTestWorker({
    persistTo,
    echo: process.env.ECHO_WORKER === '1',
    vars: {
      ...sharedStackVars(),
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_MODEL_SECTION: 'fake-writer',
      LLM_IDLE_TIMEOUT_MS: '1500',
      GENERATION_MAX_ATTEMPTS: '3',
      GENERATION_BACKOFF_MS: '50',
      GENERATION_LEASE_SECONDS: '4',
    },
  });
});

afterAll(async () => {
  await worker?.stop();
  await fake?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

beforeEach(() => fake.reset());

const clients: Client[] = [];
afterAll(() => clients.forEach((c) => c.close()));

function call(method: string, path: string, session: string | undefined, json?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (session) headers.cookie = `seydam_session=${session}`;
  if (json !== undefined) headers['content-type'] = 'application/json';
  return fetchWorker(`${worker.url}${path}`, { method, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
}

async function startJob(reportId: string, session: string): Promise<GenerationJobDto> {
  const res = await call('POST', `/api/reports/${reportId}/generate`, session);
  expect(res.status, await res.clone().text()).toBe(202);
  return ((await res.json()) as { data: GenerationJobDto }).data;
}

async function jobOf(reportId: string, jobId: string, session: string): Promise<GenerationJobDto> {
  const res = await call('GET', `/api/reports/${reportId}/jobs/${jobId}`, session);
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: GenerationJobDto }).data;
}

const ENDED = new Set(['finished', 'partial', 'failed', 'cancelled']);
async function jobEnd(reportId: string, jobId: string, session: string, timeout = 30_000): Promise<GenerationJobDto> {
  return waitFor(
    async () => {
      const job = await jobOf(reportId, jobId, session);
      return ENDED.has(job.status) ? job : null;
    },
    { timeout, interval: 100, message: `job ${jobId} did not end` },
  );
}

/** The section title the fake was asked to write ("Write section 1.1 "History" ..."). */
function sectionAsked(req: ChatRequestRecord): string {
  const prompt = (req.body.messages ?? []).map((m) => m.content).join('\n');
  return /Write section \S+ "([^"]*)"/.exec(prompt)?.[1] ?? '?';
}

/** What the fake writes for a section: a citation of source 1 and one of a source that does not exist. */
const textFor = (title: string) => `${title} is covered here [1]. Something else is claimed [7].\n\nA second paragraph about ${title}.`;

function writeEverything(opts: { delayMs?: number; chunkSize?: number } = {}) {
  fake.fallback = (req) => ({ kind: 'text', text: textFor(sectionAsked(req)), usage: { prompt: 400, completion: 60 }, delayMs: opts.delayMs ?? 0, chunkSize: opts.chunkSize ?? 12 });
}

const ledgerFor = (userId: string, jobId: string) =>
  testDb()
    .select()
    .from(creditLedger)
    .where(and(eq(creditLedger.userId, userId), eq(creditLedger.jobId, jobId)));
const usageFor = (jobId: string) => testDb().select().from(tokenUsage).where(eq(tokenUsage.jobId, jobId));
const sectionRows = (jobId: string) => testDb().select().from(reportJobSections).where(eq(reportJobSections.jobId, jobId));
const reportRow = async (id: string) => (await testDb().select().from(reports).where(eq(reports.id, id)))[0]!;

async function seededReport(ownerId: string, overrides: Parameters<typeof buildReport>[1] = {}) {
  const report = await buildReport(ownerId, { creditCost: 6, ...overrides });
  await seedDocument(report.id, sampleReport());
  return report;
}

let owner: BuiltUser;
beforeAll(async () => {
  owner = await buildUser({ credits: 200 });
});

describe('POST /api/reports/:id/generate', () => {
  it('streams every section into the room for two collaborators, checks citations, and charges the reservation once', async () => {
    const editor = await buildUser();
    const report = await seededReport(owner.id);
    await addMember(report.id, editor, 'editor');
    writeEverything({ delayMs: 25, chunkSize: 4 });
    const a = await join(report.id, owner.session);
    const b = await join(report.id, editor.session);
    clients.push(a, b);

    // Every distinct length of section 1.1 each collaborator sees while it is written.
    const seen = (client: Client) => {
      const lengths: number[] = [];
      client.doc.on('update', () => {
        const len = sectionPlainText(client.doc, 's11').length;
        if (lengths.at(-1) !== len) lengths.push(len);
      });
      return lengths;
    };
    const seenByA = seen(a);
    const seenByB = seen(b);

    const started = await startJob(report.id, editor.session);
    expect(started).toMatchObject({ kind: 'report', status: 'queued', creditsReserved: 6, creditsCharged: null });
    expect(started.sections.map((s) => s.sectionId)).toEqual(['s11', 's12', 's21']);
    // The people's text is kept in history before the job replaces it.
    expect(started.snapshotId).toBeTruthy();

    // Intermediate state: both see section 1.1 partly written while the job is still running.
    await waitFor(() => sectionPlainText(a.doc, 's11').startsWith('History is') && getSectionState(a.doc, 's11').status === 'writing', { timeout: 15_000, message: 'A never saw the section being written' });
    const midway = await jobOf(report.id, started.id, owner.session);
    expect(midway.status).toBe('running');
    expect(getSectionState(b.doc, 's12').status).toBe('queued');

    const ended = await jobEnd(report.id, started.id, owner.session);
    expect(ended).toMatchObject({ status: 'finished', progress: 100, creditsReserved: 6, creditsCharged: 6, lastError: null });
    // Quick sections go back to back in one queue delivery (no hop, claim or new connection each).
    expect((await testDb().select({ deliveries: reportJobs.attempts }).from(reportJobs).where(eq(reportJobs.id, started.id)))[0]!.deliveries).toBe(1);
    for (const [seenBy, name] of [
      [seenByA, 'A'],
      [seenByB, 'B'],
    ] as const) {
      // Text grew in several steps (streamed, not dropped in at the end) …
      const growing = seenBy.filter((len, i) => i > 0 && len > seenBy[i - 1]!);
      expect(growing.length, `${name} saw ${JSON.stringify(seenBy)}`).toBeGreaterThan(3);
    }

    // Final text: the marker of source 1 is a citation bound to ref1; [7] named nothing and is gone.
    for (const client of [a, b]) {
      await waitFor(() => getSectionState(client.doc, 's21').status === 'done', { message: 'last section not done for a client' });
      for (const [sid, title] of [
        ['s11', 'History'],
        ['s12', 'Physics'],
        ['s21', 'Costs'],
      ] as const) {
        const text = sectionPlainText(client.doc, sid);
        expect(text).toContain(`${title} is covered here`);
        expect(text).toContain(`A second paragraph about ${title}.`);
        expect(text).not.toContain('[7]');
        expect(text).not.toContain('[1]');
        expect(text).not.toContain('Tide mills are old.');
        expect(citationIds(readSectionBlocks(client.doc, sid))).toEqual(['ref1']);
        expect(getSectionState(client.doc, sid).status).toBe('done');
      }
    }
    expect(ended.sections.every((s) => s.status === 'done' && s.attempts === 1)).toBe(true);
    expect(ended.sections[0]).toMatchObject({ cited: ['ref1'], removedMarkers: ['7'] });

    // One model call per section, each told its section, the outline and the numbered source.
    expect(fake.requests.map(sectionAsked)).toEqual(['History', 'Physics', 'Costs']);
    const prompt = fake.requests[0]!.body.messages!.map((m) => m.content).join('\n');
    expect(prompt).toContain('[1] Ada Lovelace (2020). Tidal power.');
    expect(prompt).toContain('1.1 History');
    expect(prompt).toContain('early mills');
    expect(fake.requests[0]!.body).toMatchObject({ model: 'fake-writer', stream: true, stream_options: { include_usage: true } });

    // Credits: reserved once by the owner, nothing released (all written); the report records the charge.
    const entries = await ledgerFor(owner.id, started.id);
    expect(entries.map((e) => [e.reason, e.delta])).toEqual([['report_reserve', -6]]);
    expect(await reportRow(report.id)).toMatchObject({ status: 'completed', creditsCharged: 6 });
    // A usage row for every call, on the person who started the job.
    const usage = await usageFor(started.id);
    expect(usage).toHaveLength(3);
    expect(usage.every((u) => u.userId === editor.id && u.task === 'section' && u.outcome === 'ok' && u.promptTokens === 400)).toBe(true);
  });

  it('refuses a viewer (403), a stranger (404), an empty outline (409) and a second job while one runs (409)', async () => {
    const viewer = await buildUser();
    const stranger = await buildUser();
    const report = await seededReport(owner.id);
    await addMember(report.id, viewer, 'viewer');
    expect((await call('POST', `/api/reports/${report.id}/generate`, viewer.session)).status).toBe(403);
    expect((await call('POST', `/api/reports/${report.id}/generate`, stranger.session)).status).toBe(404);
    expect((await call('POST', `/api/reports/${report.id}/generate`, undefined)).status).toBe(401);
    expect((await call('GET', `/api/reports/${report.id}/jobs`, stranger.session)).status).toBe(404);

    const empty = await buildReport(owner.id);
    const res = await call('POST', `/api/reports/${empty.id}/generate`, owner.session);
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('outline_empty');

    fake.fallback = () => ({ kind: 'text', text: 'Slow words here.', delayMs: 300, chunkSize: 2 });
    const first = await startJob(report.id, owner.session);
    const second = await call('POST', `/api/reports/${report.id}/generate`, owner.session);
    expect(second.status).toBe(409);
    expect((await errorOf(second)).code).toBe('job_running');
    const cancel = await call('POST', `/api/reports/${report.id}/jobs/${first.id}/cancel`, viewer.session);
    expect(cancel.status).toBe(403);
    await call('POST', `/api/reports/${report.id}/jobs/${first.id}/cancel`, owner.session);
    await jobEnd(report.id, first.id, owner.session);
    expect(await testDb().select().from(reportJobs).where(eq(reportJobs.reportId, report.id))).toHaveLength(1);
  });

  it('starts jobs for several reports of one owner at the same moment, each holding its credits (no deadlock between them)', async () => {
    // Each start inserts a job row (its foreign key share-locks the starter's account) and then locks
    // the owner's account to reserve credits: unless the owner is locked first, two starts wait on
    // each other and PostgreSQL kills one. (PGlite serializes sessions, so this races on PostgreSQL.)
    const payer = await buildUser({ credits: 100 });
    const many = await Promise.all(Array.from({ length: 8 }, () => seededReport(payer.id, { creditCost: 5 })));
    const results = await Promise.allSettled(
      many.map((report) =>
        generationJobCreator(testDb(), { report, userId: payer.id, kind: 'report', sections: [{ sectionId: 's11', title: 'History' }], credits: 5 }),
      ),
    );
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'started'))).toEqual(Array(8).fill('started'));
    const held = await testDb().select().from(creditLedger).where(eq(creditLedger.userId, payer.id));
    expect(held.filter((e) => e.reason === 'report_reserve').map((e) => e.delta)).toEqual(Array(8).fill(-5));
    // Not enqueued: end them so the cron test below never picks them up.
    for (const r of results) if (r.status === 'fulfilled') await testDb().update(reportJobs).set({ status: 'cancelled' }).where(eq(reportJobs.id, r.value.job.id));
  });

  it('answers 402 with the balance when the owner has too few credits, and starts nothing', async () => {
    const poor = await buildUser({ credits: 2 });
    const report = await seededReport(poor.id, { creditCost: 5 });
    const res = await call('POST', `/api/reports/${report.id}/generate`, poor.session);
    expect(res.status).toBe(402);
    const { error } = (await res.json()) as { error: { code: string; details: unknown } };
    expect(error.code).toBe('insufficient_credits');
    expect(error.details).toMatchObject({ balance: 2, needed: 5 });
    expect(await testDb().select().from(reportJobs).where(eq(reportJobs.reportId, report.id))).toHaveLength(0);
    expect(await testDb().select().from(reportSnapshots).where(eq(reportSnapshots.reportId, report.id))).toHaveLength(0);
    expect((await reportRow(report.id)).status).toBe('draft');
    expect(fake.requests).toHaveLength(0);
    const doc = await serverDoc(report.id);
    expect(sectionPlainText(doc, 's11')).toBe('Tide mills are old.');
    expect(getSectionState(doc, 's11').status).toBe('idle');
  });
});

describe('provider faults', () => {
  it('retries 429 (honouring retry-after) and 5xx with backoff, then writes the section once', async () => {
    const report = await seededReport(owner.id);
    const replies: FakeReply[] = [
      { kind: 'error', status: 429, message: 'Slow down', headers: { 'retry-after': '1' } },
      { kind: 'error', status: 503, message: 'Overloaded' },
    ];
    fake.queue(...replies);
    writeEverything();
    const started = Date.now();
    const job = await jobEnd(report.id, (await startJob(report.id, owner.session)).id, owner.session);
    expect(job.status).toBe('finished');
    expect(job.sections[0]).toMatchObject({ sectionId: 's11', status: 'done', attempts: 3 });
    // retry-after: 1 s was waited, not the 50 ms backoff.
    expect(Date.now() - started).toBeGreaterThan(1_000);
    expect(fake.requests.map(sectionAsked)).toEqual(['History', 'History', 'History', 'Physics', 'Costs']);
    const doc = await serverDoc(report.id);
    expect(sectionPlainText(doc, 's11').match(/History is covered here/g)).toHaveLength(1);
    // Refused calls consumed nothing: usage rows only for the three that wrote.
    expect(await usageFor(job.id)).toHaveLength(3);
  });

  it('marks a section failed after a stream cut on every attempt: the job ends partial and is charged for what was written', async () => {
    const report = await seededReport(owner.id);
    fake.fallback = (req) =>
      sectionAsked(req) === 'Physics'
        ? { kind: 'cut', text: 'Physics begins and then the connection dr' }
        : { kind: 'text', text: textFor(sectionAsked(req)), usage: { prompt: 400, completion: 60 } };
    const started = await startJob(report.id, owner.session);
    const job = await jobEnd(report.id, started.id, owner.session);
    expect(job.status).toBe('partial');
    const physics = job.sections.find((s) => s.sectionId === 's12')!;
    expect(physics).toMatchObject({ status: 'failed', attempts: 3 });
    expect(physics.error).toMatch(/cut off/);
    expect(job.lastError).toMatch(/cut off/);
    // 2 of 3 sections written: charged ceil(6 × 2 / 3) = 4, 2 released, exactly once.
    expect(job.creditsCharged).toBe(4);
    const entries = await ledgerFor(owner.id, started.id);
    expect(entries.map((e) => [e.reason, e.delta]).sort()).toEqual([
      ['report_release', 2],
      ['report_reserve', -6],
    ]);
    expect(await reportRow(report.id)).toMatchObject({ status: 'partial', creditsCharged: 4 });
    const doc = await serverDoc(report.id);
    expect(getSectionState(doc, 's12')).toMatchObject({ status: 'failed' });
    expect(getSectionState(doc, 's12').error).toMatch(/cut off/);
    expect(getSectionState(doc, 's21').status).toBe('done');
    // The cut calls spent tokens: each has a failed usage row.
    const usage = await usageFor(started.id);
    expect(usage.filter((u) => u.outcome === 'failed')).toHaveLength(3);
    expect(usage.filter((u) => u.outcome === 'ok')).toHaveLength(2);

    // Retrying the failed section writes it and makes the report complete.
    fake.fallback = (req) => ({ kind: 'text', text: textFor(sectionAsked(req)), usage: { prompt: 400, completion: 60 } });
    const notFailed = await call('POST', `/api/reports/${report.id}/jobs/${started.id}/sections/s11/retry`, owner.session);
    expect(notFailed.status).toBe(409);
    const retry = await call('POST', `/api/reports/${report.id}/jobs/${started.id}/sections/s12/retry`, owner.session);
    expect(retry.status).toBe(202);
    const retryJob = ((await retry.json()) as { data: GenerationJobDto }).data;
    expect(retryJob).toMatchObject({ kind: 'section', creditsReserved: 2 });
    const retried = await jobEnd(report.id, retryJob.id, owner.session);
    expect(retried).toMatchObject({ status: 'finished', creditsCharged: 2 });
    const after = await serverDoc(report.id);
    expect(sectionPlainText(after, 's12')).toContain('Physics is covered here');
    expect(getSectionState(after, 's12').status).toBe('done');
    expect((await reportRow(report.id)).status).toBe('completed');
  });

  it('gives up on a stalled stream after the idle timeout; with nothing written the job fails and costs nothing', async () => {
    const report = await seededReport(owner.id);
    fake.fallback = () => ({ kind: 'stall', text: 'Begins and then' });
    const started = await startJob(report.id, owner.session);
    const job = await jobEnd(report.id, started.id, owner.session, 60_000);
    expect(job.status).toBe('failed');
    expect(job.sections.every((s) => s.status === 'failed')).toBe(true);
    expect(job.creditsCharged).toBe(0);
    const entries = await ledgerFor(owner.id, started.id);
    expect(entries.map((e) => e.delta).reduce((a, b) => a + b, 0)).toBe(0);
    expect(await reportRow(report.id)).toMatchObject({ status: 'failed', creditsCharged: 0 });
  }, 90_000);

  it('does not retry a request the provider refuses (400)', async () => {
    const report = await seededReport(owner.id);
    fake.fallback = () => ({ kind: 'error', status: 400, message: 'Bad request' });
    const job = await jobEnd(report.id, (await startJob(report.id, owner.session)).id, owner.session);
    expect(job.status).toBe('failed');
    expect(job.sections.every((s) => s.status === 'failed' && s.attempts === 1)).toBe(true);
    expect(fake.requests).toHaveLength(3);
  });
});

describe('cancel, regenerate, redelivery', () => {
  it('cancels a running job: the section in hand stops, later ones are never written, written ones are charged', async () => {
    const report = await seededReport(owner.id);
    fake.fallback = (req) =>
      sectionAsked(req) === 'History'
        ? { kind: 'text', text: textFor('History'), usage: { prompt: 400, completion: 60 } }
        : { kind: 'text', text: 'Physics is slow to write. '.repeat(40), delayMs: 50, chunkSize: 3 };
    const started = await startJob(report.id, owner.session);
    await waitFor(async () => sectionPlainText(await serverDoc(report.id), 's12').startsWith('Physics is slow'), { timeout: 15_000 });
    const res = await call('POST', `/api/reports/${report.id}/jobs/${started.id}/cancel`, owner.session);
    expect(res.status).toBe(202);
    const job = await jobEnd(report.id, started.id, owner.session);
    expect(job.status).toBe('cancelled');
    expect(job.sections.map((s) => s.status)).toEqual(['done', 'cancelled', 'cancelled']);
    expect(fake.requests.map(sectionAsked)).toEqual(['History', 'Physics']);
    // 1 of 3 written: ceil(6 / 3) = 2 charged.
    expect(job.creditsCharged).toBe(2);
    expect((await ledgerFor(owner.id, started.id)).reduce((sum, e) => sum + e.delta, 0)).toBe(-2);
    const again = await call('POST', `/api/reports/${report.id}/jobs/${started.id}/cancel`, owner.session);
    expect(again.status).toBe(409);
  });

  it('regenerates one section, keeping the replaced text restorable from history', async () => {
    const report = await seededReport(owner.id);
    writeEverything();
    await jobEnd(report.id, (await startJob(report.id, owner.session)).id, owner.session);
    fake.fallback = () => ({ kind: 'text', text: 'Costs, rewritten from scratch [1].', usage: { prompt: 10, completion: 10 } });
    const res = await call('POST', `/api/reports/${report.id}/sections/s21/regenerate`, owner.session);
    expect(res.status).toBe(202);
    const regen = ((await res.json()) as { data: GenerationJobDto }).data;
    expect(regen).toMatchObject({ kind: 'section', creditsReserved: 2, sections: [{ sectionId: 's21', status: 'queued' }] });
    const ended = await jobEnd(report.id, regen.id, owner.session);
    expect(ended).toMatchObject({ status: 'finished', creditsCharged: 2 });
    const doc = await serverDoc(report.id);
    expect(sectionPlainText(doc, 's21')).toContain('Costs, rewritten from scratch');
    expect(sectionPlainText(doc, 's21')).not.toContain('Costs is covered here');
    expect(citationIds(readSectionBlocks(doc, 's21'))).toEqual(['ref1']);
    expect(sectionPlainText(doc, 's11')).toContain('History is covered here');
    const [snapshot] = await testDb().select().from(reportSnapshots).where(eq(reportSnapshots.id, regen.snapshotId!));
    expect(JSON.stringify(snapshot!.json)).toContain('Costs is covered here');
    expect((await call('POST', `/api/reports/${report.id}/sections/nope/regenerate`, owner.session)).status).toBe(404);
  });

  it('a duplicate message and a consumer that lost its lease mid-section never write a section twice nor settle twice', async () => {
    const staff = await buildUser({ isStaff: true });
    const report = await seededReport(owner.id);
    fake.fallback = (req) => ({ kind: 'text', text: `${textFor(sectionAsked(req))} ${'More words. '.repeat(20)}`, delayMs: 20, chunkSize: 6, usage: { prompt: 100, completion: 100 } });
    const started = await startJob(report.id, owner.session);
    // A second message for the same job while the first delivery works on it.
    const requeue = await call('POST', `/api/staff/jobs/${started.id}/requeue`, staff.session);
    expect(requeue.status).toBe(202);
    expect((await call('POST', `/api/staff/jobs/${started.id}/requeue`, owner.session)).status).toBe(403);

    // Mid-section, the delivery's lease is taken from it, as if it had stalled past the lease and
    // another delivery had taken over: it must stop, and the next delivery starts that section over.
    await waitFor(async () => sectionPlainText(await serverDoc(report.id), 's12').length > 20, { timeout: 15_000 });
    await testDb()
      .update(reportJobs)
      .set({ leaseId: crypto.randomUUID(), leaseExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(reportJobs.id, started.id));
    await call('POST', `/api/staff/jobs/${started.id}/requeue`, staff.session);

    const job = await jobEnd(report.id, started.id, owner.session, 60_000);
    expect(job.status).toBe('finished');
    const doc = await serverDoc(report.id);
    for (const title of ['History', 'Physics', 'Costs']) {
      const sid = { History: 's11', Physics: 's12', Costs: 's21' }[title]!;
      expect(sectionPlainText(doc, sid).match(new RegExp(`${title} is covered here`, 'g'))).toHaveLength(1);
    }
    // Physics was started over by the delivery that took the job; nothing else was asked twice.
    const asked = fake.requests.map(sectionAsked);
    expect(asked.filter((t) => t === 'History')).toHaveLength(1);
    expect(asked.filter((t) => t === 'Physics')).toHaveLength(2);
    expect(asked.filter((t) => t === 'Costs')).toHaveLength(1);
    const expected = parseGeneratedSection(`${textFor('Physics')} ${'More words. '.repeat(20)}`, new Map([[1, 'ref1']]));
    expect(readSectionBlocks(doc, 's12')).toEqual(normalizeBody(expected.blocks));
    // Settled once: one reserve, nothing released, the report charged once.
    expect((await ledgerFor(owner.id, started.id)).map((e) => e.reason)).toEqual(['report_reserve']);
    expect((await reportRow(report.id)).creditsCharged).toBe(6);
    // Once ended, more messages change nothing.
    expect((await call('POST', `/api/staff/jobs/${started.id}/requeue`, staff.session)).status).toBe(409);
    const rows = await sectionRows(started.id);
    expect(rows.every((r) => r.status === 'done')).toBe(true);
  }, 90_000);

  it('the cron puts back a job whose message was lost (crashed consumer, dropped message): it is never left running', async () => {
    const report = await seededReport(owner.id);
    writeEverything();
    // A job as a crashed delivery leaves it: running, lease lapsed, section 1.1 half written, and no message anywhere.
    const { job } = await generationJobCreator(testDb(), {
      report,
      userId: owner.id,
      kind: 'report',
      sections: [
        { sectionId: 's11', title: 'History' },
        { sectionId: 's12', title: 'Physics' },
        { sectionId: 's21', title: 'Costs' },
      ],
      credits: 6,
    });
    await testDb()
      .update(reportJobs)
      .set({ status: 'running', leaseId: crypto.randomUUID(), leaseExpiresAt: new Date(Date.now() - 60_000), updatedAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(reportJobs.id, job.id));
    await testDb().update(reportJobSections).set({ status: 'writing', attempts: 1 }).where(and(eq(reportJobSections.jobId, job.id), eq(reportJobSections.sectionId, 's11')));
    const half = await fetch(`${partyUrl()}/parties/main/report-${report.id}/internal/ops`, {
      method: 'POST',
      headers: { authorization: `Bearer ${inject('internalSecret')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ops: [{ type: 'setSectionParagraphs', sectionId: 's11', paragraphs: ['History is cov'] }] }),
    });
    expect(half.status).toBe(200);

    const cron = await fetchWorker(scheduledUrl(worker.url));
    expect(cron.status).toBe(200);
    const ended = await jobEnd(report.id, job.id, owner.session);
    expect(ended.status).toBe('finished');
    const doc = await serverDoc(report.id);
    // Section 1.1 was started over, not continued: one copy of its text, none of the half sentence.
    expect(sectionPlainText(doc, 's11').match(/History is cov/g)).toHaveLength(1);
    expect(sectionPlainText(doc, 's11')).toContain('A second paragraph about History.');
    expect(ended.sections.find((s) => s.sectionId === 's11')!.attempts).toBe(2);
  });
});
