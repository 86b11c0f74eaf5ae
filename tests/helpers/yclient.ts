// Real Yjs clients for the collab tests: y-partykit's provider over `ws` (what the web client runs),
// and a raw y-protocols client that sends whatever a test wants, polite or not.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { inject } from 'vitest';
import WebSocket from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import YPartyKitProvider from 'y-partykit/provider';
import * as Y from 'yjs';
import type { RoomTokenDto } from '../../core/api/room-token';
import { buildReportDoc, readReportJson, type ReportInput, type ReportJson } from '../../core/doc';
import { roomName } from '../../core/room/token';
import { reportDocuments } from '../../db/schema';
import { api } from './api';
import { testDb } from './db';

export const partyUrl = () => inject('partyUrl');

/** GET /api/reports/:id/room-token as `session`; throws unless 200. */
export async function roomToken(reportId: string, session: string): Promise<RoomTokenDto> {
  const res = await api(`/api/reports/${reportId}/room-token`, { cookie: session });
  if (res.status !== 200) throw new Error(`room-token answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { data: RoomTokenDto }).data;
}

/** The WebSocket URL of a report's room, with `token` when given. */
export function roomUrl(reportId: string, token?: string | null, base = partyUrl()): string {
  const url = new URL(`${base.replace(/^http/, 'ws')}/parties/main/${roomName(reportId)}`);
  if (token) url.searchParams.set('token', token);
  return url.toString();
}

export interface Client {
  doc: Y.Doc;
  provider: YPartyKitProvider;
  awareness: awarenessProtocol.Awareness;
  /** Resolves once the provider holds the room's document. */
  synced(): Promise<void>;
  close(): void;
}

/** A provider-backed client of the report's room (as the web client connects). */
export function connect(reportId: string, token: string, opts: { base?: string; doc?: Y.Doc } = {}): Client {
  const doc = opts.doc ?? new Y.Doc();
  const host = new URL(opts.base ?? partyUrl()).host;
  const provider = new YPartyKitProvider(host, roomName(reportId), doc, {
    party: 'main',
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    // Clients in one Node process would otherwise sync through BroadcastChannel, around the room.
    disableBc: true,
    maxBackoffTime: 500,
  });
  return {
    doc,
    provider,
    awareness: provider.awareness,
    synced: () => waitFor(() => provider.synced, { message: 'provider never synced' }).then(() => undefined),
    close: () => provider.destroy(),
  };
}

/** A synced client for `session` on the report, with a token from the API. */
export async function join(reportId: string, session: string, opts: { base?: string } = {}): Promise<Client> {
  const { token } = await roomToken(reportId, session);
  const client = connect(reportId, token, opts);
  await client.synced();
  return client;
}

/** Polls until `check` returns something truthy; throws with `message` after `timeout` ms. */
export async function waitFor<T>(check: () => T | Promise<T>, opts: { timeout?: number; interval?: number; message?: string } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + (opts.timeout ?? 10_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${opts.message ?? 'condition not met'} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, opts.interval ?? 25));
  }
}

/** Opens a socket to `url` and answers how the room closed it. */
export function closeOf(url: string, timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`${url} was not closed within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.on('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ code, reason: reason.toString() });
    });
    ws.on('error', () => undefined);
  });
}

/** An internal call to the room, with the run's shared secret. */
export function roomCall(reportId: string, path: string, init: RequestInit = {}, base = partyUrl()): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${inject('internalSecret')}`);
  return fetch(`${base}/parties/main/${roomName(reportId)}${path}`, { ...init, headers });
}

/** The room's document as the room holds it (GET /internal/state). */
export async function serverDoc(reportId: string, base = partyUrl()): Promise<Y.Doc> {
  const res = await roomCall(reportId, '/internal/state', {}, base);
  if (res.status !== 200) throw new Error(`state answered ${res.status}: ${await res.text()}`);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(await res.arrayBuffer()));
  return doc;
}

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

/**
 * A client speaking y-protocols directly: it syncs like a provider, and can send any update or
 * awareness entry, including ones a polite provider never would.
 */
export class RawClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(new Y.Doc());
  readonly closed: Promise<{ code: number; reason: string }>;
  private synced = false;

  private constructor(private readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) this.receive(new Uint8Array(data));
    });
  }

  /** Connects and completes the sync handshake. */
  static async open(url: string): Promise<RawClient> {
    const ws = new WebSocket(url);
    ws.binaryType = 'nodebuffer';
    const client = new RawClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, client.doc);
    ws.send(encoding.toUint8Array(encoder));
    await waitFor(() => client.synced, { message: 'raw client never synced' });
    return client;
  }

  /** Sends `update` as a sync "update" message. */
  sendUpdate(update: Uint8Array): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    this.ws.send(encoding.toUint8Array(encoder));
  }

  /** Sends this client's whole document as a sync step 2 (what answers a server's step 1). */
  sendStep2(doc: Y.Doc): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
    encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(doc));
    this.ws.send(encoding.toUint8Array(encoder));
  }

  /** Sends one awareness entry for any client id, with any state. */
  sendAwareness(clientId: number, clock: number, state: unknown): void {
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 1);
    encoding.writeVarUint(update, clientId);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, encoding.toUint8Array(update));
    this.ws.send(encoding.toUint8Array(encoder));
  }

  close(): void {
    this.ws.close();
  }

  private receive(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      const sub = syncProtocol.readSyncMessage(decoder, encoder, this.doc, 'remote');
      if (sub === syncProtocol.messageYjsSyncStep2) this.synced = true;
      if (encoding.length(encoder) > 1) this.ws.send(encoding.toUint8Array(encoder));
    } else if (type === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), 'remote');
    }
  }
}

/** Stores `input` as the report's saved document (report_documents), as a room would have; answers the JSON. */
export async function seedDocument(reportId: string, input: ReportInput): Promise<ReportJson> {
  const doc = buildReportDoc(input);
  const json = readReportJson(doc);
  doc.destroy();
  await testDb().insert(reportDocuments).values({ reportId, json, html: '' });
  return json;
}

/** A small report: two chapters, three sections with a paragraph each, one reference. */
export function sampleReport(title = 'Tidal energy'): ReportInput {
  return {
    title,
    outline: {
      chapters: [
        { id: 'ch1', title: 'Background', sections: [{ id: 's11', title: 'History', notes: ['early mills'] }, { id: 's12', title: 'Physics' }] },
        { id: 'ch2', title: 'Outlook', sections: [{ id: 's21', title: 'Costs' }] },
      ],
    },
    sections: { s11: ['Tide mills are old.'], s12: ['The moon pulls.'], s21: ['Costs fall.'] },
    references: [{ id: 'ref1', title: 'Tidal power', authors: ['Ada Lovelace'], year: 2020, source: 'manual' }],
  };
}
