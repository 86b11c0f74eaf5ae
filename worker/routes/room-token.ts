// /api/reports/:id/room-token: a short-lived ticket to the report's live room, for the caller's
// role on the report. The room checks it on connect (party/auth.ts).
import { Hono } from 'hono';
import { ROOM_TOKEN_TTL_SECONDS } from '../../core/api/room-token';
import { reportIdParam } from '../../core/api/reports';
import { roomName, signRoomToken } from '../../core/room/token';
import type { AppEnv } from '../env';
import { apiError } from '../errors';
import { presenceColor } from '../lib/presence-color';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { loadAuthorizedReport } from '../policies/report';
import { presentRoomToken } from '../presenters/roomToken';

export const roomToken = new Hono<AppEnv>().get('/:id/room-token', requireUser, validate('param', reportIdParam), async (c) => {
  const user = c.get('user');
  const { id } = c.req.valid('param');
  const { role } = await loadAuthorizedReport(c.get('db'), id, user.id, 'read');
  const secret = c.env.ROOM_TOKEN_SECRET;
  const baseUrl = c.env.PARTY_PUBLIC_URL || c.env.PARTY_URL;
  if (!secret || !baseUrl) throw apiError(503, 'rooms_unavailable', 'Live rooms are not configured.');
  const exp = Math.floor(Date.now() / 1000) + ROOM_TOKEN_TTL_SECONDS;
  const token = await signRoomToken({ sub: user.id, rid: id, role, name: user.fullName, color: presenceColor(user.id), exp }, secret);
  // A bearer credential: never cached.
  c.header('cache-control', 'no-store');
  return c.json({ data: presentRoomToken({ token, baseUrl, room: roomName(id), role, exp }) });
});
