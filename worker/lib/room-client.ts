// The worker's side of the worker ↔ room HTTP contract. Every call carries the shared
// INTERNAL_SECRET; the room refuses anything else. Paths (relative to the room's URL
// `${PARTY_URL}/parties/main/report-<id>`):
//   POST /internal/kick     {userId}          → 200 {closed: n}; closes that user's connections (4403 "revoked")
//   GET  /internal/presence                   → 200 {data: [{userId, name, color, role, connections}]}
//   GET  /internal/state                      → 200 application/octet-stream: Y.encodeStateAsUpdate(doc)
//   POST /internal/replace  ReportJson        → 200; replaces outline, bodies, references, title (new ops, nothing destroyed)
//   POST /internal/ops      {ops: RoomOp[], fence?, save?} → 200; applies document operations (generation streams through this)
import { roomName } from '../../core/room/token';
import type { OutlineJson, ReferenceJson, ReportJson } from '../../core/doc';
import type { Bindings } from '../env';
import { apiError } from '../errors';

/** A change the worker asks a room to make to its document. */
export type RoomOp =
  | { type: 'appendText'; sectionId: string; text: string }
  | { type: 'setSectionParagraphs'; sectionId: string; paragraphs: string[] }
  /** Replaces a section's body with JSON blocks (e.g. a generated section with its citation nodes). */
  | { type: 'setSectionBlocks'; sectionId: string; blocks: unknown[] }
  | { type: 'setSectionState'; sectionId: string; state: { status: 'idle' | 'queued' | 'writing' | 'done' | 'failed'; error?: string; writer?: string } | null }
  | { type: 'setMeta'; title?: string; status?: string; progress?: number; citationStyle?: string }
  /** Replaces the whole outline (ids kept); with `generated`, it also becomes meta.generatedOutline. */
  /** With ifUnedited, not applied (false) when the room's outline differs from its generated one. */
  | { type: 'setOutline'; outline: OutlineJson; generated: boolean; ifUnedited?: boolean }
  /** Replaces the whole reference list (what a reference search hands over). */
  | { type: 'setReferences'; references: ReferenceJson[] };

export interface PresenceEntry {
  userId: string;
  name: string;
  color: string;
  role: 'owner' | 'editor' | 'viewer';
  connections: number;
}

function roomUrl(env: Bindings, reportId: string, path: string): string {
  if (!env.PARTY_URL || !env.INTERNAL_SECRET) throw apiError(503, 'rooms_unavailable', 'Live rooms are not configured.');
  return `${env.PARTY_URL.replace(/\/$/, '')}/parties/main/${roomName(reportId)}${path}`;
}

/** The room refused a fenced write: a newer writer holds the key. */
export class RoomFencedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoomFencedError';
  }
}

/**
 * Pauses before asking a room again after a GET's connection failed with no answer (a kept-alive
 * connection closed as it was reused: "Network connection lost."). Reads only: a POST may have
 * been applied before its connection dropped, and applying ops twice would double text.
 */
const READ_RETRY_DELAYS_MS = [50, 250];

async function call(env: Bindings, reportId: string, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${env.INTERNAL_SECRET ?? ''}`);
  const url = roomUrl(env, reportId, path);
  const retries = (init.method ?? 'GET') === 'GET' ? READ_RETRY_DELAYS_MS : [];
  let res: Response;
  for (let attempt = 0; ; attempt++) {
    try {
      res = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(10_000) });
      break;
    } catch (err) {
      const delay = retries[attempt];
      // A timeout is not retried: the room is there but slow, and the caller has waited enough.
      if (delay === undefined || (err instanceof Error && err.name === 'TimeoutError')) {
        throw apiError(503, 'rooms_unavailable', `The live room could not be reached (${String(err)}).`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  if (res.status === 409) {
    const body = await res.text();
    if (body.includes('"fenced"')) throw new RoomFencedError(body.slice(0, 300));
    throw apiError(502, 'room_error', `The live room answered 409: ${body.slice(0, 200)}`);
  }
  if (!res.ok) throw apiError(502, 'room_error', `The live room answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return res;
}

/** Closes every live connection of `userId` to the report's room; returns how many. */
export async function kickUser(env: Bindings, reportId: string, userId: string): Promise<number> {
  const res = await call(env, reportId, '/internal/kick', { method: 'POST', body: JSON.stringify({ userId }), headers: { 'content-type': 'application/json' } });
  return ((await res.json()) as { closed: number }).closed;
}

/** Who is connected to the report's room right now. */
export async function roomPresence(env: Bindings, reportId: string): Promise<PresenceEntry[]> {
  const res = await call(env, reportId, '/internal/presence');
  return ((await res.json()) as { data: PresenceEntry[] }).data;
}

/** The room's whole document as one Yjs update. */
export async function roomState(env: Bindings, reportId: string): Promise<Uint8Array> {
  const res = await call(env, reportId, '/internal/state');
  return new Uint8Array(await res.arrayBuffer());
}

/** Replaces the room document's content with `json` (history restore). */
export async function replaceRoomContent(env: Bindings, reportId: string, json: ReportJson): Promise<void> {
  await call(env, reportId, '/internal/replace', { method: 'POST', body: JSON.stringify(json), headers: { 'content-type': 'application/json' } });
}

/** A writer's place in line for a key (see party/internal.ts): a lower epoch than one already seen is refused. */
export interface RoomFence {
  key: string;
  epoch: number;
}

/**
 * Applies document operations in the room, in order, in one transaction; for each, whether it
 * applied (false: its section is gone). With `save`, the room answers once it has saved the result
 * to Postgres (waiting for any save already on its way), so a caller that then writes the same
 * data itself cannot be overwritten by an older save.
 */
export async function applyRoomOps(env: Bindings, reportId: string, ops: RoomOp[], fence?: RoomFence, opts: { save?: boolean } = {}): Promise<boolean[]> {
  const res = await call(env, reportId, '/internal/ops', {
    method: 'POST',
    body: JSON.stringify({ ops, ...(fence ? { fence } : {}), ...(opts.save ? { save: true } : {}) }),
    headers: { 'content-type': 'application/json' },
  });
  return ((await res.json()) as { data: { applied: boolean[] } }).data.applied;
}
