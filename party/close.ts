// How the room refuses or ends a connection. The socket is accepted and then closed with one of
// these codes, because a browser's WebSocket never sees the body of a refused HTTP upgrade: the
// close code and reason are the only thing a client can read. Reasons are `<category>: <detail>`.
import type * as Party from 'partykit/server';

export const CLOSE = {
  /** No token, or one that is malformed, badly signed or expired: fetch a new token and retry. */
  unauthorized: 4401,
  /** A token for another report, a token issued before the user was removed, or a removal (kick). */
  forbidden: 4403,
  /** The room is not a report's room, or the report was deleted. */
  notFound: 4404,
  /** The room could not load the document (the worker was unreachable): retry later. */
  unavailable: 4500,
  /** A message larger than the room accepts. */
  tooLarge: 1009,
} as const;

export type CloseCode = (typeof CLOSE)[keyof typeof CLOSE];

/** A refusal: the code and the reason the client reads. */
export interface Refusal {
  code: CloseCode;
  reason: string;
}

/** Closes `conn` with a refusal; a socket that is already closing is left alone. */
export function refuse(conn: Party.Connection, refusal: Refusal): void {
  try {
    conn.close(refusal.code, refusal.reason);
  } catch {
    // Already closed by the client.
  }
}
