// /api/share-links: accepting a share link someone was given. Any signed-in person may accept; the
// link decides the report and the role.
import { Hono } from 'hono';
import { acceptShareLinkSchema } from '../../core/api/sharing';
import shareLinkAccepter from '../commands/shareLinkAccepter';
import type { AppEnv } from '../env';
import { apiError } from '../errors';
import { enforce } from '../lib/rate-limit';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { presentAcceptedShareLink } from '../presenters/shareLink';

export const shareLinks = new Hono<AppEnv>().post('/accept', requireUser, validate('json', acceptShareLinkSchema), async (c) => {
  const db = c.get('db');
  const user = c.get('user');
  await enforce(db, { key: `share-accept:${user.id}`, max: 30, windowSeconds: 600 });
  const result = await shareLinkAccepter(db, { token: c.req.valid('json').token, user });
  switch (result.kind) {
    case 'invalid':
      // Unknown, revoked and expired look alike: the caller learns nothing about other links.
      throw apiError(404, 'link_invalid', 'This share link does not work any more. Ask the owner for a new one.');
    case 'accepted':
      return c.json({ data: presentAcceptedShareLink(result.reportId, result.role) });
    default:
      return result satisfies never;
  }
});
