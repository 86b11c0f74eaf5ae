// Gathering real references end to end: a worker pointed at the fake OpenAlex/Crossref and the
// run's rooms, the list checked in Postgres, in the live document and through the API.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GatherReferencesDto, ReferenceDto } from '../../core/api/references';
import { readReferences } from '../../core/doc';
import { referenceJobs, reportReferences } from '../../db/schema';
import { startTestWorker, type RunningWorker } from '../helpers/worker';
import { startFakeScholarly, type FakeScholarly } from '../fakes/scholarly';
import { buildReport, buildUser, type BuiltUser } from '../factories';
import { testDb } from '../helpers/db';
import { addMember, errorOf } from '../helpers/members';
import { serverDoc } from '../helpers/yclient';
import { sharedStackVars } from '../helpers/stack-vars';
import { fetchWorker } from '../helpers/api';

const TOPIC = 'Urban heat island mitigation';

let fake: FakeScholarly;
let worker: RunningWorker;
let persistTo: string;

beforeAll(async () => {
  fake = await startFakeScholarly();
  persistTo = mkdtempSync(join(tmpdir(), 'seydam-wrangler-references-'));
  worker = await startTestWorker({
    persistTo,
    vars: {
      ...sharedStackVars(),
      OPENALEX_BASE_URL: fake.openAlexUrl,
      CROSSREF_BASE_URL: fake.crossrefUrl,
      SCHOLARLY_MAILTO: 'research@seydam.test',
    },
  });
});

afterAll(async () => {
  await worker?.stop();
  await fake?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

beforeEach(() => fake.reset());

/** fetch() against the scholarly-configured worker. */
function call(path: string, opts: { method?: string; json?: unknown; cookie?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  if (opts.cookie) headers.cookie = `seydam_session=${opts.cookie}`;
  return fetchWorker(`${worker.url}${path}`, {
    method: opts.method ?? (opts.json !== undefined ? 'POST' : 'GET'),
    headers,
    body: opts.json !== undefined ? JSON.stringify(opts.json) : null,
  });
}

const gather = (reportId: string, user: BuiltUser, json: unknown = {}) => call(`/api/reports/${reportId}/references/gather`, { json, cookie: user.session });

async function owned(overrides: { referenceCount?: number } = {}) {
  const owner = await buildUser();
  const report = await buildReport(owner.id, { topic: TOPIC, description: 'Cities are hotter than their surroundings.', ...overrides });
  return { owner, report };
}

const storedRows = (reportId: string) => testDb().select().from(reportReferences).where(eq(reportReferences.reportId, reportId)).orderBy(asc(reportReferences.position));
const jobsOf = (reportId: string) => testDb().select().from(referenceJobs).where(eq(referenceJobs.reportId, reportId));

describe('POST /api/reports/:id/references/gather', () => {
  it('gathers real sources into Postgres and the live document, and records the job', async () => {
    const { owner, report } = await owned();
    const res = await gather(report.id, owner, { count: 5 });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: GatherReferencesDto };

    expect(data.references.map((r) => [r.source, r.externalId])).toEqual([
      ['openalex', 'W1001'],
      ['openalex', 'W1002'],
      ['openalex', 'W1004'],
      ['crossref', '10.1016/j.rev.2017.0006'],
      ['crossref', '10.1016/j.scs.2022.0005'],
    ]);
    expect(data.references[0]).toMatchObject({
      position: 0,
      title: 'Urban heat island mitigation through green roofs',
      authors: ['Ana Silva', 'Jon Berg'],
      year: 2019,
      venue: 'Urban Climate',
      doi: '10.1016/j.uhi.2019.001',
      abstract: 'Green roofs lower surface temperatures in dense urban districts and reduce the urban heat island.',
    });
    expect(data.references.every((r) => /^ref-[0-9a-f]{12}$/.test(r.referenceId ?? ''))).toBe(true);

    // Postgres: the rows in order, under the ids the room's own saves would give them.
    const rows = await storedRows(report.id);
    expect(rows.map((r) => [r.position, r.id, r.title])).toEqual(data.references.map((r, i) => [i, r.id, r.title]));

    // The live document: the same list, by the ids citations bind to.
    const live = readReferences(await serverDoc(report.id));
    expect(live.map((r) => [r.id, r.title, r.doi, r.source, r.externalId])).toEqual(data.references.map((r) => [r.referenceId, r.title, r.doi, r.source, r.externalId]));

    const [job] = await jobsOf(report.id);
    expect(job).toMatchObject({ id: data.jobId, userId: owner.id, status: 'finished', stage: 'done', progress: 100, attempts: 1, lastError: null });
    expect(job!.finishedAt).not.toBeNull();

    // The searches used the topic, the polite-pool address and our User-Agent.
    expect(fake.requests[0]).toMatchObject({ provider: 'openalex', query: { search: TOPIC, mailto: 'research@seydam.test' } });
    expect(fake.requests[0]!.userAgent).toMatch(/^Seydam\//);
  });

  it("takes the report's reference count when none is given, and dedupes across providers", async () => {
    const { owner, report } = await owned({ referenceCount: 10 });
    const res = await gather(report.id, owner);
    expect(res.status).toBe(200);
    const refs = ((await res.json()) as { data: GatherReferencesDto }).data.references;
    // The corpus holds 7 distinct matching works: fewer than asked, none twice.
    expect(refs).toHaveLength(7);
    const dois = refs.map((r) => r.doi?.toLowerCase()).filter(Boolean);
    expect(new Set(dois).size).toBe(dois.length);
    expect(dois).not.toContain('10.31223/preprint.0007'); // the preprint under the same title as W1001
    expect(refs.filter((r) => r.doi?.toLowerCase() === '10.1029/2020gl0002')).toHaveLength(1);
    expect(await storedRows(report.id)).toHaveLength(7);
  });

  it('replaces the previous list when gathered again', async () => {
    const { owner, report } = await owned();
    expect((await gather(report.id, owner, { count: 5 })).status).toBe(200);
    const res = await gather(report.id, owner, { count: 2 });
    expect(res.status).toBe(200);
    const refs = ((await res.json()) as { data: GatherReferencesDto }).data.references;
    expect(refs.map((r) => r.externalId)).toEqual(['W1001', 'W1002']);
    expect((await storedRows(report.id)).map((r) => r.externalId)).toEqual(['W1001', 'W1002']);
    expect(readReferences(await serverDoc(report.id)).map((r) => r.externalId)).toEqual(['W1001', 'W1002']);
    expect((await jobsOf(report.id)).map((j) => j.status)).toEqual(['finished', 'finished']);
  });

  it('lets an editor gather', async () => {
    const { report } = await owned();
    const editor = await buildUser();
    await addMember(report.id, editor, 'editor');
    expect((await gather(report.id, editor, { count: 1 })).status).toBe(200);
  });

  it('answers 502 and records a failed job when every provider is down; nothing is written', async () => {
    const { owner, report } = await owned();
    expect((await gather(report.id, owner, { count: 2 })).status).toBe(200);
    fake.reset();
    fake.down('openalex', 500);
    fake.down('crossref', 503);
    const res = await gather(report.id, owner, { count: 5 });
    expect(res.status).toBe(502);
    const error = await errorOf(res);
    expect(error.code).toBe('references_unavailable');
    expect(error.message).toMatch(/OpenAlex: answered 500 twice.*Crossref: answered 503 twice/);
    // One retry each, then it gave up.
    expect(fake.requests.map((r) => [r.provider, r.status])).toEqual([['openalex', 500], ['openalex', 500], ['crossref', 503], ['crossref', 503]]);

    const jobs = await jobsOf(report.id);
    const failed = jobs.find((j) => j.status === 'failed');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed!.lastError).toMatch(/OpenAlex: answered 500 twice/);
    expect(failed!.finishedAt).not.toBeNull();
    // The earlier list stays, in Postgres and in the document.
    expect((await storedRows(report.id)).map((r) => r.externalId)).toEqual(['W1001', 'W1002']);
    expect(readReferences(await serverDoc(report.id)).map((r) => r.externalId)).toEqual(['W1001', 'W1002']);
  });

  it('answers 401 without a session', async () => {
    const { report } = await owned();
    expect((await call(`/api/reports/${report.id}/references/gather`, { json: {} })).status).toBe(401);
  });

  it('answers 400 naming the field for a bad count, and starts nothing', async () => {
    const { owner, report } = await owned();
    for (const count of ['5', 0, 101, 2.5]) {
      const res = await gather(report.id, owner, { count });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe('count');
    }
    expect(await jobsOf(report.id)).toEqual([]);
    expect(fake.requests).toEqual([]);
  });

  it('answers 403 to a viewer and 404 to a stranger, and starts nothing', async () => {
    const { report } = await owned();
    const viewer = await buildUser();
    await addMember(report.id, viewer, 'viewer');
    expect((await gather(report.id, viewer)).status).toBe(403);
    const stranger = await buildUser();
    const res = await gather(report.id, stranger);
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).not.toContain(TOPIC);
    expect(await jobsOf(report.id)).toEqual([]);
    expect(fake.requests).toEqual([]);
  });
});

describe('GET /api/reports/:id/references', () => {
  it('lists the stored references in order, to anyone on the report', async () => {
    const { owner, report } = await owned();
    const gathered = ((await (await gather(report.id, owner, { count: 3 })).json()) as { data: GatherReferencesDto }).data.references;
    const viewer = await buildUser();
    await addMember(report.id, viewer, 'viewer');
    for (const user of [owner, viewer]) {
      const res = await call(`/api/reports/${report.id}/references`, { cookie: user.session });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data: ReferenceDto[] }).data).toEqual(gathered);
    }
  });

  it('answers an empty list before any gathering', async () => {
    const { owner, report } = await owned();
    const res = await call(`/api/reports/${report.id}/references`, { cookie: owner.session });
    expect(((await res.json()) as { data: ReferenceDto[] }).data).toEqual([]);
  });

  it('answers 401 without a session and 404 to a stranger', async () => {
    const { report } = await owned();
    expect((await call(`/api/reports/${report.id}/references`)).status).toBe(401);
    const stranger = await buildUser();
    expect((await call(`/api/reports/${report.id}/references`, { cookie: stranger.session })).status).toBe(404);
    expect((await call('/api/reports/not-a-uuid/references', { cookie: stranger.session })).status).toBe(400);
  });
});
