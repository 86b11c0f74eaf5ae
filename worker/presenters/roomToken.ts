// What the API sends for a room token: the listed fields only.
import type { RoomTokenDto } from '../../core/api/room-token';
import type { ReportRole } from '../../core/api/reports';

export interface IssuedRoomToken {
  token: string;
  /** The rooms' base URL as configured (http(s) or ws(s)). */
  baseUrl: string;
  room: string;
  role: ReportRole;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** A room token with where to use it. */
export function presentRoomToken(issued: IssuedRoomToken): RoomTokenDto {
  return {
    token: issued.token,
    url: issued.baseUrl.replace(/^http(s?):\/\//, 'ws$1://').replace(/\/+$/, ''),
    room: issued.room,
    party: 'main',
    role: issued.role,
    expiresAt: new Date(issued.exp * 1000).toISOString(),
  };
}
