// The room's side of the worker → room HTTP contract (the worker's side is worker/lib/room-client.ts).
// Paths are relative to the room, `/parties/main/report-<id>`; every call carries
// `Authorization: Bearer INTERNAL_SECRET` (401 otherwise, before anything else is looked at):
//   POST /internal/kick     {userId}          → 200 {closed: n}; closes that user's connections (4403 "revoked")
//                                               and refuses their tokens issued before now
//   GET  /internal/presence                   → 200 {data: [{userId, name, color, role, connections}]}
//   GET  /internal/state                      → 200 application/octet-stream: Y.encodeStateAsUpdate(doc)
//   POST /internal/replace  ReportJson        → 200 {data: {replaced: true}}; new ops, nothing destroyed, ids kept
//   POST /internal/ops      {ops: RoomOp[], fence?: {key, epoch}, save?: true}
//                                             → 200 {data: {applied: boolean[]}} (false: the op's section is gone);
//                                               409 fenced when a later epoch of the same key has written already
// Errors are `{error: {code, message}}`: 400 validation_error / unsupported_version, 404 not_found
// (no such endpoint) or report_not_found (the report was deleted), 413 payload_too_large,
// 503 room_unavailable (the document could not be loaded).
import type * as Party from 'partykit/server';
import * as Y from 'yjs';
import { parseReportJson } from '../core/doc';
import type { PresenceEntry } from '../worker/lib/room-client';
import { hasInternalSecret } from './auth';
import { applyRoomOps, replaceReportContent, roomOpsSchema } from './ops';

/** The largest body an internal call may send (a whole report as JSON). */
export const MAX_INTERNAL_BODY_BYTES = 16 * 1024 * 1024;

/** What opening the room's document gave. */
export type DocLookup = { kind: 'ready'; doc: Y.Doc } | { kind: 'not_found' } | { kind: 'unavailable'; detail: string };

/** What the internal endpoints need from the room. */
export interface RoomControl {
  kick(userId: string): Promise<number>;
  presence(): PresenceEntry[];
  openDoc(): Promise<DocLookup>;
  /** Saves the document to Postgres now, after any save already running; false when that takes longer than `timeoutMs`. */
  saveNow(timeoutMs: number): Promise<boolean>;
}

/** How long `POST ops` with `save` waits for the room's save before answering anyway. */
export const OPS_SAVE_WAIT_MS = 5000;

/** Answers an HTTP request to the room: the internal endpoints, or 401/404. */
export async function handleInternal(req: Party.Request, room: Party.Room, control: RoomControl): Promise<Response> {
  if (!(await hasInternalSecret(req, room.env.INTERNAL_SECRET))) return error(401, 'unauthorized', 'A valid internal secret is required.');
  const path = new URL(req.url).pathname;
  const prefix = `/parties/${room.name}/${room.id}/internal/`;
  const endpoint = path.startsWith(prefix) ? `${req.method} ${path.slice(prefix.length)}` : '';
  switch (endpoint) {
    case 'POST kick': {
      const body = await readJson(req);
      if (!body.ok) return body.response;
      const userId = (body.value as { userId?: unknown } | null)?.userId;
      if (typeof userId !== 'string' || !userId) return error(400, 'validation_error', 'userId: Required', 'userId');
      return json({ closed: await control.kick(userId) });
    }
    case 'GET presence':
      return json({ data: control.presence() });
    case 'GET state':
      return withDoc(control, (doc) => new Response(Y.encodeStateAsUpdate(doc), { headers: { 'content-type': 'application/octet-stream' } }));
    case 'POST replace': {
      const body = await readJson(req);
      if (!body.ok) return body.response;
      const parsed = parseReportJson(body.value);
      switch (parsed.kind) {
        case 'unsupported_version':
          return error(400, 'unsupported_version', `Report JSON version ${String(parsed.version)} is not supported.`, 'version');
        case 'invalid':
          return error(400, 'validation_error', parsed.reason);
        case 'ok':
          return withDoc(control, (doc) => {
            replaceReportContent(doc, parsed.json);
            return json({ data: { replaced: true } });
          });
        default:
          return parsed satisfies never;
      }
    }
    case 'POST ops': {
      const body = await readJson(req);
      if (!body.ok) return body.response;
      const parsed = roomOpsSchema.safeParse(body.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = issue.path.join('.');
        return error(400, 'validation_error', `${field || 'body'}: ${issue.message}`, field || undefined);
      }
      const { ops, fence, save } = parsed.data;
      if (fence && !passFence(room, fence)) {
        return error(409, 'fenced', `A newer writer (epoch > ${fence.epoch}) holds ${fence.key}; these operations were not applied.`);
      }
      let applied: boolean[] = [];
      const res = await withDoc(control, (doc) => {
        applied = applyRoomOps(doc, ops);
        return json({ data: { applied } });
      });
      // With `save`, answer once Postgres holds the document with these ops, so no save of an older
      // state (one already on its way) can land after the caller's own writes.
      if (!save || !res.ok) return res;
      return json({ data: { applied, saved: await control.saveNow(OPS_SAVE_WAIT_MS) } });
    }
    default:
      return error(404, 'not_found', 'No such endpoint.');
  }
}

/**
 * Fencing for writers that take turns through a lease (generation jobs: key = job id, epoch = the
 * job's delivery count). Once a writer with a higher epoch has written, one with a lower epoch
 * (a delivery that stalled past its lease and woke up) is refused, so its late batches cannot land
 * in a section the new writer has started over. Kept in memory: a restarted room forgets the
 * fences, and the worker's own lease checks remain the first line.
 */
const fences = new WeakMap<Party.Room, Map<string, number>>();

function passFence(room: Party.Room, fence: { key: string; epoch: number }): boolean {
  let byKey = fences.get(room);
  if (!byKey) fences.set(room, (byKey = new Map()));
  const highest = byKey.get(fence.key) ?? -1;
  if (fence.epoch < highest) return false;
  byKey.set(fence.key, fence.epoch);
  return true;
}

async function withDoc(control: RoomControl, use: (doc: Y.Doc) => Response): Promise<Response> {
  const opened = await control.openDoc();
  switch (opened.kind) {
    case 'ready':
      return use(opened.doc);
    case 'not_found':
      return error(404, 'report_not_found', 'The report does not exist.');
    case 'unavailable':
      return error(503, 'room_unavailable', `The document could not be loaded: ${opened.detail}`);
    default:
      return opened satisfies never;
  }
}

type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response };

async function readJson(req: Party.Request): Promise<JsonBody> {
  const length = Number(req.headers.get('content-length') ?? 0);
  if (length > MAX_INTERNAL_BODY_BYTES) return { ok: false, response: error(413, 'payload_too_large', 'The body is too large.') };
  const text = await req.text();
  if (text.length > MAX_INTERNAL_BODY_BYTES) return { ok: false, response: error(413, 'payload_too_large', 'The body is too large.') };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, response: error(400, 'validation_error', 'The body is not valid JSON.') };
  }
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function error(status: number, code: string, message: string, field?: string): Response {
  return json({ error: field ? { code, message, field } : { code, message } }, status);
}
