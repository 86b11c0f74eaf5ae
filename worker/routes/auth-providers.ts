// GET /api/auth/providers: which sign-in methods this deployment offers, so the login page shows
// the Google button only when Google is configured.
import { Hono } from 'hono';
import type { AuthProviders } from '../../core/api/oauth';
import type { AppEnv } from '../env';
import { googleConfig } from '../lib/google';

export const authProviders = new Hono<AppEnv>().get('/', (c) => {
  const data: AuthProviders = { google: googleConfig(c.env) !== null, password: true };
  return c.json({ data });
});
