// Guards the worker's internal endpoints (/internal/*), which only the PartyKit rooms call:
// `Authorization: Bearer INTERNAL_SECRET`, compared in constant time.
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { apiError } from '../errors';
import { sha256Hex, timingSafeEqualString } from '../lib/bytes';

export const requireInternalSecret = createMiddleware<AppEnv>(async (c, next) => {
  const secret = c.env.INTERNAL_SECRET;
  if (!secret) throw apiError(503, 'rooms_unavailable', 'Live rooms are not configured.');
  const header = c.req.header('authorization') ?? '';
  const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  // Digests have one length whatever was sent, so the comparison time says nothing about the secret.
  const [a, b] = await Promise.all([sha256Hex(given), sha256Hex(secret)]);
  if (!given || !timingSafeEqualString(a, b)) throw apiError(401, 'unauthenticated', 'A valid internal secret is required.');
  await next();
});
