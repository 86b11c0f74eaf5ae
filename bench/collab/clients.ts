// The benchmark's Yjs clients, in child processes so that the orchestrator (which hosts the
// embedded database) never sits on the measured path. One process plays one part:
//   readers — N clients in the room; each notes when every keystroke becomes visible in its doc
//   writer  — one client typing into a section body with core/doc appendToSection
//   sync    — fresh clients timing connect → synced on a large report
// Each client is the server's own provider: y-partykit's (through tests/helpers/yclient.ts, what
// the web client runs) for our room, @hocuspocus/provider for Hocuspocus. Messages: see `Command`.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { appendToSection, applyReportJson, readReportJson, reportTypes, sectionFragment, type ReportInput } from '../../core/doc';
import { connect } from '../../tests/helpers/yclient';
import { now, seededRandom } from './stats';

/** Which server a client talks to ('bare', 'bare-persist': the y-partykit-only room of bare-room.ts). */
export interface Target {
  kind: 'party' | 'hocuspocus' | 'bare' | 'bare-persist';
  /** http://127.0.0.1:<port> */
  base: string;
  reportId: string;
}

export type Command =
  | { type: 'ping'; id: number }
  | { type: 'readers'; target: Target; tokens: string[]; sectionId: string }
  | { type: 'writer'; target: Target; token: string; sectionId: string; seed?: ReportInput }
  | { type: 'type'; count: number; minMs: number; maxMs: number; seed: number }
  | { type: 'collect'; count: number; timeoutMs: number }
  | { type: 'sync'; target: Target; token: string; repeats: number; keepFirst: boolean }
  | { type: 'stop' };

export type Reply =
  | { type: 'pong'; id: number; t: number }
  | { type: 'ready'; connectMs: number }
  | { type: 'typed'; sends: number[] }
  | { type: 'received'; recv: number[][]; missing: number; loopDelayP99Ms: number; loopDelayMaxMs: number }
  | { type: 'synced'; coldMs: number | null; warmMs: number[]; words: number; bytes: number }
  | { type: 'error'; message: string };

interface BenchClient {
  doc: Y.Doc;
  synced: Promise<void>;
  destroy(): void;
}

const SYNC_TIMEOUT_MS = 60_000;

/** A client of `target` holding `doc`, with a promise for its first full sync. */
function openClient(target: Target, token: string, doc = new Y.Doc()): BenchClient {
  if (target.kind !== 'hocuspocus') {
    const client = connect(target.reportId, token, { base: target.base, doc });
    const synced = new Promise<void>((resolve, reject) => {
      if (client.provider.synced) return resolve();
      client.provider.on('synced', (state: boolean) => state && resolve());
      client.provider.on('connection-close', (event: { code: number; reason: string } | null) => {
        if (event && event.code >= 4000) reject(new Error(`room closed the connection: ${event.code} ${event.reason}`));
      });
    });
    return { doc, synced: withTimeout(synced, 'party client never synced'), destroy: () => client.close() };
  }
  // One socket per client, as one person per browser; Node 20 has no global WebSocket.
  const socket = new HocuspocusProviderWebsocket({ url: target.base.replace(/^http/, 'ws'), WebSocketPolyfill: WebSocket });
  let provider!: HocuspocusProvider;
  const synced = new Promise<void>((resolve, reject) => {
    provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: `report-${target.reportId}`,
      document: doc,
      token,
      onSynced: ({ state }) => state && resolve(),
      onAuthenticationFailed: ({ reason }) => reject(new Error(`hocuspocus refused the token: ${reason}`)),
    });
    provider.attach();
  });
  const destroy = () => {
    provider.destroy();
    socket.destroy();
  };
  return { doc, synced: withTimeout(synced, 'hocuspocus client never synced'), destroy };
}

function withTimeout<T>(promise: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), SYNC_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The text the writer types into: the last text run of the section's last paragraph. */
function typingText(doc: Y.Doc, sectionId: string): Y.XmlText {
  const fragment = sectionFragment(doc, sectionId);
  const paragraph = fragment && fragment.length > 0 ? fragment.get(fragment.length - 1) : undefined;
  const text = paragraph instanceof Y.XmlElement && paragraph.length > 0 ? paragraph.get(paragraph.length - 1) : undefined;
  if (!(text instanceof Y.XmlText)) throw new Error(`section ${sectionId} does not end in text`);
  return text;
}

/** N clients that time-stamp each keystroke when it shows up in their document. */
class Readers {
  private readonly clients: BenchClient[] = [];
  /** recv[reader][seq - 1]: when keystroke `seq` became visible to that reader. */
  private readonly recv: number[][] = [];
  private readonly seen: number[] = [];
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 1 });

  async open(target: Target, tokens: string[], sectionId: string): Promise<number> {
    const started = now();
    // Small waves: a few hundred simultaneous upgrades is a thundering herd no room sees in practice.
    for (let i = 0; i < tokens.length; i += 25) {
      const wave = tokens.slice(i, i + 25).map((token) => openClient(target, token));
      this.clients.push(...wave);
      await Promise.all(wave.map((c) => c.synced));
    }
    this.clients.forEach((client, r) => {
      const text = typingText(client.doc, sectionId);
      const base = text.length;
      const recv: number[] = [];
      this.recv[r] = recv;
      this.seen[r] = 0;
      client.doc.on('update', () => {
        const visible = text.length - base;
        const t = now();
        while (recv.length < visible) recv.push(t);
        this.seen[r] = recv.length;
      });
    });
    this.loopDelay.enable();
    return now() - started;
  }

  /** Waits until every reader saw `count` keystrokes (or the timeout), then hands over the times. */
  async collect(count: number, timeoutMs: number): Promise<Extract<Reply, { type: 'received' }>> {
    const deadline = Date.now() + timeoutMs;
    while (this.seen.some((s) => s < count) && Date.now() < deadline) await sleep(20);
    this.loopDelay.disable();
    const missing = this.seen.reduce((sum, s) => sum + Math.max(0, count - s), 0);
    return {
      type: 'received',
      recv: this.recv,
      missing,
      loopDelayP99Ms: this.loopDelay.percentile(99) / 1e6,
      loopDelayMaxMs: this.loopDelay.max / 1e6,
    };
  }

  close(): void {
    for (const c of this.clients) c.destroy();
  }
}

/** One client typing a character at a time, at random intervals from a seeded rhythm. */
class Writer {
  private client: BenchClient | null = null;
  private sectionId = '';

  async open(target: Target, token: string, sectionId: string, seed?: ReportInput): Promise<number> {
    const started = now();
    this.client = openClient(target, token);
    this.sectionId = sectionId;
    await this.client.synced;
    // A room without storage (bare-room.ts) starts empty: the writer brings the report.
    if (seed && reportTypes(this.client.doc).meta.size === 0) applyReportJson(this.client.doc, seed);
    return now() - started;
  }

  async type(count: number, minMs: number, maxMs: number, seed: number): Promise<number[]> {
    const doc = this.client!.doc;
    const random = seededRandom(seed);
    const sends: number[] = [];
    const phrase = 'the tide turns twice a day ';
    let due = now();
    for (let seq = 1; seq <= count; seq++) {
      due += minMs + random() * (maxMs - minMs);
      const wait = due - now();
      if (wait > 0) await sleep(wait);
      sends.push(now());
      // One keystroke, one transaction, one update message: what an editor sends per key.
      appendToSection(doc, this.sectionId, phrase[(seq - 1) % phrase.length]!);
    }
    return sends;
  }

  close(): void {
    this.client?.destroy();
  }
}

/**
 * Times connect → synced for fresh clients. The first (cold: the server loads the report from
 * the worker) stays connected when `keepFirst`, so later ones measure a loaded room.
 */
async function timeSync(target: Target, token: string, repeats: number, keepFirst: boolean): Promise<Extract<Reply, { type: 'synced' }>> {
  let holder: BenchClient | null = null;
  let coldMs: number | null = null;
  if (keepFirst) {
    const t0 = now();
    holder = openClient(target, token);
    await holder.synced;
    coldMs = now() - t0;
  }
  const warmMs: number[] = [];
  let words = 0;
  let bytes = 0;
  for (let i = 0; i < repeats; i++) {
    const t0 = now();
    const client = openClient(target, token);
    await client.synced;
    warmMs.push(now() - t0);
    // Checked after timing: the client really holds the whole report.
    words = reportTypes(client.doc).meta.size > 0 ? Object.values(readReportJson(client.doc).sections).reduce((sum, blocks) => sum + countWords(blocks), 0) : 0;
    bytes = Y.encodeStateAsUpdate(client.doc).byteLength;
    client.destroy();
    await sleep(200);
  }
  holder?.destroy();
  return { type: 'synced', coldMs, warmMs, words, bytes };
}

function countWords(value: unknown): number {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean).length;
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + countWords(v), 0);
  if (value && typeof value === 'object') {
    const { text, content } = value as { text?: unknown; content?: unknown };
    return countWords(text) + countWords(content);
  }
  return 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function reply(message: Reply): void {
  process.send!(message);
}

let readers: Readers | null = null;
let writer: Writer | null = null;

async function handle(command: Command): Promise<void> {
  switch (command.type) {
    case 'ping':
      return reply({ type: 'pong', id: command.id, t: now() });
    case 'readers':
      readers = new Readers();
      return reply({ type: 'ready', connectMs: await readers.open(command.target, command.tokens, command.sectionId) });
    case 'writer':
      writer = new Writer();
      return reply({ type: 'ready', connectMs: await writer.open(command.target, command.token, command.sectionId, command.seed) });
    case 'type':
      return reply({ type: 'typed', sends: await writer!.type(command.count, command.minMs, command.maxMs, command.seed) });
    case 'collect':
      return reply(await readers!.collect(command.count, command.timeoutMs));
    case 'sync':
      return reply(await timeSync(command.target, command.token, command.repeats, command.keepFirst));
    case 'stop':
      readers?.close();
      writer?.close();
      // Let the close frames go out before leaving.
      setTimeout(() => process.exit(0), 100);
      return;
    default:
      return command satisfies never;
  }
}

if (process.send) {
  // y-partykit's provider adds a process 'exit' listener per client; hundreds are expected here.
  process.setMaxListeners(0);
  process.on('message', (command: Command) => {
    handle(command).catch((err: unknown) => reply({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
  });
  // The orchestrator going away takes its clients with it.
  process.on('disconnect', () => process.exit(0));
}
