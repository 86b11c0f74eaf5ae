import { createHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { creditLedger, emailCodes, sessions, users } from '../../db/schema';
import { buildUser, uniqueEmail, uniqueIp } from '../factories';
import { codeIn, expectNoSecrets, latestCode, latestMail, mailCount, sessionFrom, signUp } from '../helpers/accounts';
import { api } from '../helpers/api';
import { testDb } from '../helpers/db';

interface ApiErrorJson {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

async function errorOf(res: Response) {
  return ((await res.json()) as ApiErrorJson).error;
}

const PASSWORD = 'a long enough password';

function signupBody(email: string, overrides: Record<string, unknown> = {}) {
  return { fullName: 'Nora Newcomer', email, password: PASSWORD, passwordConfirm: PASSWORD, ...overrides };
}

/** Starts a sign-up from a fresh IP and returns the emailed code. */
async function startSignup(email: string, overrides: Record<string, unknown> = {}) {
  const res = await api('/api/auth/signup', { ip: uniqueIp(), json: signupBody(email, overrides) });
  expect(res.status).toBe(202);
  return latestCode(email);
}

function verify(email: string, code: string) {
  return api('/api/auth/signup/verify', { ip: uniqueIp(), json: { email, code } });
}

/** A code that is certainly not `code`. */
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

async function codeRows(email: string) {
  return testDb()
    .select()
    .from(emailCodes)
    .where(sql`lower(${emailCodes.email}) = lower(${email})`)
    .orderBy(desc(emailCodes.createdAt));
}

async function userByEmail(email: string) {
  const [row] = await testDb().select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return row;
}

function expectSessionCookie(res: Response) {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('seydam_session='));
  expect(cookie).toBeDefined();
  expect(cookie).toMatch(/;\s*HttpOnly/i);
  expect(cookie).toMatch(/;\s*SameSite=Lax/i);
  expect(cookie).toMatch(/;\s*Path=\//i);
  // Plain http on 127.0.0.1: a Secure cookie would never be sent back.
  expect(cookie).not.toMatch(/;\s*Secure/i);
}

function expectRetryAfter(res: Response) {
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  return retryAfter;
}

describe('POST /api/auth/signup', () => {
  it('emails a 6-digit code and stores only its hash and the password hash; no account yet', async () => {
    const email = uniqueEmail('signup');
    const res = await api('/api/auth/signup', { ip: uniqueIp(), json: signupBody(`  ${email} `) });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { data: { email: string; expiresAt: string } };
    expect(body.data.email).toBe(email);
    const ttl = Date.parse(body.data.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(10 * 60_000 + 5_000);
    expectNoSecrets(body);

    const mail = await latestMail(email);
    expect(mail).toMatchObject({ transport: 'outbox', subject: expect.stringMatching(/sign-up code/i) });
    expect(mail!.sentAt).toBeInstanceOf(Date);
    expect(mail!.text).toMatch(/expires in 10 minutes/);
    const code = codeIn(mail!.text);

    const [row, ...older] = await codeRows(email);
    expect(older).toHaveLength(0);
    expect(row).toMatchObject({ purpose: 'signup', attempts: 0, usedAt: null, email });
    expect(row!.codeHash).toBe(createHash('sha256').update(`${row!.id}:${code}`).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(code);
    const payload = row!.payload as { fullName: string; passwordHash: string };
    expect(payload.fullName).toBe('Nora Newcomer');
    expect(payload.passwordHash).toMatch(/^pbkdf2_sha256\$100000\$/);
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expect(await userByEmail(email)).toBeUndefined();
  });

  it.each([
    ['fullName', { fullName: undefined }],
    ['fullName', { fullName: '   ' }],
    ['email', { email: undefined }],
    ['email', { email: 'not an email' }],
    ['email', { email: 42 }],
    ['password', { password: undefined }],
    ['password', { password: 'short', passwordConfirm: 'short' }],
    ['password', { password: 'x'.repeat(201), passwordConfirm: 'x'.repeat(201) }],
    ['passwordConfirm', { passwordConfirm: 'something else' }],
    ['passwordConfirm', { passwordConfirm: undefined }],
  ])('answers 400 naming %s and writes nothing (%j)', async (field, overrides) => {
    const email = uniqueEmail('bad');
    const res = await api('/api/auth/signup', { ip: uniqueIp(), json: signupBody(email, overrides) });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field });
    expect(await codeRows(email)).toHaveLength(0);
    expect(await mailCount(email)).toBe(0);
  });

  it('answers 409 email_taken for a registered email, whatever its case, and sends nothing', async () => {
    const existing = await buildUser({ email: uniqueEmail('Taken') });
    const shouted = existing.email.toUpperCase();
    const res = await api('/api/auth/signup', { ip: uniqueIp(), json: signupBody(shouted) });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({ code: 'email_taken', field: 'email' });
    expect(await codeRows(existing.email)).toHaveLength(0);
    expect(await mailCount(shouted)).toBe(0);
  });

  it('limits codes per email: the 6th within the hour is 429 with Retry-After', async () => {
    const email = uniqueEmail('flood');
    for (let i = 0; i < 5; i++) {
      const res = await api('/api/auth/signup', { ip: uniqueIp(), json: signupBody(email) });
      expect(res.status).toBe(202);
    }
    // Another case of the same address counts against the same limit.
    const res = await api('/api/auth/signup', { ip: uniqueIp(), json: signupBody(email.toUpperCase()) });
    expect(res.status).toBe(429);
    expect(await errorOf(res)).toMatchObject({ code: 'rate_limited' });
    expect(expectRetryAfter(res)).toBeLessThanOrEqual(3600);
    expect(await mailCount(email)).toBe(5);
    expect(await mailCount(email.toUpperCase())).toBe(0);
  });

  it('limits codes per IP: the 21st within the hour is 429, other IPs are unaffected', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 20; i++) {
      const res = await api('/api/auth/signup', { ip, json: signupBody(uniqueEmail('ipflood')) });
      expect(res.status).toBe(202);
    }
    const email = uniqueEmail('ipflood');
    const res = await api('/api/auth/signup', { ip, json: signupBody(email) });
    expect(res.status).toBe(429);
    expectRetryAfter(res);
    expect(await mailCount(email)).toBe(0);
    // Forgot-password shares the limit: it is the same mail-sending.
    expect((await api('/api/auth/password/forgot', { ip, json: { email } })).status).toBe(429);
    expect((await api('/api/auth/signup', { ip: uniqueIp(), json: signupBody(email) })).status).toBe(202);
  });
});

describe('POST /api/auth/signup/verify', () => {
  it('creates the account with its signup credits and signs in: signup → mailed code → verify → me', async () => {
    const email = uniqueEmail('Flow');
    const code = await startSignup(email);
    // The email may be typed in another case at this step.
    const res = await verify(email.toLowerCase(), code);
    expect(res.status).toBe(201);
    expectSessionCookie(res);
    const body = (await res.json()) as { data: { user: Record<string, unknown> } };
    expectNoSecrets(body);
    expect(body.data.user).toEqual({
      id: expect.any(String),
      email,
      fullName: 'Nora Newcomer',
      isStaff: false,
      emailVerifiedAt: expect.any(String),
      createdAt: expect.any(String),
      lastLoginAt: expect.any(String),
      hasPassword: true,
    });

    const row = await userByEmail(email);
    expect(row).toMatchObject({ id: body.data.user.id, email, isActive: true });
    expect(row!.passwordHash).toMatch(/^pbkdf2_sha256\$/);
    const grants = await testDb().select().from(creditLedger).where(eq(creditLedger.userId, row!.id));
    expect(grants).toMatchObject([{ delta: 5, reason: 'signup_grant' }]);
    expect((await codeRows(email))[0]!.usedAt).toBeInstanceOf(Date);

    const me = await api('/api/auth/me', { cookie: sessionFrom(res)! });
    expect(me.status).toBe(200);
    const meBody = (await me.json()) as { data: { user: { id: string } } };
    expectNoSecrets(meBody);
    expect(meBody.data.user.id).toBe(row!.id);

    // And the password chosen at sign-up is the one that signs in.
    const login = await api('/api/auth/login', { ip: uniqueIp(), json: { email, password: PASSWORD } });
    expect(login.status).toBe(200);
  });

  it('counts wrong codes, and the 5th wrong try burns the code even for the right one', async () => {
    const email = uniqueEmail('guess');
    const code = await startSignup(email);
    for (let left = 4; left >= 0; left--) {
      const res = await verify(email, wrong(code));
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: 'invalid_code', field: 'code', details: { attemptsLeft: left } });
    }
    const res = await verify(email, code);
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'code_exhausted' });
    expect(sessionFrom(res)).toBeUndefined();
    expect(await userByEmail(email)).toBeUndefined();
  });

  it('never compares more than 5 guesses, even when they arrive at once', async () => {
    const email = uniqueEmail('race');
    const code = await startSignup(email);
    const results = await Promise.all(Array.from({ length: 12 }, () => verify(email, wrong(code))));
    const codes = await Promise.all(results.map(async (r) => (await errorOf(r)).code));
    expect(codes.filter((c) => c === 'invalid_code')).toHaveLength(5);
    expect(codes.filter((c) => c === 'code_exhausted')).toHaveLength(7);
    expect((await codeRows(email))[0]!.attempts).toBe(5);
    expect((await verify(email, code)).status).toBe(400);
  });

  it('refuses an expired code with code_expired', async () => {
    const email = uniqueEmail('late');
    const code = await startSignup(email);
    await testDb()
      .update(emailCodes)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(emailCodes.email, email));
    const res = await verify(email, code);
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'code_expired', field: 'code' });
    expect(await userByEmail(email)).toBeUndefined();
  });

  it('uses a code once', async () => {
    const email = uniqueEmail('once');
    const code = await startSignup(email);
    expect((await verify(email, code)).status).toBe(201);
    const again = await verify(email, code);
    expect(again.status).toBe(400);
    expect(await errorOf(again)).toMatchObject({ code: 'invalid_code' });
    expect(sessionFrom(again)).toBeUndefined();
    const [{ n }] = (await testDb().execute(sql`select count(*)::int as n from users where lower(email) = lower(${email})`)).rows as [{ n: number }];
    expect(n).toBe(1);
  });

  it('accepts only the newest code after signing up again', async () => {
    const email = uniqueEmail('twice');
    const first = await startSignup(email);
    const second = await startSignup(email, { fullName: 'Second Try' });
    if (first !== second) {
      const res = await verify(email, first);
      expect(await errorOf(res)).toMatchObject({ code: 'invalid_code' });
    }
    const res = await verify(email, second);
    expect(res.status).toBe(201);
    expect(((await res.json()) as { data: { user: { fullName: string } } }).data.user.fullName).toBe('Second Try');
  });

  it('answers invalid_code when no sign-up is pending for the email', async () => {
    const res = await verify(uniqueEmail('nobody'), '123456');
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'invalid_code', field: 'code' });
  });

  it('answers 409 when the email got an account while the code was pending', async () => {
    const email = uniqueEmail('sniped');
    const code = await startSignup(email);
    await buildUser({ email: email.toUpperCase() });
    const res = await verify(email, code);
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({ code: 'email_taken', field: 'email' });
  });

  it.each([
    ['code', { code: undefined }],
    ['code', { code: '12345' }],
    ['code', { code: 'abcdef' }],
    ['code', { code: 123456 }],
    ['email', { email: undefined }],
    ['email', { email: 'nope' }],
  ])('answers 400 naming %s (%j) and does not count a try', async (field, overrides) => {
    const email = uniqueEmail('badverify');
    const code = await startSignup(email);
    const res = await api('/api/auth/signup/verify', { ip: uniqueIp(), json: { email, code, ...overrides } });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field });
    expect((await codeRows(email))[0]!.attempts).toBe(0);
  });
});

describe('POST /api/auth/signup/resend', () => {
  it('sends a new code for a pending sign-up; the old code stops working', async () => {
    const email = uniqueEmail('resend');
    const first = await startSignup(email);
    const res = await api('/api/auth/signup/resend', { ip: uniqueIp(), json: { email: email.toUpperCase() } });
    expect(res.status).toBe(202);
    expect(((await res.json()) as { data: { email: string } }).data.email).toBe(email.toUpperCase());
    expect(await mailCount(email)).toBe(2);
    const second = await latestCode(email);
    const rows = await codeRows(email);
    expect(rows).toHaveLength(2);
    // The new code carries the sign-up's name and password hash; the old one is expired.
    expect(rows[0]!.payload).toEqual(rows[1]!.payload);
    expect(rows[1]!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    if (first !== second) expect(await errorOf(await verify(email, first))).toMatchObject({ code: 'invalid_code' });
    expect((await verify(email, second)).status).toBe(201);
  });

  it('revives an exhausted sign-up with a fresh code', async () => {
    const email = uniqueEmail('revive');
    const code = await startSignup(email);
    for (let i = 0; i < 5; i++) await verify(email, wrong(code));
    expect((await api('/api/auth/signup/resend', { ip: uniqueIp(), json: { email } })).status).toBe(202);
    expect((await verify(email, await latestCode(email))).status).toBe(201);
  });

  it('answers 202 and sends nothing when no sign-up is pending or the account exists', async () => {
    const unknown = uniqueEmail('ghost');
    const existing = await signUp();
    for (const email of [unknown, existing.email]) {
      const before = await mailCount(email);
      const res = await api('/api/auth/signup/resend', { ip: uniqueIp(), json: { email } });
      expect(res.status).toBe(202);
      const body = (await res.json()) as { data: { email: string; expiresAt: string } };
      expect(Object.keys(body.data).sort()).toEqual(['email', 'expiresAt']);
      expect(await mailCount(email)).toBe(before);
    }
  });

  it('shares the per-email limit with sign-up', async () => {
    const email = uniqueEmail('resendflood');
    await startSignup(email);
    for (let i = 0; i < 4; i++) expect((await api('/api/auth/signup/resend', { ip: uniqueIp(), json: { email } })).status).toBe(202);
    const res = await api('/api/auth/signup/resend', { ip: uniqueIp(), json: { email } });
    expect(res.status).toBe(429);
    expectRetryAfter(res);
    expect(await mailCount(email)).toBe(5);
  });

  it('answers 400 naming email', async () => {
    const res = await api('/api/auth/signup/resend', { ip: uniqueIp(), json: {} });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field: 'email' });
  });
});

describe('POST /api/auth/login', () => {
  it('signs in: 200, the user, a session cookie, and last login recorded', async () => {
    const person = await buildUser({ email: uniqueEmail('Login') });
    const before = await userByEmail(person.email);
    const res = await api('/api/auth/login', { ip: uniqueIp(), json: { email: person.email.toLowerCase(), password: person.password } });
    expect(res.status).toBe(200);
    expectSessionCookie(res);
    const body = (await res.json()) as { data: { user: { id: string; email: string; hasPassword: boolean } } };
    expectNoSecrets(body);
    expect(body.data.user).toMatchObject({ id: person.id, email: person.email, hasPassword: true });
    const after = await userByEmail(person.email);
    expect(after!.lastLoginAt!.getTime()).toBeGreaterThan(before!.lastLoginAt?.getTime() ?? 0);
    const me = await api('/api/auth/me', { cookie: sessionFrom(res)! });
    expect(me.status).toBe(200);
  });

  it('gives the same 401 for a wrong password, an unknown email, a disabled and a Google-only account', async () => {
    const person = await buildUser();
    const disabled = await buildUser();
    await testDb().update(users).set({ isActive: false }).where(eq(users.id, disabled.id));
    const googleOnly = await buildUser();
    await testDb().update(users).set({ passwordHash: null }).where(eq(users.id, googleOnly.id));
    const attempts = [
      { email: person.email, password: 'not the password' },
      { email: uniqueEmail('unknown'), password: person.password },
      { email: disabled.email, password: disabled.password },
      { email: googleOnly.email, password: googleOnly.password },
    ];
    const errors = [];
    for (const json of attempts) {
      const res = await api('/api/auth/login', { ip: uniqueIp(), json });
      expect(res.status).toBe(401);
      expect(sessionFrom(res)).toBeUndefined();
      errors.push(await errorOf(res));
    }
    expect(errors[0]).toMatchObject({ code: 'invalid_credentials' });
    for (const e of errors) expect(e).toEqual(errors[0]);
  });

  it('locks an email for a while after 5 failures, even for the right password', async () => {
    const person = await buildUser();
    for (let i = 0; i < 5; i++) {
      const res = await api('/api/auth/login', { ip: uniqueIp(), json: { email: person.email, password: `wrong ${i}` } });
      expect(res.status).toBe(401);
    }
    const res = await api('/api/auth/login', { ip: uniqueIp(), json: { email: person.email.toUpperCase(), password: person.password } });
    expect(res.status).toBe(429);
    expect(await errorOf(res)).toMatchObject({ code: 'rate_limited' });
    const retryAfter = expectRetryAfter(res);
    expect(retryAfter).toBeLessThanOrEqual(30 * 60);
    expect(sessionFrom(res)).toBeUndefined();
    // The lock is per email: someone else still signs in.
    const other = await buildUser();
    expect((await api('/api/auth/login', { ip: uniqueIp(), json: { email: other.email, password: other.password } })).status).toBe(200);
  });

  it('clears an email’s failures after a successful sign-in', async () => {
    const person = await buildUser();
    for (let i = 0; i < 4; i++) await api('/api/auth/login', { ip: uniqueIp(), json: { email: person.email, password: 'wrong' } });
    expect((await api('/api/auth/login', { ip: uniqueIp(), json: { email: person.email, password: person.password } })).status).toBe(200);
    for (let i = 0; i < 4; i++) await api('/api/auth/login', { ip: uniqueIp(), json: { email: person.email, password: 'wrong' } });
    expect((await api('/api/auth/login', { ip: uniqueIp(), json: { email: person.email, password: person.password } })).status).toBe(200);
  });

  it('caps failures per IP across emails', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 20; i++) {
      const res = await api('/api/auth/login', { ip, json: { email: uniqueEmail('spray'), password: 'guess' } });
      expect(res.status).toBe(401);
    }
    const person = await buildUser();
    const res = await api('/api/auth/login', { ip, json: { email: person.email, password: person.password } });
    expect(res.status).toBe(429);
    expectRetryAfter(res);
    expect((await api('/api/auth/login', { ip: uniqueIp(), json: { email: person.email, password: person.password } })).status).toBe(200);
  });

  it('re-hashes a password made with fewer iterations', async () => {
    const person = await buildUser();
    const salt = randomBytes(16);
    const weak = `pbkdf2_sha256$1000$${salt.toString('base64')}$${pbkdf2Sync(person.password, salt, 1000, 32, 'sha256').toString('base64')}`;
    await testDb().update(users).set({ passwordHash: weak }).where(eq(users.id, person.id));
    const res = await api('/api/auth/login', { ip: uniqueIp(), json: { email: person.email, password: person.password } });
    expect(res.status).toBe(200);
    const row = await userByEmail(person.email);
    expect(row!.passwordHash).toMatch(/^pbkdf2_sha256\$100000\$/);
    expect((await api('/api/auth/login', { ip: uniqueIp(), json: { email: person.email, password: person.password } })).status).toBe(200);
  });

  it.each([
    ['email', { email: undefined }],
    ['email', { email: 'nope' }],
    ['password', { password: undefined }],
    ['password', { password: 12345678 }],
  ])('answers 400 naming %s (%j)', async (field, overrides) => {
    const res = await api('/api/auth/login', { ip: uniqueIp(), json: { email: uniqueEmail(), password: 'whatever', ...overrides } });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field });
  });
});

describe('POST /api/auth/logout', () => {
  it('ends the session and clears the cookie', async () => {
    const person = await buildUser();
    const res = await api('/api/auth/logout', { method: 'POST', cookie: person.session });
    expect(res.status).toBe(204);
    const cleared = res.headers.getSetCookie().find((c) => c.startsWith('seydam_session='));
    expect(cleared).toMatch(/^seydam_session=;/);
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect((await api('/api/auth/me', { cookie: person.session })).status).toBe(401);
    const [row] = await testDb().select().from(sessions).where(eq(sessions.userId, person.id));
    expect(row!.revokedAt).toBeInstanceOf(Date);
  });

  it('leaves the person’s other sessions alone', async () => {
    const person = await buildUser();
    const login = await api('/api/auth/login', { ip: uniqueIp(), json: { email: person.email, password: person.password } });
    expect((await api('/api/auth/logout', { method: 'POST', cookie: sessionFrom(login)! })).status).toBe(204);
    expect((await api('/api/auth/me', { cookie: person.session })).status).toBe(200);
  });

  it('answers 204 without a session', async () => {
    expect((await api('/api/auth/logout', { method: 'POST' })).status).toBe(204);
  });

  it('with an API token: 204 and nothing is revoked', async () => {
    const person = await buildUser();
    const created = await api('/api/account/tokens', { cookie: person.session, json: { name: 'cli' } });
    const { token } = ((await created.json()) as { data: { token: string } }).data;
    expect((await api('/api/auth/logout', { method: 'POST', bearer: token })).status).toBe(204);
    expect((await api('/api/auth/me', { bearer: token })).status).toBe(200);
    expect((await api('/api/auth/me', { cookie: person.session })).status).toBe(200);
  });
});

describe('GET /api/auth/me', () => {
  it('answers 401 without a session', async () => {
    const res = await api('/api/auth/me');
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toMatchObject({ code: 'unauthenticated' });
  });

  it('answers the user for a cookie or the same secret as a bearer', async () => {
    const person = await buildUser({ fullName: 'Mia Me' });
    for (const res of [await api('/api/auth/me', { cookie: person.session }), await api('/api/auth/me', { bearer: person.session })]) {
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: { user: Record<string, unknown> } };
      expectNoSecrets(body);
      expect(body.data.user).toMatchObject({ id: person.id, email: person.email, fullName: 'Mia Me' });
    }
  });

  it('answers 401 for an expired session', async () => {
    const person = await buildUser();
    await testDb().update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, person.id));
    expect((await api('/api/auth/me', { cookie: person.session })).status).toBe(401);
  });
});

describe('POST /api/auth/password/forgot', () => {
  it('emails a reset code to an account, and answers an unknown email the same way without mail', async () => {
    const person = await buildUser();
    const unknown = uniqueEmail('forgotten');
    const answers = [];
    for (const email of [person.email, unknown]) {
      const res = await api('/api/auth/password/forgot', { ip: uniqueIp(), json: { email } });
      expect(res.status).toBe(202);
      const body = (await res.json()) as { data: { email: string; expiresAt: string } };
      answers.push(Object.keys(body.data).sort());
    }
    expect(answers[0]).toEqual(answers[1]);
    const mail = await latestMail(person.email);
    expect(mail!.subject).toMatch(/reset/i);
    expect(mail!.text).toMatch(/expires in 10 minutes/);
    codeIn(mail!.text);
    expect(await mailCount(unknown)).toBe(0);
  });

  it('sends nothing to a disabled account', async () => {
    const person = await buildUser();
    await testDb().update(users).set({ isActive: false }).where(eq(users.id, person.id));
    expect((await api('/api/auth/password/forgot', { ip: uniqueIp(), json: { email: person.email } })).status).toBe(202);
    expect(await mailCount(person.email)).toBe(0);
  });

  it('is limited per email', async () => {
    const person = await buildUser();
    for (let i = 0; i < 5; i++) expect((await api('/api/auth/password/forgot', { ip: uniqueIp(), json: { email: person.email } })).status).toBe(202);
    const res = await api('/api/auth/password/forgot', { ip: uniqueIp(), json: { email: person.email } });
    expect(res.status).toBe(429);
    expectRetryAfter(res);
    expect(await mailCount(person.email)).toBe(5);
  });

  it('answers 400 naming email', async () => {
    const res = await api('/api/auth/password/forgot', { ip: uniqueIp(), json: { email: 'nope' } });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field: 'email' });
  });
});

describe('POST /api/auth/password/reset', () => {
  const NEW_PASSWORD = 'a brand new password';

  async function forgot(email: string) {
    expect((await api('/api/auth/password/forgot', { ip: uniqueIp(), json: { email } })).status).toBe(202);
    return latestCode(email);
  }

  function reset(email: string, code: string, password = NEW_PASSWORD, passwordConfirm = password) {
    return api('/api/auth/password/reset', { ip: uniqueIp(), json: { email, code, password, passwordConfirm } });
  }

  it('sets the new password and ends every session', async () => {
    const person = await buildUser();
    const login = await api('/api/auth/login', { ip: uniqueIp(), json: { email: person.email, password: person.password } });
    const second = sessionFrom(login)!;
    const code = await forgot(person.email);
    const res = await reset(person.email.toUpperCase(), code);
    expect(res.status).toBe(200);
    expectNoSecrets(await res.json());
    expect((await api('/api/auth/me', { cookie: person.session })).status).toBe(401);
    expect((await api('/api/auth/me', { cookie: second })).status).toBe(401);
    const live = await testDb()
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, person.id), sql`${sessions.revokedAt} is null`));
    expect(live).toHaveLength(0);
    expect((await api('/api/auth/login', { ip: uniqueIp(), json: { email: person.email, password: person.password } })).status).toBe(401);
    expect((await api('/api/auth/login', { ip: uniqueIp(), json: { email: person.email, password: NEW_PASSWORD } })).status).toBe(200);
    // And the code is spent.
    const again = await reset(person.email, code, 'yet another password');
    expect(await errorOf(again)).toMatchObject({ code: 'invalid_code' });
  });

  it('counts wrong codes and burns the code at the 5th; the password is unchanged', async () => {
    const person = await buildUser();
    const code = await forgot(person.email);
    for (let left = 4; left >= 0; left--) {
      expect(await errorOf(await reset(person.email, wrong(code)))).toMatchObject({ code: 'invalid_code', details: { attemptsLeft: left } });
    }
    expect(await errorOf(await reset(person.email, code))).toMatchObject({ code: 'code_exhausted' });
    expect((await api('/api/auth/me', { cookie: person.session })).status).toBe(200);
    expect((await api('/api/auth/login', { ip: uniqueIp(), json: { email: person.email, password: person.password } })).status).toBe(200);
  });

  it('refuses an expired code', async () => {
    const person = await buildUser();
    const code = await forgot(person.email);
    await testDb()
      .update(emailCodes)
      .set({ expiresAt: sql`now() - interval '11 minutes'` })
      .where(and(eq(emailCodes.email, person.email), eq(emailCodes.purpose, 'reset')));
    const res = await reset(person.email, code);
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'code_expired' });
    expect((await api('/api/auth/me', { cookie: person.session })).status).toBe(200);
  });

  it('does not accept a sign-up code', async () => {
    const email = uniqueEmail('mixed');
    const code = await startSignup(email);
    await buildUser({ email });
    expect(await errorOf(await reset(email, code))).toMatchObject({ code: 'invalid_code' });
  });

  it('answers a guess for an unknown email exactly like one for a real account', async () => {
    const person = await buildUser();
    const unknown = uniqueEmail('nobody');
    const realCode = await forgot(person.email);
    expect((await api('/api/auth/password/forgot', { ip: uniqueIp(), json: { email: unknown } })).status).toBe(202);
    const real = await errorOf(await reset(person.email, wrong(realCode)));
    const fake = await errorOf(await reset(unknown, wrong(realCode)));
    expect(fake).toEqual(real);
  });

  it.each([
    ['password', { password: 'short', passwordConfirm: 'short' }],
    ['passwordConfirm', { passwordConfirm: 'different password' }],
    ['code', { code: 'abc' }],
    ['email', { email: undefined }],
  ])('answers 400 naming %s (%j) and changes nothing', async (field, overrides) => {
    const person = await buildUser();
    const code = await forgot(person.email);
    const res = await api('/api/auth/password/reset', {
      ip: uniqueIp(),
      json: { email: person.email, code, password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD, ...overrides },
    });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toMatchObject({ code: 'validation_error', field });
    expect((await api('/api/auth/me', { cookie: person.session })).status).toBe(200);
    expect((await codeRows(person.email))[0]).toMatchObject({ attempts: 0, usedAt: null });
  });
});
