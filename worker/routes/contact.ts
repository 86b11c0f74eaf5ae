// /api/contact: the public contact form. Anyone may write; a signed-in sender is recorded.
import { Hono } from 'hono';
import { contactSchema } from '../../core/api/public';
import contactMessageCreator from '../commands/contactMessageCreator';
import type { AppEnv } from '../env';
import { clientIp, enforce } from '../lib/rate-limit';
import { validate } from '../middleware/validate';
import { presentSubmission } from '../presenters/submission';

/** Messages one IP may send per window; enough for a person, too few to flood the inbox. */
export const CONTACT_LIMIT = { max: 5, windowSeconds: 600 } as const;

export const contact = new Hono<AppEnv>().post('/', validate('json', contactSchema), async (c) => {
  const db = c.get('db');
  const body = c.req.valid('json');
  await enforce(db, { key: `contact-ip:${clientIp(c)}`, ...CONTACT_LIMIT });
  const row = await contactMessageCreator(db, {
    userId: c.get('user')?.id ?? null,
    name: body.name,
    email: body.email,
    subject: body.subject,
    message: body.message,
  });
  return c.json({ data: presentSubmission(row) }, 201);
});
