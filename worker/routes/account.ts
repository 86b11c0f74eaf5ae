// /api/account: the signed-in person's profile, password, account deletion and API tokens. Only ever
// their own: another person's token id answers 404.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { accountDeleteSchema, accountUpdateSchema, apiTokenCreateSchema, apiTokenIdParam, passwordChangeSchema } from '../../core/api/account';
import type { Db } from '../../db/client';
import { apiTokens, type User } from '../../db/schema';
import accountDeleter from '../commands/accountDeleter';
import accountUpdater from '../commands/accountUpdater';
import apiTokenCreator from '../commands/apiTokenCreator';
import apiTokenRevoker from '../commands/apiTokenRevoker';
import passwordChanger from '../commands/passwordChanger';
import type { AppEnv } from '../env';
import { apiError, notFound } from '../errors';
import { assertNotLocked, clearFailures, reauthFailureLimit, recordFailure } from '../lib/auth-limits';
import { verifyPassword } from '../lib/password';
import { clearSessionCookie } from '../lib/sessions';
import { accountObjects, cleanUpAccountObjects } from '../lib/uploads/storage';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { presentApiToken, presentCreatedApiToken } from '../presenters/apiToken';
import { presentUser } from '../presenters/user';

/**
 * Checks the password a person re-enters before a sensitive change. Failures count towards a lock of
 * their own, so a stolen session cannot be used to guess the password either.
 */
async function confirmPassword(db: Db, user: User, password: string | undefined, field: string): Promise<void> {
  if (!user.passwordHash) {
    throw apiError(400, 'no_password', 'This account signs in with Google and has no password. Use "Forgot password" to set one.', { field });
  }
  if (password === undefined) throw apiError(400, 'validation_error', `${field}: Required`, { field });
  const limit = reauthFailureLimit(user.id);
  await assertNotLocked(db, [limit]);
  if (!(await verifyPassword(password, user.passwordHash))) {
    await recordFailure(db, [limit]);
    throw apiError(400, 'wrong_password', 'That is not your current password.', { field });
  }
  await clearFailures(db, limit);
}

export const account = new Hono<AppEnv>()
  .get('/', requireUser, (c) => c.json({ data: presentUser(c.get('user')) }))

  .patch('/', requireUser, validate('json', accountUpdateSchema), async (c) => {
    const user = await accountUpdater(c.get('db'), { userId: c.get('user').id, fullName: c.req.valid('json').fullName });
    return c.json({ data: presentUser(user) });
  })

  .post('/password', requireUser, validate('json', passwordChangeSchema), async (c) => {
    const { currentPassword, newPassword } = c.req.valid('json');
    const db = c.get('db');
    await confirmPassword(db, c.get('user'), currentPassword, 'currentPassword');
    const current = c.get('auth');
    const user = await passwordChanger(db, {
      userId: c.get('user').id,
      newPassword,
      keepSessionId: current.kind === 'session' ? current.sessionId : undefined,
    });
    return c.json({ data: presentUser(user) });
  })

  .delete('/', requireUser, validate('json', accountDeleteSchema), async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    // An account that signs in only with Google has no password to re-enter.
    if (user.passwordHash) await confirmPassword(db, user, c.req.valid('json').password, 'password');
    // Rows cascade with the account; R2 has no foreign keys, so its files are listed first and removed after.
    const objects = await accountObjects(db, user.id);
    await accountDeleter(db, { userId: user.id });
    await cleanUpAccountObjects(c.env.UPLOADS, objects);
    clearSessionCookie(c);
    return c.body(null, 204);
  })

  .get('/tokens', requireUser, async (c) => {
    const rows = await c
      .get('db')
      .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, c.get('user').id), isNull(apiTokens.revokedAt)))
      .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
    return c.json({ data: rows.map(presentApiToken) });
  })

  .post('/tokens', requireUser, validate('json', apiTokenCreateSchema), async (c) => {
    const { token, secret } = await apiTokenCreator(c.get('db'), { userId: c.get('user').id, name: c.req.valid('json').name });
    return c.json({ data: presentCreatedApiToken(token, secret) }, 201);
  })

  .delete('/tokens/:id', requireUser, validate('param', apiTokenIdParam), async (c) => {
    const revoked = await apiTokenRevoker(c.get('db'), { tokenId: c.req.valid('param').id, userId: c.get('user').id });
    if (!revoked) throw notFound('API token');
    return c.body(null, 204);
  });
