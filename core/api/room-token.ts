// GET /api/reports/:id/room-token: the ticket a client presents to open the report's live room.
import type { ReportRole } from './reports';

/**
 * How long a room token lives. The room also uses it to tell tokens issued before a kick (which it
 * refuses) from tokens issued after, so the worker and the room must agree on it.
 */
export const ROOM_TOKEN_TTL_SECONDS = 5 * 60;

/** What the room-token route answers. */
export interface RoomTokenDto {
  /** Pass as the `token` query parameter of the WebSocket URL. */
  token: string;
  /** The rooms' WebSocket base URL, e.g. `wss://rooms.example.com` (the provider's host). */
  url: string;
  /** The room's name, `report-<id>`. */
  room: string;
  /** The PartyKit party the room lives in. */
  party: 'main';
  role: ReportRole;
  /** ISO time after which the room refuses the token; fetch a new one to reconnect. */
  expiresAt: string;
}
