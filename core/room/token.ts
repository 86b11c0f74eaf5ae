// Room tokens: short-lived, HMAC-SHA256-signed tickets the worker issues and the PartyKit room
// checks on connect. They carry who the user is, which report, and as what role.

export type RoomRole = 'owner' | 'editor' | 'viewer';

export interface RoomTokenClaims {
  /** User id. */
  sub: string;
  /** Report id. */
  rid: string;
  role: RoomRole;
  /** Display name and colour for presence. */
  name: string;
  color: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** Why a token was refused; also the close reason the room sends. */
export type RoomTokenError = 'missing' | 'malformed' | 'bad_signature' | 'expired' | 'wrong_report';

export type RoomTokenCheck = { ok: true; claims: RoomTokenClaims } | { ok: false; error: RoomTokenError };

const enc = new TextEncoder();

function b64url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromB64url(s: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

async function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/** Signs claims as `<payload>.<signature>`, both base64url. */
export async function signRoomToken(claims: RoomTokenClaims, secret: string): Promise<string> {
  const payload = b64url(enc.encode(JSON.stringify(claims)));
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret), enc.encode(payload));
  return `${payload}.${b64url(new Uint8Array(sig))}`;
}

/** Checks signature, expiry and that the token is for `reportId`. */
export async function verifyRoomToken(token: string | null | undefined, secret: string, reportId: string, nowMs = Date.now()): Promise<RoomTokenCheck> {
  if (!token) return { ok: false, error: 'missing' };
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined) return { ok: false, error: 'malformed' };
  const sigBytes = fromB64url(sig);
  if (!sigBytes) return { ok: false, error: 'malformed' };
  // crypto.subtle.verify compares in constant time.
  const valid = await crypto.subtle.verify('HMAC', await hmacKey(secret), sigBytes, enc.encode(payload));
  if (!valid) return { ok: false, error: 'bad_signature' };
  let claims: RoomTokenClaims;
  try {
    claims = JSON.parse(new TextDecoder().decode(fromB64url(payload) ?? new Uint8Array())) as RoomTokenClaims;
  } catch {
    return { ok: false, error: 'malformed' };
  }
  if (typeof claims.exp !== 'number' || typeof claims.sub !== 'string' || typeof claims.rid !== 'string') return { ok: false, error: 'malformed' };
  if (!['owner', 'editor', 'viewer'].includes(claims.role)) return { ok: false, error: 'malformed' };
  if (claims.exp * 1000 <= nowMs) return { ok: false, error: 'expired' };
  if (claims.rid !== reportId) return { ok: false, error: 'wrong_report' };
  return { ok: true, claims };
}

/** The PartyKit room name for a report. */
export function roomName(reportId: string): string {
  return `report-${reportId}`;
}

/** The report id of a room name, or null. */
export function reportIdOfRoom(room: string): string | null {
  const m = /^report-([0-9a-f-]{36})$/.exec(room);
  return m ? m[1]! : null;
}
