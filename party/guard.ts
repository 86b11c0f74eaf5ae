// What a client may send into a room. y-partykit reads each connection's messages itself, so the
// guard sits between the socket and the listener y-partykit adds: it reassembles chunked messages,
// drops document updates from viewers, and rewrites awareness so nobody can speak for someone else.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type * as Party from 'partykit/server';
import * as syncProtocol from 'y-protocols/sync';
import type { Member } from './auth';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

/** The largest message the room accepts once reassembled (y-partykit splits anything over 1 MB). */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export interface GuardOptions {
  member: Member;
  /** Claims an awareness client id for this connection; false when another connection holds it. */
  /** Whether this connection may speak for `clientId` (`removal`: the entry clears a state). */
  claim: (clientId: number, removal: boolean) => boolean;
  /** Called when a client sends more than MAX_MESSAGE_BYTES or a broken batch. */
  onViolation: (reason: string) => void;
}

type MessageListener = (event: { data: unknown }) => void;

/** Routes every message y-partykit will read through `filterMessage`. Call before y-partykit's onConnect. */
export function guardConnection(conn: Party.Connection, opts: GuardOptions): void {
  const socket = conn as unknown as { addEventListener: (type: string, listener: unknown, options?: unknown) => void };
  const add = socket.addEventListener.bind(conn);
  socket.addEventListener = (type: string, listener: unknown, options?: unknown) => {
    if (type !== 'message') return add(type, listener, options);
    const assembler = new ChunkAssembler();
    const guarded = (event: { data: unknown }) => {
      const whole = assembler.push(event.data);
      if (whole.kind === 'violation') return opts.onViolation(whole.reason);
      if (whole.kind === 'partial') return;
      const allowed = filterMessage(whole.bytes, opts.member, opts.claim);
      // y-partykit's own chunk handling passes a whole binary message straight through.
      if (allowed) (listener as MessageListener)({ data: allowed });
    };
    return add('message', guarded, options);
  };
}

/**
 * The message as the room should see it, or null to drop it: viewers may only ask for the
 * document (sync step 1), and awareness states get the token's user and only the sender's ids.
 */
export function filterMessage(bytes: Uint8Array, member: Member, claim: (clientId: number, removal: boolean) => boolean): Uint8Array | null {
  try {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        // y-partykit's readOnly drops these too; dropping them here first means the guarantee
        // does not rest on one flag of one library.
        if (member.role !== 'viewer') return bytes;
        return decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep1 ? bytes : null;
      }
      case MESSAGE_AWARENESS: {
        const update = rewriteAwareness(decoding.readVarUint8Array(decoder), member, claim);
        if (!update) return null;
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(encoder, update);
        return encoding.toUint8Array(encoder);
      }
      default:
        // Auth and query-awareness messages: nothing the room acts on.
        return null;
    }
  } catch {
    return null;
  }
}

/**
 * An awareness update with every state's `user` replaced by the token's user, without the entries
 * for client ids another connection holds; null when nothing is left.
 */
export function rewriteAwareness(update: Uint8Array, member: Member, claim: (clientId: number, removal: boolean) => boolean): Uint8Array | null {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: Array<{ clientId: number; clock: number; state: unknown }> = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    // Threat: clearing or overwriting someone else's cursor by sending their client id.
    if (!claim(clientId, state === null)) continue;
    entries.push({ clientId, clock, state: state === null ? null : withUser(state, member) });
  }
  if (entries.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

function withUser(state: unknown, member: Member): Record<string, unknown> {
  const base = typeof state === 'object' && state !== null && !Array.isArray(state) ? (state as Record<string, unknown>) : {};
  // Threat: a viewer (or anyone) showing up under another person's name or role.
  return { ...base, user: { id: member.userId, name: member.name, color: member.color, role: member.role } };
}

type Assembled = { kind: 'whole'; bytes: Uint8Array } | { kind: 'partial' } | { kind: 'violation'; reason: string };

const BATCH_SENTINEL = 'y-pk-batch';

/**
 * Puts y-partykit's chunked messages back together: a text marker `y-pk-batch#{id,type:"start",size,count}`,
 * binary chunks, then a matching "end" marker. Anything else binary is a whole message.
 */
export class ChunkAssembler {
  private batch: { id: string; size: number; count: number; chunks: Uint8Array[]; bytes: number } | null = null;

  push(data: unknown): Assembled {
    if (typeof data === 'string') return this.marker(data);
    const bytes = toBytes(data);
    if (!bytes) return { kind: 'partial' };
    if (!this.batch) {
      return bytes.byteLength > MAX_MESSAGE_BYTES ? { kind: 'violation', reason: 'message too large' } : { kind: 'whole', bytes };
    }
    this.batch.chunks.push(bytes);
    this.batch.bytes += bytes.byteLength;
    if (this.batch.bytes > this.batch.size || this.batch.chunks.length > this.batch.count) return this.fail('batch larger than announced');
    return { kind: 'partial' };
  }

  private marker(text: string): Assembled {
    const [sentinel, json] = text.split('#', 2);
    if (sentinel !== BATCH_SENTINEL || json === undefined) return { kind: 'partial' };
    let marker: { id?: unknown; type?: unknown; size?: unknown; count?: unknown };
    try {
      marker = JSON.parse(json) as typeof marker;
    } catch {
      return this.fail('malformed batch marker');
    }
    const { id, type, size, count } = marker;
    if (typeof id !== 'string' || typeof size !== 'number' || typeof count !== 'number') return this.fail('malformed batch marker');
    if (type === 'start') {
      if (size > MAX_MESSAGE_BYTES || size < 0 || count < 0) return this.fail('message too large');
      this.batch = { id, size, count, chunks: [], bytes: 0 };
      return { kind: 'partial' };
    }
    if (type !== 'end' || !this.batch) return this.fail('unexpected batch marker');
    const batch = this.batch;
    this.batch = null;
    if (batch.id !== id || batch.size !== size || batch.bytes !== size || batch.chunks.length !== count) return this.fail('batch does not match its markers');
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of batch.chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return { kind: 'whole', bytes };
  }

  private fail(reason: string): Assembled {
    this.batch = null;
    return { kind: 'violation', reason };
  }
}

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}
