// Who gets into a room and what they may do there: token refusals with readable close codes,
// viewers that cannot change the document whatever they send, awareness nobody can forge.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { appendToSection, readMeta, readReportJson, sectionPlainText, setTitle } from '../../core/doc';
import { roomName, signRoomToken } from '../../core/room/token';
import { reports } from '../../db/schema';
import { buildReport, buildUser } from '../factories';
import { testDb } from '../helpers/db';
import { addMember } from '../helpers/members';
import { RawClient, closeOf, connect, join, roomToken, roomUrl, sampleReport, seedDocument, serverDoc, waitFor, type Client } from '../helpers/yclient';

const open: Array<{ close(): void }> = [];
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});

function track<T extends { close(): void }>(client: T): T {
  open.push(client);
  return client;
}

async function sharedReport() {
  const owner = await buildUser({ fullName: 'Olga Owner' });
  const editor = await buildUser({ fullName: 'Eddie Editor' });
  const viewer = await buildUser({ fullName: 'Vera Viewer' });
  const report = await buildReport(owner.id);
  await seedDocument(report.id, sampleReport());
  await addMember(report.id, editor, 'editor');
  await addMember(report.id, viewer, 'viewer');
  return { owner, editor, viewer, report };
}

function claims(reportId: string, overrides: Partial<{ sub: string; exp: number; role: 'owner' | 'editor' | 'viewer' }> = {}) {
  return { sub: crypto.randomUUID(), rid: reportId, role: 'editor' as const, name: 'Mallory', color: '#000000', exp: Math.floor(Date.now() / 1000) + 60, ...overrides };
}

describe('connecting to a room', () => {
  it('refuses a connection without a token: 4401 unauthorized: missing', async () => {
    const { report } = await sharedReport();
    expect(await closeOf(roomUrl(report.id))).toEqual({ code: 4401, reason: 'unauthorized: missing' });
  });

  it('refuses a token that is not a token: 4401 unauthorized: malformed', async () => {
    const { report } = await sharedReport();
    expect(await closeOf(roomUrl(report.id, 'not-a-token'))).toEqual({ code: 4401, reason: 'unauthorized: malformed' });
  });

  it('refuses a token signed with another secret: 4401 unauthorized: bad_signature', async () => {
    const { report } = await sharedReport();
    const forged = await signRoomToken(claims(report.id, { role: 'owner' }), 'guessed secret');
    expect(await closeOf(roomUrl(report.id, forged))).toEqual({ code: 4401, reason: 'unauthorized: bad_signature' });
  });

  it('refuses an expired token: 4401 unauthorized: expired', async () => {
    const { report, owner } = await sharedReport();
    const expired = await signRoomToken(claims(report.id, { sub: owner.id, role: 'owner', exp: Math.floor(Date.now() / 1000) - 1 }), inject('roomTokenSecret'));
    expect(await closeOf(roomUrl(report.id, expired))).toEqual({ code: 4401, reason: 'unauthorized: expired' });
  });

  it("refuses another report's token: 4403 forbidden: wrong_report", async () => {
    const { report, owner } = await sharedReport();
    const other = await buildReport(owner.id);
    const { token } = await roomToken(other.id, owner.session);
    expect(await closeOf(roomUrl(report.id, token))).toEqual({ code: 4403, reason: 'forbidden: wrong_report' });
  });

  it('refuses a room that is not a report room: 4404 not_found: room', async () => {
    const { report, owner } = await sharedReport();
    const { token } = await roomToken(report.id, owner.session);
    const url = new URL(roomUrl(report.id, token));
    url.pathname = url.pathname.replace(roomName(report.id), 'lobby');
    expect(await closeOf(url.toString())).toEqual({ code: 4404, reason: 'not_found: room' });
  });

  it('refuses a deleted report whose room is empty: 4404 not_found: report', async () => {
    const owner = await buildUser();
    const report = await buildReport(owner.id);
    const { token } = await roomToken(report.id, owner.session);
    await testDb().delete(reports).where(eq(reports.id, report.id));
    expect(await closeOf(roomUrl(report.id, token))).toEqual({ code: 4404, reason: 'not_found: report' });
  });

  it('ignores member headers a client sends itself', async () => {
    const { report } = await sharedReport();
    const header = encodeURIComponent(JSON.stringify({ userId: 'x', name: 'Mallory', color: '#000000', role: 'owner', exp: 9e9 }));
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => {
      const ws = new WebSocket(roomUrl(report.id), { headers: { 'x-seydam-member': header } });
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
      ws.on('error', () => undefined);
    });
    expect(closed).toEqual({ code: 4401, reason: 'unauthorized: missing' });
  });

  it('admits the owner with a token from the API and hands over the document', async () => {
    const { report, owner } = await sharedReport();
    const client = track(await join(report.id, owner.session));
    expect(readMeta(client.doc).title).toBe('Tidal energy');
    expect(sectionPlainText(client.doc, 's11')).toBe('Tide mills are old.');
  });
});

describe('viewers', () => {
  it("a viewer's raw updates never reach the document nor anyone else", async () => {
    const { report, editor, viewer } = await sharedReport();
    const editorClient = track(await join(report.id, editor.session));
    const { token } = await roomToken(report.id, viewer.session);
    const raw = track(await RawClient.open(roomUrl(report.id, token)));
    expect(readMeta(raw.doc).title).toBe('Tidal energy');

    // An update made on the synced copy, sent as an update message and again as a sync step 2.
    const updates: Uint8Array[] = [];
    raw.doc.on('update', (u: Uint8Array) => updates.push(u));
    setTitle(raw.doc, 'Hacked by a viewer');
    raw.sendUpdate(updates[0]!);
    raw.sendStep2(raw.doc);
    // Messages of one socket are handled in order: once this marker reaches the editor, the room
    // has handled the updates before it.
    raw.sendAwareness(raw.doc.clientID, 1, { marker: 'after-updates' });
    await waitFor(() => (editorClient.awareness.getStates().get(raw.doc.clientID) as { marker?: string } | undefined)?.marker === 'after-updates', {
      message: "the viewer's awareness never reached the editor",
    });

    expect(readMeta(editorClient.doc).title).toBe('Tidal energy');
    expect(readMeta(await serverDoc(report.id)).title).toBe('Tidal energy');
    // The editor can still edit, and the viewer sees it (read-only is not disconnected). Not the
    // title: the viewer's own copy keeps its rejected title, which may win there locally.
    appendToSection(editorClient.doc, 's21', ' And keep falling.');
    await waitFor(() => sectionPlainText(raw.doc, 's21') === 'Costs fall. And keep falling.', { message: 'the viewer did not receive the edit' });
    const server = await serverDoc(report.id);
    expect(readMeta(server).title).toBe('Tidal energy');
    expect(sectionPlainText(server, 's21')).toBe('Costs fall. And keep falling.');
  });

  it('a viewer using the provider like the web client stays read-only', async () => {
    const { report, editor, viewer } = await sharedReport();
    const editorClient = track(await join(report.id, editor.session));
    const viewerClient = track(await join(report.id, viewer.session));
    appendToSection(viewerClient.doc, 's11', ' Written by a viewer.');
    // Sent after the update on the same socket: once the editor sees it, the room has handled the update.
    viewerClient.awareness.setLocalStateField('marker', 'after-edit');
    await waitFor(() => (editorClient.awareness.getStates().get(viewerClient.doc.clientID) as { marker?: string } | undefined)?.marker === 'after-edit');
    expect(sectionPlainText(editorClient.doc, 's11')).toBe('Tide mills are old.');
    expect(sectionPlainText(await serverDoc(report.id), 's11')).toBe('Tide mills are old.');
  });
});

describe('awareness', () => {
  it("carries the token's name, colour and role, whatever the client claims", async () => {
    const { report, owner, viewer } = await sharedReport();
    const ownerClient = track(await join(report.id, owner.session));
    const { token } = await roomToken(report.id, viewer.session);
    const viewerClient = track(connect(report.id, token));
    await viewerClient.synced();
    viewerClient.awareness.setLocalStateField('user', { name: 'Olga Owner', color: '#ffffff', role: 'owner' });
    viewerClient.awareness.setLocalStateField('cursor', { anchor: 3 });
    const seen = await waitFor(() => {
      const state = ownerClient.awareness.getStates().get(viewerClient.doc.clientID) as { user?: Record<string, unknown>; cursor?: unknown } | undefined;
      return state?.cursor ? state : undefined;
    });
    expect(seen.user).toEqual({ id: viewer.id, name: 'Vera Viewer', color: expect.stringMatching(/^#[0-9a-f]{6}$/), role: 'viewer' });
    expect(seen.cursor).toEqual({ anchor: 3 });
  });

  it("cannot clear or overwrite another connection's awareness", async () => {
    const { report, owner, editor, viewer } = await sharedReport();
    const ownerClient = track(await join(report.id, owner.session));
    ownerClient.awareness.setLocalStateField('cursor', { anchor: 1 });
    const watcher = track(await join(report.id, editor.session));
    await waitFor(() => watcher.awareness.getStates().get(ownerClient.doc.clientID));
    const { token } = await roomToken(report.id, viewer.session);
    const raw = track(await RawClient.open(roomUrl(report.id, token)));
    // The owner's client id: a removal, then a state with a high clock.
    raw.sendAwareness(ownerClient.doc.clientID, 1000, null);
    raw.sendAwareness(ownerClient.doc.clientID, 1001, { user: { name: 'Olga Owner' }, cursor: { anchor: 99 } });
    raw.sendAwareness(raw.doc.clientID, 1, { marker: 'done' });
    await waitFor(() => (watcher.awareness.getStates().get(raw.doc.clientID) as { marker?: string } | undefined)?.marker === 'done');
    expect(watcher.awareness.getStates().get(ownerClient.doc.clientID)).toMatchObject({ cursor: { anchor: 1 }, user: { id: owner.id, role: 'owner' } });
  });
});

describe('awareness after a reconnect', () => {
  it("lets a person take back their client id even after someone echoed their departure", async () => {
    const { report, owner, editor, viewer } = await sharedReport();
    const watcher = track(await join(report.id, viewer.session));
    const id = 424242;
    const first = track(await RawClient.open(roomUrl(report.id, (await roomToken(report.id, owner.session)).token)));
    first.sendAwareness(id, 1, { marker: 'first' });
    await waitFor(() => (watcher.awareness.getStates().get(id) as { marker?: string } | undefined)?.marker === 'first');
    first.close();
    await first.closed;
    // y-partykit's provider sends every awareness change it hears back to the room, departures
    // included: here the editor's client echoes the owner's removal.
    const echo = track(await RawClient.open(roomUrl(report.id, (await roomToken(report.id, editor.session)).token)));
    echo.sendAwareness(id, 5, null);
    echo.sendAwareness(echo.doc.clientID, 1, { marker: 'echoed' });
    await waitFor(() => (watcher.awareness.getStates().get(echo.doc.clientID) as { marker?: string } | undefined)?.marker === 'echoed');
    // The owner comes back with the same client id: their presence must get through.
    const back = track(await RawClient.open(roomUrl(report.id, (await roomToken(report.id, owner.session)).token)));
    back.sendAwareness(id, 10, { marker: 'back' });
    await waitFor(() => (watcher.awareness.getStates().get(id) as { marker?: string } | undefined)?.marker === 'back', { message: "the owner's presence was blocked by an echoed removal" });
    expect(watcher.awareness.getStates().get(id)).toMatchObject({ user: { id: owner.id } });
  });
});

describe('the document', () => {
  it('is the same for every client and the room', async () => {
    const { report, owner, editor } = await sharedReport();
    const a: Client = track(await join(report.id, owner.session));
    const b: Client = track(await join(report.id, editor.session));
    setTitle(a.doc, 'Shared');
    await waitFor(() => readMeta(b.doc).title === 'Shared');
    const server = await serverDoc(report.id);
    expect(readReportJson(server)).toEqual(readReportJson(b.doc));
    expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(b.doc));
  });
});
