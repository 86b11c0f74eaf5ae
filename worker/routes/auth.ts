// /api/auth: email sign-up with a 6-digit code, password sign-in and sign-out, the current user, and
// password reset by code. Sending codes is rate-limited per email and per IP; password guessing locks
// an email (and an IP) for a while after repeated failures.
import { Hono } from 'hono';
import { emailOnlySchema, loginSchema, passwordResetSchema, signupSchema, signupVerifySchema } from '../../core/api/auth';
import loginRecorder from '../commands/loginRecorder';
import passwordResetRequester from '../commands/passwordResetRequester';
import passwordResetter from '../commands/passwordResetter';
import sessionRevoker from '../commands/sessionRevoker';
import signupCompleter from '../commands/signupCompleter';
import signupResender from '../commands/signupResender';
import signupStarter from '../commands/signupStarter';
import { signupCredits } from '../commands/userCreator';
import type { AppEnv } from '../env';
import { apiError } from '../errors';
import { assertNotLocked, clearFailures, limitCodeMail, loginFailureLimits, recordFailure } from '../lib/auth-limits';
import { mailerFor } from '../lib/mailer';
import { dummyPasswordHash, verifyPassword } from '../lib/password';
import { clientIp } from '../lib/rate-limit';
import { clearSessionCookie, createSession, setSessionCookie } from '../lib/sessions';
import { findUserByEmail } from '../lib/users';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import { presentCodeSent } from '../presenters/emailCode';
import { presentUser } from '../presenters/user';

// One answer for an unknown email, a wrong password and a disabled account: none is revealed.
const invalidCredentials = () => apiError(401, 'invalid_credentials', 'That email and password do not match an account.');

export const auth = new Hono<AppEnv>()
  .post('/signup', validate('json', signupSchema), async (c) => {
    const { email, fullName, password } = c.req.valid('json');
    const db = c.get('db');
    await limitCodeMail(db, email, clientIp(c));
    const { expiresAt } = await signupStarter(db, { email, fullName, password, mailer: mailerFor(c.env, db) });
    return c.json({ data: presentCodeSent(email, expiresAt) }, 202);
  })

  .post('/signup/verify', validate('json', signupVerifySchema), async (c) => {
    const { email, code } = c.req.valid('json');
    const db = c.get('db');
    const user = await signupCompleter(db, { email, code, signupCredits: signupCredits(c.env) });
    const session = await createSession(db, user.id, { userAgent: c.req.header('user-agent'), ip: clientIp(c) });
    setSessionCookie(c, session.secret, session.expiresAt);
    return c.json({ data: { user: presentUser(user) } }, 201);
  })

  .post('/signup/resend', validate('json', emailOnlySchema), async (c) => {
    const { email } = c.req.valid('json');
    const db = c.get('db');
    await limitCodeMail(db, email, clientIp(c));
    // The same answer whether or not a sign-up is pending for this email.
    const { expiresAt } = await signupResender(db, { email, mailer: mailerFor(c.env, db) });
    return c.json({ data: presentCodeSent(email, expiresAt) }, 202);
  })

  .post('/login', validate('json', loginSchema), async (c) => {
    const { email, password } = c.req.valid('json');
    const db = c.get('db');
    const ip = clientIp(c);
    const limits = loginFailureLimits(email, ip);
    await assertNotLocked(db, limits);
    const user = await findUserByEmail(db, email);
    // Always run the KDF, so an unknown email takes as long as a wrong password.
    const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !user.passwordHash || !user.isActive || !matches) {
      await recordFailure(db, limits);
      throw invalidCredentials();
    }
    await clearFailures(db, limits[0]!);
    const signedIn = await loginRecorder(db, { user, password, userAgent: c.req.header('user-agent'), ip });
    setSessionCookie(c, signedIn.session.secret, signedIn.session.expiresAt);
    return c.json({ data: { user: presentUser(signedIn.user) } });
  })

  .post('/logout', async (c) => {
    const current = c.get('auth');
    // Signing out ends the session it was made with; an API token is revoked on its own page instead.
    if (current?.kind === 'session') await sessionRevoker(c.get('db'), { sessionId: current.sessionId });
    clearSessionCookie(c);
    return c.body(null, 204);
  })

  .get('/me', requireUser, (c) => c.json({ data: { user: presentUser(c.get('user')) } }))

  .post('/password/forgot', validate('json', emailOnlySchema), async (c) => {
    const { email } = c.req.valid('json');
    const db = c.get('db');
    await limitCodeMail(db, email, clientIp(c));
    // 202 whatever happened: an unknown email, a disabled account and a failed mail look alike.
    const { expiresAt } = await passwordResetRequester(db, { email, mailer: mailerFor(c.env, db) });
    return c.json({ data: presentCodeSent(email, expiresAt) }, 202);
  })

  .post('/password/reset', validate('json', passwordResetSchema), async (c) => {
    const { email, code, password } = c.req.valid('json');
    await passwordResetter(c.get('db'), { email, code, password });
    return c.json({ data: { email } });
  });
