// The internal HTTP contract between worker and rooms, both sides: the room's endpoints (kick,
// presence, state, replace, ops) and the worker's (document, snapshot), each behind the shared secret.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, inject, it } from 'vitest';
import * as Y from 'yjs';
import {
  appendToSection,
  buildReportDoc,
  getSectionState,
  readMeta,
  readReportJson,
  sectionPlainText,
  type ReportJson,
} from '../../core/doc';
import { reportDocuments, reportOutlines, reportReferences, reports } from '../../db/schema';
import { buildReport, buildUser } from '../factories';
import { api } from '../helpers/api';
import { testDb } from '../helpers/db';
import { addMember } from '../helpers/members';
import { connect, join, roomCall, roomToken, sampleReport, seedDocument, serverDoc, waitFor, type Client } from '../helpers/yclient';

const open: Client[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

async function joined(reportId: string, session: string) {
  const client = await join(reportId, session);
  open.push(client);
  return client;
}

async function seeded() {
  const owner = await buildUser({ fullName: 'Olga Owner' });
  const report = await buildReport(owner.id);
  await seedDocument(report.id, sampleReport());
  return { owner, report };
}

function post(reportId: string, path: string, body: unknown) {
  return roomCall(reportId, path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
}

describe('room internal endpoints', () => {
  it('answer 401 without the shared secret, whatever the path', async () => {
    const { report } = await seeded();
    for (const [path, method] of [['/internal/state', 'GET'], ['/internal/kick', 'POST'], ['/internal/nothing', 'GET'], ['', 'GET']] as const) {
      for (const authorization of [undefined, 'Bearer wrong', `Bearer ${inject('internalSecret')}x`, inject('internalSecret')]) {
        const headers: Record<string, string> = authorization ? { authorization } : { authorization: '' };
        const res = await roomCall(report.id, path, { method, headers });
        expect(res.status, `${method} ${path} with ${authorization}`).toBe(401);
      }
    }
  });

  it('answer 404 for anything that is not an endpoint', async () => {
    const { report } = await seeded();
    for (const [path, method] of [['/internal/nothing', 'GET'], ['/internal/state', 'POST'], ['/internal/kick', 'GET'], ['', 'GET'], ['/internal/state/x', 'GET']] as const) {
      const res = await roomCall(report.id, path, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });

  it('GET /internal/state loads a room nobody opened yet from Postgres', async () => {
    const { report } = await seeded();
    const res = await roomCall(report.id, '/internal/state');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(await res.arrayBuffer()));
    expect(readReportJson(doc)).toEqual(readReportJson(buildReportDoc(sampleReport())));
  });

  it('GET /internal/presence lists who is connected, once per person', async () => {
    const { report, owner } = await seeded();
    const viewer = await buildUser({ fullName: 'Vera Viewer' });
    await addMember(report.id, viewer, 'viewer');
    await joined(report.id, owner.session);
    await joined(report.id, owner.session);
    await joined(report.id, viewer.session);
    const res = await roomCall(report.id, '/internal/presence');
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: Array<Record<string, unknown>> };
    expect(data.sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual([
      { userId: owner.id, name: 'Olga Owner', color: expect.stringMatching(/^#[0-9a-f]{6}$/), role: 'owner', connections: 2 },
      { userId: viewer.id, name: 'Vera Viewer', color: expect.stringMatching(/^#[0-9a-f]{6}$/), role: 'viewer', connections: 1 },
    ]);
    for (const c of open.splice(0)) c.close();
    await waitFor(async () => ((await (await roomCall(report.id, '/internal/presence')).json()) as { data: unknown[] }).data.length === 0, {
      message: 'presence still lists people who left',
    });
  });

  it("POST /internal/kick closes the user's connections with 4403 revoked and refuses their old token", async () => {
    const { report, owner } = await seeded();
    const editor = await buildUser();
    await addMember(report.id, editor, 'editor');
    const { token } = await roomToken(report.id, editor.session);
    const tabs = [connect(report.id, token), connect(report.id, token)];
    open.push(...tabs);
    await Promise.all(tabs.map((t) => t.synced()));
    const ownerClient = await joined(report.id, owner.session);
    const closes: Array<{ code: number; reason: string }> = [];
    for (const t of tabs) t.provider.on('connection-close', (e: { code: number; reason: string }) => closes.push({ code: e.code, reason: e.reason }));

    const res = await post(report.id, '/internal/kick', { userId: editor.id });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ closed: 2 });
    await waitFor(() => closes.length >= 2, { message: 'the kicked connections were not closed' });
    expect(closes.slice(0, 2)).toEqual([
      { code: 4403, reason: 'revoked' },
      { code: 4403, reason: 'revoked' },
    ]);
    // The providers reconnect with the same token: refused, and they never get back in.
    await waitFor(() => closes.some((c) => c.reason === 'forbidden: revoked'), { message: 'the old token was let back in' });
    expect(closes.slice(2).every((c) => c.code === 4403 && c.reason === 'forbidden: revoked')).toBe(true);
    // Others stay, and an untouched user is not affected by a kick of nobody.
    expect(ownerClient.provider.wsconnected).toBe(true);
    expect(await (await post(report.id, '/internal/kick', { userId: crypto.randomUUID() })).json()).toEqual({ closed: 0 });
    const presence = ((await (await roomCall(report.id, '/internal/presence')).json()) as { data: Array<{ userId: string }> }).data;
    expect(presence.map((p) => p.userId)).toEqual([owner.id]);
    for (const t of tabs) t.close();
    // A token issued after the kick (the user was invited again) is accepted.
    await new Promise((r) => setTimeout(r, 3_100));
    const again = await joined(report.id, editor.session);
    expect(again.provider.wsconnected).toBe(true);
  });

  it('POST /internal/kick needs a userId', async () => {
    const { report } = await seeded();
    const res = await post(report.id, '/internal/kick', {});
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'validation_error', message: 'userId: Required', field: 'userId' } });
    expect((await post(report.id, '/internal/kick', '{nope')).status).toBe(400);
  });

  it('POST /internal/ops applies the ops in one transaction that every client sees', async () => {
    const { report, owner } = await seeded();
    const client = await joined(report.id, owner.session);
    let transactions = 0;
    client.doc.on('update', (_u: Uint8Array, origin: unknown) => {
      if (origin !== null) transactions += 1;
    });
    const res = await post(report.id, '/internal/ops', {
      ops: [
        { type: 'setSectionState', sectionId: 's21', state: { status: 'writing', writer: 'job-1' } },
        { type: 'appendText', sectionId: 's21', text: ' Streamed' },
        { type: 'appendText', sectionId: 's21', text: ' text.\n\nNew paragraph.' },
        { type: 'setSectionParagraphs', sectionId: 's12', paragraphs: ['First.', 'Second.'] },
        { type: 'setMeta', title: 'Generated title', status: 'generating', progress: 40 },
        { type: 'appendText', sectionId: 'gone', text: 'x' },
      ],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { applied: [true, true, true, true, true, false] } });
    await waitFor(() => readMeta(client.doc).title === 'Generated title');
    expect(transactions).toBe(1);
    expect(sectionPlainText(client.doc, 's21')).toBe('Costs fall. Streamed text.\n\nNew paragraph.');
    expect(sectionPlainText(client.doc, 's12')).toBe('First.\n\nSecond.');
    expect(getSectionState(client.doc, 's21')).toEqual({ status: 'writing', writer: 'job-1' });
    expect(readMeta(client.doc)).toMatchObject({ status: 'generating', progress: 40 });
  });

  it('POST /internal/ops with save answers once Postgres holds the result, after any save already on its way', async () => {
    const { report } = await seeded();
    // A first change starts the room's own save schedule (300 ms debounce in tests)...
    expect((await post(report.id, '/internal/ops', { ops: [{ type: 'setMeta', title: 'First title' }] })).status).toBe(200);
    // ...and the next one asks for the save: when the answer comes, Postgres already has it.
    const res = await post(report.id, '/internal/ops', { ops: [{ type: 'setMeta', title: 'Saved title' }], save: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { applied: [true], saved: true } });
    const [stored] = await testDb().select({ json: reportDocuments.json }).from(reportDocuments).where(eq(reportDocuments.reportId, report.id));
    expect((stored!.json as ReportJson).title).toBe('Saved title');
  });

  it('POST /internal/ops answers 400 naming the bad op and changes nothing', async () => {
    const { report } = await seeded();
    const before = JSON.stringify(readReportJson(await serverDoc(report.id)));
    const res = await post(report.id, '/internal/ops', { ops: [{ type: 'setMeta', title: 'ok' }, { type: 'appendText', sectionId: 's11' }] });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; field: string } };
    expect(body.error).toMatchObject({ code: 'validation_error', field: 'ops.1.text' });
    expect((await post(report.id, '/internal/ops', { ops: [{ type: 'deleteEverything' }] })).status).toBe(400);
    expect(JSON.stringify(readReportJson(await serverDoc(report.id)))).toBe(before);
  });

  it('POST /internal/replace restores a version as new edits, keeping ids, while clients stay connected', async () => {
    const { report, owner } = await seeded();
    const client = await joined(report.id, owner.session);
    const restored: ReportJson = readReportJson(
      buildReportDoc({
        title: 'Restored',
        outline: { chapters: [{ id: 'ch2', title: 'Outlook', sections: [{ id: 's21', title: 'Costs (old)' }, { id: 'old1', title: 'Removed later' }] }] },
        sections: { s21: ['Old costs text.'], old1: ['Old text.'] },
        references: [{ id: 'refA', title: 'Old ref', source: 'manual' }],
      }),
    );
    const res = await post(report.id, '/internal/replace', restored);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { replaced: true } });
    await waitFor(() => readMeta(client.doc).title === 'Restored');
    expect(readReportJson(client.doc)).toEqual({ ...restored, generatedOutline: restored.generatedOutline });
    expect(readReportJson(await serverDoc(report.id))).toEqual(readReportJson(client.doc));
    // The client keeps editing the restored document.
    appendToSection(client.doc, 's21', ' Edited after restore.');
    await waitFor(async () => sectionPlainText(await serverDoc(report.id), 's21') === 'Old costs text. Edited after restore.');
  });

  it('POST /internal/replace refuses JSON it cannot read', async () => {
    const { report } = await seeded();
    const v = await post(report.id, '/internal/replace', { version: 2, outline: { chapters: [] } });
    expect(v.status).toBe(400);
    expect(((await v.json()) as { error: { code: string } }).error.code).toBe('unsupported_version');
    expect((await post(report.id, '/internal/replace', { version: 1 })).status).toBe(400);
    expect(readMeta(await serverDoc(report.id)).title).toBe('Tidal energy');
  });

  it('answers 404 report_not_found for a deleted report with an empty room', async () => {
    const owner = await buildUser();
    const report = await buildReport(owner.id);
    await testDb().delete(reports).where(eq(reports.id, report.id));
    const res = await roomCall(report.id, '/internal/state');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('report_not_found');
  });
});

function internal(path: string, init: { method?: string; body?: Uint8Array | string; secret?: string | null } = {}) {
  const headers: Record<string, string> = {};
  const secret = init.secret === undefined ? inject('internalSecret') : init.secret;
  if (secret !== null) headers.authorization = `Bearer ${secret}`;
  if (init.body !== undefined) headers['content-type'] = 'application/octet-stream';
  return api(path, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: init.body as string } : {}) });
}

describe('worker internal endpoints', () => {
  it('answer 401 without the shared secret', async () => {
    const { report } = await seeded();
    for (const secret of [null, 'wrong', '']) {
      expect((await internal(`/internal/rooms/${report.id}/document`, { secret })).status).toBe(401);
      expect((await internal(`/internal/rooms/${report.id}/snapshot`, { method: 'POST', body: new Uint8Array([0, 0]), secret })).status).toBe(401);
    }
    // A session is not a secret.
    const owner = await buildUser();
    expect((await api(`/internal/rooms/${report.id}/document`, { cookie: owner.session })).status).toBe(401);
  });

  it('GET /internal/rooms/:id/document: 404 report_not_found, 400 for a bad id', async () => {
    const res = await internal(`/internal/rooms/${crypto.randomUUID()}/document`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('report_not_found');
    const bad = await internal('/internal/rooms/nope/document');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('id');
  });

  it('GET /internal/rooms/:id/document: 422 for stored outline JSON of another version', async () => {
    const owner = await buildUser();
    const report = await buildReport(owner.id);
    await testDb().insert(reportOutlines).values({ reportId: report.id, content: { version: 7, chapters: [] } });
    const res = await internal(`/internal/rooms/${report.id}/document`);
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unreadable_document');
  });

  it('POST /internal/rooms/:id/snapshot saves once, then reports the same snapshot as unchanged', async () => {
    const owner = await buildUser();
    const report = await buildReport(owner.id);
    const doc = buildReportDoc(sampleReport('Snapshot'));
    const state = Y.encodeStateAsUpdate(doc);
    const first = await internal(`/internal/rooms/${report.id}/snapshot`, { method: 'POST', body: state });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ data: { saved: true } });
    const [row] = await testDb().select().from(reportDocuments).where(eq(reportDocuments.reportId, report.id));
    expect(row!.json).toEqual(readReportJson(doc));
    const refs = await testDb().select().from(reportReferences).where(eq(reportReferences.reportId, report.id));
    expect(refs.map((r) => r.title)).toEqual(['Tidal power']);

    const again = await internal(`/internal/rooms/${report.id}/snapshot`, { method: 'POST', body: state });
    expect(await again.json()).toEqual({ data: { saved: false } });
    const [same] = await testDb().select().from(reportDocuments).where(eq(reportDocuments.reportId, report.id));
    expect(same!.updatedAt).toEqual(row!.updatedAt);
    const refsAgain = await testDb().select().from(reportReferences).where(eq(reportReferences.reportId, report.id));
    expect(refsAgain).toEqual(refs);
  });

  it('POST /internal/rooms/:id/snapshot refuses what is not a whole report document, writing nothing', async () => {
    const owner = await buildUser();
    const report = await buildReport(owner.id);
    const empty = Y.encodeStateAsUpdate(new Y.Doc());
    const full = buildReportDoc(sampleReport());
    const partial = new Y.Doc();
    Y.applyUpdate(partial, Y.encodeStateAsUpdate(full));
    const before = Y.encodeStateVector(partial);
    partial.getMap('meta').set('title', 'later');
    const onlyTheEdit = Y.encodeStateAsUpdate(partial, before);
    for (const body of [new Uint8Array([1, 2, 3, 250, 251]), empty, onlyTheEdit]) {
      const res = await internal(`/internal/rooms/${report.id}/snapshot`, { method: 'POST', body });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_document');
    }
    expect(await testDb().select().from(reportDocuments).where(eq(reportDocuments.reportId, report.id))).toEqual([]);
    const missing = await internal(`/internal/rooms/${crypto.randomUUID()}/snapshot`, { method: 'POST', body: Y.encodeStateAsUpdate(full) });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('report_not_found');
  });
});
