// Whether this client's edits have reached the room. The sync protocol has no acknowledgement, so
// we ask for one: after local edits we send a sync step 1 (our state vector), and the room answers
// every step 1 with a step 2. Messages on one socket are handled in order, so when that answer
// arrives, the room has applied every edit we sent before the question. Edits made since are
// still unconfirmed, and edits made offline are confirmed by a question asked after the
// reconnection's handshake (which is when the provider sends them).
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type YPartyKitProvider from 'y-partykit/provider';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

const MESSAGE_SYNC = 0;
/** Questions are asked at most this often while someone types. */
const PROBE_INTERVAL_MS = 200;
/** The provider's own step 1 on opening: its answer comes before our offline edits are sent. */
const HANDSHAKE = -1;

/** Tracks unconfirmed local edits; `onChange(pending)` fires when that flips. */
export class SaveTracker {
  private pending = false;
  /** Bumped by every local edit. */
  private edits = 0;
  /** For each question on the current socket, in order: the edit count when it was asked. */
  private questions: number[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly onUpdate = (_update: Uint8Array, origin: unknown) => {
    // The provider applies what the room sends with itself as origin; everything else is ours.
    if (origin === this.provider) return;
    this.edits += 1;
    this.setPending(true);
    this.scheduleQuestion();
  };

  constructor(
    private readonly provider: YPartyKitProvider,
    private readonly doc: Y.Doc,
    private readonly onChange: (pending: boolean) => void,
  ) {
    doc.on('update', this.onUpdate);
    const handleSync = provider.messageHandlers[MESSAGE_SYNC];
    if (!handleSync) throw new Error('the provider has no sync handler');
    provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, prov, emitSynced, type) => {
      const kind = decoding.peekVarUint(decoder);
      handleSync(encoder, decoder, prov, emitSynced, type);
      if (kind === syncProtocol.messageYjsSyncStep2) this.answered();
    };
    provider.on('status', ({ status }: { status: string }) => {
      // The provider sends its step 1 right after announcing "connected".
      this.questions = status === 'connected' ? [HANDSHAKE] : [];
    });
    provider.on('sync', (synced: boolean) => {
      if (synced && this.pending) this.ask();
    });
  }

  /** True while some local edit has not been confirmed by the room. */
  get isPending(): boolean {
    return this.pending;
  }

  destroy(): void {
    this.doc.off('update', this.onUpdate);
    if (this.timer) clearTimeout(this.timer);
  }

  private scheduleQuestion(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      // Before the handshake completes the question would race the offline edits; the "sync" handler asks then.
      if (this.provider.synced) this.ask();
    }, PROBE_INTERVAL_MS);
  }

  private ask(): void {
    const ws = this.provider.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    ws.send(encoding.toUint8Array(encoder));
    this.questions.push(this.edits);
  }

  private answered(): void {
    const askedAt = this.questions.shift();
    if (askedAt === this.edits && this.pending) this.setPending(false);
  }

  private setPending(pending: boolean): void {
    if (this.pending === pending) return;
    this.pending = pending;
    this.onChange(pending);
  }
}
