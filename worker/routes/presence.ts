// /api/reports/:id/presence: who is in the report's live room right now (anyone on the report may ask).
import { Hono } from 'hono';
import { reportIdParam } from '../../core/api/reports';
import type { AppEnv } from '../env';
import { roomPresence } from '../lib/room-client';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { loadAuthorizedReport } from '../policies/report';
import { presentPresence } from '../presenters/presence';

export const presence = new Hono<AppEnv>().get('/:id/presence', requireUser, validate('param', reportIdParam), async (c) => {
  const { id } = c.req.valid('param');
  await loadAuthorizedReport(c.get('db'), id, c.get('user').id, 'read');
  return c.json({ data: (await roomPresence(c.env, id)).map(presentPresence) });
});
