// /api/waitlist: join the waitlist. Joining twice is fine and answers the same, so the endpoint
// never tells who is already on it.
import { Hono } from 'hono';
import { waitlistSchema } from '../../core/api/public';
import waitlistEntryCreator from '../commands/waitlistEntryCreator';
import type { AppEnv } from '../env';
import { clientIp, enforce } from '../lib/rate-limit';
import { validate } from '../middleware/validate';
import { presentWaitlist } from '../presenters/submission';

/** Sign-ups one IP may send per window. */
export const WAITLIST_LIMIT = { max: 10, windowSeconds: 600 } as const;

export const waitlist = new Hono<AppEnv>().post('/', validate('json', waitlistSchema), async (c) => {
  const db = c.get('db');
  const { email, source } = c.req.valid('json');
  await enforce(db, { key: `waitlist-ip:${clientIp(c)}`, ...WAITLIST_LIMIT });
  await waitlistEntryCreator(db, { email, source });
  return c.json({ data: presentWaitlist(email.toLowerCase()) });
});
