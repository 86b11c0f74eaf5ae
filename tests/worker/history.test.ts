import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildReportDoc, readMeta, readReportJson, sectionPlainText, setSectionParagraphs, setTitle, type ReportInput, type ReportJson } from '../../core/doc';
import { sampleInput } from '../../core/doc/test-helpers';
import { reportSnapshots } from '../../db/schema';
import { AUTO_SNAPSHOT_MINUTES, autoSnapshotMinutes, recordAutoSnapshot } from '../../worker/commands/autoSnapshotter';
import { buildReport, buildUser, type BuiltUser } from '../factories';
import { expectNoSecrets } from '../helpers/accounts';
import { api } from '../helpers/api';
import { testDb } from '../helpers/db';
import { addMember, errorOf } from '../helpers/members';
import { join, sampleReport, seedDocument, serverDoc, waitFor } from '../helpers/yclient';

type Snapshot = { id: string; kind: 'manual' | 'auto'; name: string | null; createdAt: string; createdBy: { id: string; fullName: string } | null };

/** A document's state and JSON, as the room would hand them over. */
function content(input: ReportInput = sampleInput()): { state: Uint8Array; json: ReportJson } {
  const doc = buildReportDoc(input);
  return { state: Y.encodeStateAsUpdate(doc), json: readReportJson(doc) };
}

/** Inserts a snapshot straight in the database. */
async function insertSnapshot(reportId: string, values: Partial<typeof reportSnapshots.$inferInsert> = {}) {
  const { state, json } = content();
  const [row] = await testDb()
    .insert(reportSnapshots)
    .values({ reportId, kind: 'manual', name: 'A snapshot', state, json, ...values })
    .returning();
  return row!;
}

async function snapshotsOf(reportId: string) {
  return testDb().select().from(reportSnapshots).where(eq(reportSnapshots.reportId, reportId)).orderBy(asc(reportSnapshots.createdAt), asc(reportSnapshots.id));
}

/** A report with an owner, an editor, a viewer and a stranger. */
async function sharedReport() {
  const owner = await buildUser({ fullName: 'Hana History' });
  const editor = await buildUser({ fullName: 'Eli Editor' });
  const viewer = await buildUser({ fullName: 'Vic Viewer' });
  const stranger = await buildUser();
  const report = await buildReport(owner.id, { topic: 'Glaciers' });
  await addMember(report.id, editor, 'editor');
  await addMember(report.id, viewer, 'viewer');
  return { owner, editor, viewer, stranger, report };
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe('GET /api/reports/:id/history', () => {
  let s: Awaited<ReturnType<typeof sharedReport>>;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    s = await sharedReport();
    ids.old = (await insertSnapshot(s.report.id, { name: 'First draft', createdBy: s.editor.id, createdAt: minutesAgo(30) })).id;
    ids.auto = (await insertSnapshot(s.report.id, { kind: 'auto', name: null, createdAt: minutesAgo(20) })).id;
    ids.recent = (await insertSnapshot(s.report.id, { name: 'Before review', createdBy: s.owner.id, createdAt: minutesAgo(10) })).id;
    const other = await buildReport(s.stranger.id);
    await insertSnapshot(other.id, { name: 'Not yours' });
  });

  it('lists the report’s snapshots newest first, to anyone on the report', async () => {
    for (const who of [s.owner, s.editor, s.viewer]) {
      const res = await api(`/api/reports/${s.report.id}/history`, { cookie: who.session });
      expect(res.status).toBe(200);
      const { data } = (await res.json()) as { data: Snapshot[] };
      expect(data).toEqual([
        { id: ids.recent, kind: 'manual', name: 'Before review', createdAt: expect.any(String), createdBy: { id: s.owner.id, fullName: 'Hana History' } },
        { id: ids.auto, kind: 'auto', name: null, createdAt: expect.any(String), createdBy: null },
        { id: ids.old, kind: 'manual', name: 'First draft', createdAt: expect.any(String), createdBy: { id: s.editor.id, fullName: 'Eli Editor' } },
      ]);
      expect(JSON.stringify(data)).not.toContain('Not yours');
      expectNoSecrets(data);
    }
  });

  it('answers 401 without a session, 404 to a stranger, 400 for a bad id', async () => {
    expect((await api(`/api/reports/${s.report.id}/history`)).status).toBe(401);
    const res = await api(`/api/reports/${s.report.id}/history`, { cookie: s.stranger.session });
    expect(res.status).toBe(404);
    expect(JSON.stringify(await res.json())).not.toContain('Before review');
    const bad = await api('/api/reports/x/history', { cookie: s.owner.session });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe('id');
  });
});

describe('GET /api/reports/:id/history/:snapshotId', () => {
  let s: Awaited<ReturnType<typeof sharedReport>>;
  let snapshotId: string;
  beforeAll(async () => {
    s = await sharedReport();
    const input = sampleInput();
    input.sections!.s11 = ['<script>alert(1)</script> Cats were counted in 1843.'];
    const { state, json } = content(input);
    snapshotId = (await insertSnapshot(s.report.id, { name: 'Counted', state, json, createdBy: s.viewer.id })).id;
  });

  it('previews the snapshot as sanitized HTML, to anyone on the report', async () => {
    for (const who of [s.owner, s.viewer]) {
      const res = await api(`/api/reports/${s.report.id}/history/${snapshotId}`, { cookie: who.session });
      expect(res.status).toBe(200);
      const { data } = (await res.json()) as { data: Snapshot & { html: string } };
      expect(data).toMatchObject({ id: snapshotId, kind: 'manual', name: 'Counted', createdBy: { id: s.viewer.id, fullName: 'Vic Viewer' } });
      expect(data.html).toContain('Cats were counted in 1843.');
      expect(data.html).toContain('Introduction');
      expect(data.html).toContain('Counting cats');
      expect(data.html).not.toContain('<script>');
    }
  });

  it('answers 404 for a snapshot of another report, 401, 404 to a stranger, 400 naming snapshotId', async () => {
    const mine = await buildReport(s.owner.id);
    const cross = await api(`/api/reports/${mine.id}/history/${snapshotId}`, { cookie: s.owner.session });
    expect(cross.status).toBe(404);
    expect((await api(`/api/reports/${s.report.id}/history/${randomUUID()}`, { cookie: s.owner.session })).status).toBe(404);
    expect((await api(`/api/reports/${s.report.id}/history/${snapshotId}`)).status).toBe(401);
    const stranger = await api(`/api/reports/${s.report.id}/history/${snapshotId}`, { cookie: s.stranger.session });
    expect(stranger.status).toBe(404);
    expect(JSON.stringify(await stranger.json())).not.toContain('Cats');
    const bad = await api(`/api/reports/${s.report.id}/history/nope`, { cookie: s.owner.session });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe('snapshotId');
  });
});

describe('POST /api/reports/:id/history', () => {
  let s: Awaited<ReturnType<typeof sharedReport>>;
  beforeAll(async () => {
    s = await sharedReport();
  });

  it('answers 400 naming name for a missing, blank, too long or non-string name, writing nothing', async () => {
    for (const json of [{}, { name: '   ' }, { name: 'x'.repeat(101) }, { name: 3 }]) {
      const res = await api(`/api/reports/${s.report.id}/history`, { cookie: s.editor.session, json });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field: 'name' });
    }
    expect(await snapshotsOf(s.report.id)).toEqual([]);
  });

  it('answers 401, 404 to a stranger and 403 to a viewer, writing nothing', async () => {
    const url = `/api/reports/${s.report.id}/history`;
    expect((await api(url, { json: { name: 'x' } })).status).toBe(401);
    expect((await api(url, { cookie: s.stranger.session, json: { name: 'x' } })).status).toBe(404);
    const viewer = await api(url, { cookie: s.viewer.session, json: { name: 'x' } });
    expect(viewer.status).toBe(403);
    expect((await errorOf(viewer)).code).toBe('forbidden');
    expect(await snapshotsOf(s.report.id)).toEqual([]);
  });
});

describe('POST /api/reports/:id/history/:snapshotId/restore', () => {
  it('answers 401, 404 to a stranger, 403 to a viewer, 404 for another report’s snapshot, writing nothing', async () => {
    const s = await sharedReport();
    const snapshot = await insertSnapshot(s.report.id);
    const other = await buildReport(s.owner.id);
    const otherSnapshot = await insertSnapshot(other.id);
    const url = `/api/reports/${s.report.id}/history/${snapshot.id}/restore`;
    expect((await api(url, { method: 'POST' })).status).toBe(401);
    expect((await api(url, { method: 'POST', cookie: s.stranger.session })).status).toBe(404);
    expect((await api(url, { method: 'POST', cookie: s.viewer.session })).status).toBe(403);
    expect((await api(`/api/reports/${s.report.id}/history/${otherSnapshot.id}/restore`, { method: 'POST', cookie: s.editor.session })).status).toBe(404);
    const bad = await api(`/api/reports/${s.report.id}/history/1/restore`, { method: 'POST', cookie: s.editor.session });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe('snapshotId');
    expect((await snapshotsOf(s.report.id)).map((r) => r.id)).toEqual([snapshot.id]);
  });
});

describe('recordAutoSnapshot', () => {
  let owner: BuiltUser;
  beforeAll(async () => {
    owner = await buildUser();
  });

  it('records the state byte for byte, then nothing more until the interval has passed', async () => {
    const report = await buildReport(owner.id);
    const { state, json } = content();
    const first = await recordAutoSnapshot(testDb(), report.id, state, json);
    expect(first.kind).toBe('recorded');
    const [row] = await snapshotsOf(report.id);
    expect(row).toMatchObject({ kind: 'auto', name: null, createdBy: null, json });
    expect(row!.state).toEqual(state);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, row!.state);
    expect(readReportJson(doc)).toEqual(json);

    expect(await recordAutoSnapshot(testDb(), report.id, state, json)).toEqual({ kind: 'too_soon' });
    // A manual snapshot does not count towards the interval.
    await testDb()
      .update(reportSnapshots)
      .set({ createdAt: minutesAgo(AUTO_SNAPSHOT_MINUTES - 1) })
      .where(eq(reportSnapshots.id, row!.id));
    await insertSnapshot(report.id, { kind: 'manual', name: 'Mine', createdAt: minutesAgo(30) });
    expect(await recordAutoSnapshot(testDb(), report.id, state, json)).toEqual({ kind: 'too_soon' });

    await testDb()
      .update(reportSnapshots)
      .set({ createdAt: minutesAgo(AUTO_SNAPSHOT_MINUTES + 0.1) })
      .where(eq(reportSnapshots.id, row!.id));
    const later = await recordAutoSnapshot(testDb(), report.id, state, json);
    expect(later.kind).toBe('recorded');
    expect((await snapshotsOf(report.id)).map((r) => r.kind)).toEqual(['manual', 'auto', 'auto']);
  });

  it('honours a configured interval', async () => {
    const report = await buildReport(owner.id);
    const { state, json } = content();
    await insertSnapshot(report.id, { kind: 'auto', name: null, createdAt: minutesAgo(2) });
    expect(await recordAutoSnapshot(testDb(), report.id, state, json, { intervalMinutes: 3 })).toEqual({ kind: 'too_soon' });
    expect((await recordAutoSnapshot(testDb(), report.id, state, json, { intervalMinutes: 1 })).kind).toBe('recorded');
    expect(autoSnapshotMinutes(undefined)).toBe(5);
    expect(autoSnapshotMinutes('')).toBe(5);
    expect(autoSnapshotMinutes('0')).toBe(5);
    expect(autoSnapshotMinutes('ten')).toBe(5);
    expect(autoSnapshotMinutes('2')).toBe(2);
    expect(autoSnapshotMinutes('0.5')).toBe(0.5);
  });

  it('keeps the newest 50 automatic snapshots and every manual one', async () => {
    const report = await buildReport(owner.id);
    const { state, json } = content();
    const values = Array.from({ length: 52 }, (_, i) => ({
      reportId: report.id,
      kind: 'auto' as const,
      name: null,
      state,
      json,
      createdAt: minutesAgo(1000 - i * 10),
    }));
    await testDb().insert(reportSnapshots).values(values);
    const manual = await insertSnapshot(report.id, { name: 'Oldest of all', createdAt: minutesAgo(5000) });
    const before = await snapshotsOf(report.id);

    const result = await recordAutoSnapshot(testDb(), report.id, state, json);
    expect(result.kind).toBe('recorded');
    const after = await snapshotsOf(report.id);
    const autos = after.filter((r) => r.kind === 'auto');
    expect(autos).toHaveLength(50);
    expect(after.filter((r) => r.kind === 'manual').map((r) => r.id)).toEqual([manual.id]);
    // The three oldest automatic ones went; the new one is the newest.
    const beforeAutos = before.filter((r) => r.kind === 'auto').map((r) => r.id);
    expect(autos.map((r) => r.id)).toEqual([...beforeAutos.slice(3), (result as { snapshotId: string }).snapshotId]);
  });

  it('leaves other reports alone and answers report_not_found for a deleted report', async () => {
    const report = await buildReport(owner.id);
    const other = await buildReport(owner.id);
    const { state, json } = content();
    await insertSnapshot(other.id, { kind: 'auto', name: null });
    expect((await recordAutoSnapshot(testDb(), report.id, state, json)).kind).toBe('recorded');
    expect(await recordAutoSnapshot(testDb(), randomUUID(), state, json)).toEqual({ kind: 'report_not_found' });
    expect(await testDb().select().from(reportSnapshots).where(and(eq(reportSnapshots.reportId, other.id)))).toHaveLength(1);
  });

  it('records once when two saves of one room arrive together', async () => {
    const report = await buildReport(owner.id);
    const { state, json } = content();
    const results = await Promise.all(Array.from({ length: 4 }, () => recordAutoSnapshot(testDb(), report.id, state, json)));
    expect(results.filter((r) => r.kind === 'recorded')).toHaveLength(1);
    expect(await snapshotsOf(report.id)).toHaveLength(1);
  });
});

describe('history with the live room', () => {
  it('takes a named snapshot of the live document as it is now', async () => {
    const s = await sharedReport();
    await seedDocument(s.report.id, sampleReport('Tidal energy'));
    const editor = await join(s.report.id, s.editor.session);
    try {
      setTitle(editor.doc, 'Tidal energy, revised');
      setSectionParagraphs(editor.doc, 's12', ['The moon pulls, and the sun too.']);
      await waitFor(async () => readMeta(await serverDoc(s.report.id)).title === 'Tidal energy, revised', { message: 'the edit never reached the room' });

      const res = await api(`/api/reports/${s.report.id}/history`, { cookie: s.editor.session, json: { name: '  Revised  ' } });
      expect(res.status).toBe(201);
      const { data } = (await res.json()) as { data: Snapshot };
      expect(data).toEqual({ id: expect.any(String), kind: 'manual', name: 'Revised', createdAt: expect.any(String), createdBy: { id: s.editor.id, fullName: 'Eli Editor' } });

      const [row] = (await snapshotsOf(s.report.id)).filter((r) => r.id === data.id);
      expect(row).toMatchObject({ kind: 'manual', name: 'Revised', createdBy: s.editor.id });
      expect(row!.json.title).toBe('Tidal energy, revised');
      const doc = new Y.Doc();
      Y.applyUpdate(doc, row!.state);
      expect(sectionPlainText(doc, 's12')).toBe('The moon pulls, and the sun too.');
      expect(readReportJson(doc)).toEqual(row!.json);

      const preview = await api(`/api/reports/${s.report.id}/history/${data.id}`, { cookie: s.viewer.session });
      const { data: shown } = (await preview.json()) as { data: { html: string } };
      expect(shown.html).toContain('Tidal energy, revised');
      expect(shown.html).toContain('The moon pulls, and the sun too.');
    } finally {
      editor.close();
    }
  });

  it('limits manual snapshots per person: the 61st within the hour is 429', async () => {
    const s = await sharedReport();
    await seedDocument(s.report.id, sampleReport('Tidal energy'));
    for (let batch = 0; batch < 6; batch++) {
      const statuses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => api(`/api/reports/${s.report.id}/history`, { cookie: s.owner.session, json: { name: `v${batch}.${i}` } }).then((r) => r.status)),
      );
      expect(statuses).toEqual(Array(10).fill(201));
    }
    const res = await api(`/api/reports/${s.report.id}/history`, { cookie: s.owner.session, json: { name: 'one too many' } });
    expect(res.status).toBe(429);
    expect((await snapshotsOf(s.report.id)).filter((r) => r.kind === 'manual')).toHaveLength(60);
    expect((await api(`/api/reports/${s.report.id}/history`, { cookie: s.editor.session, json: { name: 'by someone else' } })).status).toBe(201);
  });

  it('restores a snapshot into the live document for connected clients, keeping what it replaced', async () => {
    const s = await sharedReport();
    await seedDocument(s.report.id, sampleReport('Tidal energy'));
    const owner = await join(s.report.id, s.owner.session);
    const viewer = await join(s.report.id, s.viewer.session);
    try {
      const taken = await api(`/api/reports/${s.report.id}/history`, { cookie: s.owner.session, json: { name: 'Original' } });
      expect(taken.status).toBe(201);
      const { data: original } = (await taken.json()) as { data: Snapshot };

      setTitle(owner.doc, 'Changed title');
      setSectionParagraphs(owner.doc, 's11', ['Rewritten entirely.']);
      await waitFor(() => sectionPlainText(viewer.doc, 's11') === 'Rewritten entirely.', { message: 'the viewer never saw the edit' });

      const res = await api(`/api/reports/${s.report.id}/history/${original.id}/restore`, { method: 'POST', cookie: s.editor.session });
      expect(res.status).toBe(200);
      const { data } = (await res.json()) as { data: { restored: Snapshot; backup: Snapshot } };
      expect(data.restored).toMatchObject({ id: original.id, kind: 'manual', name: 'Original' });
      expect(data.backup).toMatchObject({ kind: 'auto', name: 'Before restore of Original', createdBy: { id: s.editor.id, fullName: 'Eli Editor' } });

      // Every connected client gets the old content back as new changes.
      for (const client of [viewer, owner]) {
        await waitFor(() => sectionPlainText(client.doc, 's11') === 'Tide mills are old.' && readMeta(client.doc).title === 'Tidal energy', {
          message: 'a connected client never got the restored content',
        });
      }
      expect(readReportJson(await serverDoc(s.report.id)).sections).toEqual(readReportJson(viewer.doc).sections);

      // Nothing was destroyed: the replaced state is in the history, newest first.
      const [backup] = (await snapshotsOf(s.report.id)).filter((r) => r.id === data.backup.id);
      expect(backup!.json.title).toBe('Changed title');
      const backupDoc = new Y.Doc();
      Y.applyUpdate(backupDoc, backup!.state);
      expect(sectionPlainText(backupDoc, 's11')).toBe('Rewritten entirely.');
      const list = await api(`/api/reports/${s.report.id}/history`, { cookie: s.viewer.session });
      const { data: entries } = (await list.json()) as { data: Snapshot[] };
      expect(entries[0]!.id).toBe(data.backup.id);
      expect(entries.map((e) => e.id)).toContain(original.id);

      // And the restore can itself be undone from its backup.
      const undo = await api(`/api/reports/${s.report.id}/history/${data.backup.id}/restore`, { method: 'POST', cookie: s.owner.session });
      expect(undo.status).toBe(200);
      await waitFor(() => sectionPlainText(viewer.doc, 's11') === 'Rewritten entirely.' && readMeta(viewer.doc).title === 'Changed title', {
        message: 'undoing the restore did not reach the viewer',
      });
    } finally {
      owner.close();
      viewer.close();
    }
  });
});
