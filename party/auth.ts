// Who may join a room and as what. The room token is checked at the edge, in the room class's
// `static onBeforeConnect` (signature, expiry, report = room), and the outcome travels to the room
// as a header; the room turns a refusal into a close code the client can read (see close.ts).
import type * as Party from 'partykit/server';
import { reportIdOfRoom, verifyRoomToken, type RoomRole, type RoomTokenError } from '../core/room/token';
import { CLOSE, type Refusal } from './close';

/** Who a connection belongs to; kept as the connection's state. */
export interface Member {
  userId: string;
  name: string;
  color: string;
  role: RoomRole;
  /** When the token expires (seconds since the epoch), to compare with a removal. */
  exp: number;
}

export type Admission = { kind: 'admitted'; member: Member } | { kind: 'refused'; refusal: Refusal };

const MEMBER_HEADER = 'x-seydam-member';
const REFUSAL_HEADER = 'x-seydam-refusal';
const DEFAULT_COLOR = '#64748b';

/** Checks the connection's room token at the edge and forwards the result to the room. */
export async function checkConnection(req: Party.Request, lobby: Party.Lobby): Promise<Party.Request> {
  // Threat: a client sending these headers itself to pass as someone else. Only ours go through.
  req.headers.delete(MEMBER_HEADER);
  req.headers.delete(REFUSAL_HEADER);
  const admission = await admit(new URL(req.url), lobby.id, lobby.env.ROOM_TOKEN_SECRET);
  // URI-encoded: header values are bytes, names are not.
  if (admission.kind === 'admitted') req.headers.set(MEMBER_HEADER, encodeURIComponent(JSON.stringify(admission.member)));
  else req.headers.set(REFUSAL_HEADER, encodeURIComponent(JSON.stringify(admission.refusal)));
  return req;
}

/** What the edge decided about a connection. A request that bypassed the edge check has no header and is refused. */
export function readAdmission(req: Party.Request): Admission {
  const refusal = req.headers.get(REFUSAL_HEADER);
  if (refusal) return { kind: 'refused', refusal: JSON.parse(decodeURIComponent(refusal)) as Refusal };
  const member = req.headers.get(MEMBER_HEADER);
  if (member) return { kind: 'admitted', member: JSON.parse(decodeURIComponent(member)) as Member };
  return { kind: 'refused', refusal: unauthorized('missing') };
}

async function admit(url: URL, roomId: string, secret: unknown): Promise<Admission> {
  const reportId = reportIdOfRoom(roomId);
  if (!reportId) return { kind: 'refused', refusal: { code: CLOSE.notFound, reason: 'not_found: room' } };
  if (typeof secret !== 'string' || !secret) {
    console.error(JSON.stringify({ level: 'error', msg: 'ROOM_TOKEN_SECRET is not set; refusing every connection' }));
    return { kind: 'refused', refusal: { code: CLOSE.unavailable, reason: 'unavailable: not_configured' } };
  }
  const check = await verifyRoomToken(url.searchParams.get('token'), secret, reportId);
  if (!check.ok) return { kind: 'refused', refusal: refusalFor(check.error) };
  const { sub, role, name, color, exp } = check.claims;
  return {
    kind: 'admitted',
    member: {
      userId: sub,
      role,
      exp,
      name: typeof name === 'string' ? name.slice(0, 200) : '',
      color: typeof color === 'string' && /^#[0-9a-f]{6}$/i.test(color) ? color : DEFAULT_COLOR,
    },
  };
}

function refusalFor(error: RoomTokenError): Refusal {
  switch (error) {
    case 'missing':
    case 'malformed':
    case 'bad_signature':
    case 'expired':
      return unauthorized(error);
    case 'wrong_report':
      return { code: CLOSE.forbidden, reason: 'forbidden: wrong_report' };
    default:
      return error satisfies never;
  }
}

function unauthorized(error: Exclude<RoomTokenError, 'wrong_report'>): Refusal {
  return { code: CLOSE.unauthorized, reason: `unauthorized: ${error}` };
}

/** Whether a request carries `Authorization: Bearer <secret>`, compared in constant time. */
export async function hasInternalSecret(req: Party.Request, secret: unknown): Promise<boolean> {
  if (typeof secret !== 'string' || !secret) return false;
  const header = req.headers.get('authorization') ?? '';
  const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  // Digests have one length whatever was sent, so the comparison time says nothing about the secret.
  const [a, b] = await Promise.all([sha256(given), sha256(secret)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0 && given.length > 0;
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}
