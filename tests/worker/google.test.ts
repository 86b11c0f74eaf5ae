// Google sign-in end to end: a second worker configured for Google, a fake OIDC provider, and a
// browser-like walk through the redirects with a cookie jar.
import { createHash, createPublicKey, createVerify, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeChallengeMethod, generateCodeVerifier, OAuth2Client } from 'arctic';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { creditLedger, oauthIdentities, sessions, users } from '../../db/schema';
import { freePort } from '../../scripts/lib/ports';
import { startTestWorker, type RunningWorker } from '../helpers/worker';
import { jwtClaims, s256, startFakeOidc, type FakeGoogleUser, type FakeOidc } from '../fakes/oidc';
import { buildUser, uniqueEmail } from '../factories';
import { api, fetchWorker } from '../helpers/api';
import { testDb } from '../helpers/db';
import { TEST_WORKER_VARS } from '../setup/vars';

const CLIENT_ID = '1234567890-seydamtest.apps.googleusercontent.com';
const CLIENT_SECRET = 'GOCSPX-test-secret';
const APP = 'http://localhost:5173';

let fake: FakeOidc;
let worker: RunningWorker;
let persistTo: string;
let callbackUrl: string;

beforeAll(async () => {
  fake = await startFakeOidc({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  persistTo = mkdtempSync(join(tmpdir(), 'seydam-wrangler-google-'));
  const port = await freePort();
  callbackUrl = `http://127.0.0.1:${port}/api/auth/google/callback`;
  fake.registerRedirectUri(callbackUrl);
  worker = await startTestWorker({
    port,
    persistTo,
    vars: {
      ...TEST_WORKER_VARS,
      APP_ORIGIN: APP,
      DATABASE_URL: inject('databaseUrl'),
      DB_WS_PROXY: inject('dbWsProxy'),
      GOOGLE_CLIENT_ID: CLIENT_ID,
      GOOGLE_CLIENT_SECRET: CLIENT_SECRET,
      GOOGLE_AUTH_URL: fake.authUrl,
      GOOGLE_TOKEN_URL: fake.tokenUrl,
      GOOGLE_ISSUER: fake.issuer,
    },
  });
});

afterAll(async () => {
  await worker?.stop();
  await fake?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

/** A person with a fresh Google account id and address. */
function googleUser(overrides: Partial<FakeGoogleUser> = {}): FakeGoogleUser {
  return { sub: String(BigInt(`0x${randomBytes(8).toString('hex')}`)), email: uniqueEmail('google'), email_verified: true, name: 'Gail Google', ...overrides };
}

/** The cookies a browser would keep for the worker's host: name → value, honouring Max-Age/Expires and Path. */
class CookieJar {
  private cookies = new Map<string, { value: string; path: string }>();

  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      let path = '/';
      let expired = false;
      for (const attr of attrs) {
        const [k, v = ''] = attr.split('=');
        const key = k!.toLowerCase();
        if (key === 'path') path = v;
        if (key === 'max-age' && Number(v) <= 0) expired = true;
        if (key === 'expires' && Date.parse(v) <= Date.now()) expired = true;
      }
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
  }

  header(url: string): string {
    const path = new URL(url).pathname;
    return [...this.cookies]
      .filter(([, c]) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }

  get(name: string): string | undefined {
    const v = this.cookies.get(name)?.value;
    return v === undefined ? undefined : decodeURIComponent(v);
  }

  set(name: string, value: string, path = '/api/auth/google'): void {
    this.cookies.set(name, { value: encodeURIComponent(value), path });
  }

  delete(name: string): void {
    this.cookies.delete(name);
  }
}

/** A GET the way a browser navigates: cookies from the jar, no automatic redirects. */
async function navigate(url: string, jar: CookieJar): Promise<Response> {
  const cookie = jar.header(url);
  const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  jar.store(res);
  return res;
}

interface Flow {
  jar: CookieJar;
  start: Response;
  /** The provider's redirect back to our callback. */
  returnUrl: string;
  callback: Response;
}

/** Starts at GET /api/auth/google and lets the fake provider sign `person` in, stopping before the callback. */
async function startGoogleFlow(person: FakeGoogleUser, next?: string): Promise<{ jar: CookieJar; start: Response; back: URL }> {
  const jar = new CookieJar();
  fake.setUser(person);
  const query = next === undefined ? '' : `?next=${encodeURIComponent(next)}`;
  const start = await navigate(`${worker.url}/api/auth/google${query}`, jar);
  expect(start.status).toBe(302);
  const authorize = await navigate(start.headers.get('location')!, jar);
  expect(authorize.status).toBe(302);
  const back = new URL(authorize.headers.get('location')!);
  expect(`${back.origin}${back.pathname}`).toBe(callbackUrl);
  return { jar, start, back };
}

/** The whole walk, callback included. `beforeCallback` plays the attacker or the unlucky browser. */
async function signInWithGoogle(
  person: FakeGoogleUser,
  opts: { next?: string; beforeCallback?: (jar: CookieJar, returnUrl: URL) => void } = {},
): Promise<Flow> {
  const { jar, start, back } = await startGoogleFlow(person, opts.next);
  opts.beforeCallback?.(jar, back);
  const callback = await navigate(back.toString(), jar);
  return { jar, start, returnUrl: back.toString(), callback };
}

async function usersWithEmail(email: string) {
  return testDb().select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
}

async function googleIdentity(sub: string) {
  const rows = await testDb()
    .select()
    .from(oauthIdentities)
    .where(and(eq(oauthIdentities.provider, 'google'), eq(oauthIdentities.providerUserId, sub)));
  return rows;
}

/** The user a session cookie value belongs to, read from the sessions table (stored as SHA-256 hex). */
async function sessionOwner(secret: string): Promise<string | undefined> {
  const tokenHash = createHash('sha256').update(secret).digest('hex');
  const [row] = await testDb().select().from(sessions).where(eq(sessions.tokenHash, tokenHash));
  return row?.userId;
}

/** GET /api/auth/me on the Google worker with a session cookie, the way the web app would call it. */
async function me(secret: string): Promise<Response> {
  return fetchWorker(`${worker.url}/api/auth/me`, { headers: { cookie: `seydam_session=${secret}` } });
}

/** Asserts the flow ended on the login page with `error`, signed in as nobody. */
function expectRefused(flow: Flow, error: string): void {
  expect(flow.callback.status).toBe(302);
  expect(flow.callback.headers.get('location')).toBe(`${APP}/login?error=${error}`);
  expect(flow.jar.get('seydam_session')).toBeUndefined();
  // The flow's cookies are gone: the same callback cannot be tried again.
  expect(flow.jar.get('seydam_google_state')).toBeUndefined();
  expect(flow.jar.get('seydam_google_verifier')).toBeUndefined();
}

beforeEach(() => {
  fake.tokenRequests.length = 0;
});

describe('GET /api/auth/providers', () => {
  it('reports Google off on a worker without its client id and secret', async () => {
    const res = await api('/api/auth/providers');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { google: false, password: true } });
  });

  it('reports Google on when it is configured', async () => {
    const res = await fetchWorker(`${worker.url}/api/auth/providers`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { google: true, password: true } });
  });
});

describe('GET /api/auth/google', () => {
  it('answers 404 google_disabled when Google is not configured, and sets no cookie', async () => {
    const res = await api('/api/auth/google');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('google_disabled');
    expect(res.headers.getSetCookie()).toEqual([]);
    const callback = await api('/api/auth/google/callback?code=x&state=y');
    expect(callback.status).toBe(404);
    expect((await callback.json()).error.code).toBe('google_disabled');
  });

  it('redirects to the provider with state, PKCE (S256) and the openid scopes, keeping the secrets in short-lived cookies', async () => {
    const jar = new CookieJar();
    const res = await navigate(`${worker.url}/api/auth/google?next=/reports`, jar);
    expect(res.status).toBe(302);
    const target = new URL(res.headers.get('location')!);
    expect(`${target.origin}${target.pathname}`).toBe(fake.authUrl);
    const p = target.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('client_id')).toBe(CLIENT_ID);
    expect(p.get('redirect_uri')).toBe(callbackUrl);
    expect(p.get('scope')).toBe('openid email profile');
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('state')).toBe(jar.get('seydam_google_state'));
    expect(p.get('code_challenge')).toBe(s256(jar.get('seydam_google_verifier')!));
    expect(jar.get('seydam_google_next')).toBe('/reports');

    const setCookies = res.headers.getSetCookie();
    expect(setCookies).toHaveLength(3);
    for (const line of setCookies) {
      expect(line).toMatch(/; Max-Age=600(;|$)/);
      expect(line).toMatch(/; Path=\/api\/auth\/google(;|$)/);
      expect(line).toMatch(/; HttpOnly(;|$)/);
      expect(line).toMatch(/; SameSite=Lax(;|$)/);
    }
  });

  it('starts a fresh state and verifier on every attempt', async () => {
    const a = new CookieJar();
    const b = new CookieJar();
    await navigate(`${worker.url}/api/auth/google`, a);
    await navigate(`${worker.url}/api/auth/google`, b);
    expect(a.get('seydam_google_state')).not.toBe(b.get('seydam_google_state'));
    expect(a.get('seydam_google_verifier')).not.toBe(b.get('seydam_google_verifier'));
  });

  it('answers 400 naming the field for a repeated next', async () => {
    const res = await fetchWorker(`${worker.url}/api/auth/google?next=/a&next=/b`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: 'validation_error', field: 'next' });
  });
});

describe('GET /api/auth/google/callback', () => {
  it('creates an account with the signup grant and the Google identity, signs it in and lands on the dashboard', async () => {
    const person = googleUser({ name: 'Gail Google' });
    const flow = await signInWithGoogle(person);

    expect(flow.callback.status).toBe(302);
    expect(flow.callback.headers.get('location')).toBe(`${APP}/dashboard`);
    const session = flow.jar.get('seydam_session');
    expect(session).toBeTruthy();
    expect(flow.callback.headers.getSetCookie().find((l) => l.startsWith('seydam_session='))).toMatch(/HttpOnly.*SameSite=Lax|SameSite=Lax.*HttpOnly/);
    expect(flow.jar.get('seydam_google_state')).toBeUndefined();
    expect(flow.jar.get('seydam_google_verifier')).toBeUndefined();
    expect(fake.tokenRequests).toEqual([{ status: 200, clientAuth: 'basic' }]);

    const [user, ...others] = await usersWithEmail(person.email);
    expect(others).toHaveLength(0);
    expect(user).toMatchObject({ email: person.email, fullName: 'Gail Google', passwordHash: null, isActive: true });
    expect(user!.emailVerifiedAt).toBeInstanceOf(Date);
    expect(user!.lastLoginAt).toBeInstanceOf(Date);
    expect(await sessionOwner(session!)).toBe(user!.id);
    const res = await me(session!);
    expect(res.status).toBe(200);
    expect((await res.json()).data.user).toMatchObject({ id: user!.id, email: person.email, fullName: 'Gail Google', hasPassword: false });

    const ledger = await testDb().select().from(creditLedger).where(eq(creditLedger.userId, user!.id));
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ reason: 'signup_grant', delta: 5 });

    const identities = await googleIdentity(person.sub);
    expect(identities).toHaveLength(1);
    expect(identities[0]).toMatchObject({ userId: user!.id, email: person.email });
  });

  it('signs the same Google account into the same user the second time', async () => {
    const person = googleUser();
    const first = await signInWithGoogle(person);
    const [created] = await usersWithEmail(person.email);

    // Google keeps the `sub` when the person changes their address.
    const second = await signInWithGoogle({ ...person, email: uniqueEmail('renamed') });
    expect(second.callback.headers.get('location')).toBe(`${APP}/dashboard`);
    const session = second.jar.get('seydam_session')!;
    expect(session).not.toBe(first.jar.get('seydam_session'));
    expect(await sessionOwner(session)).toBe(created!.id);

    expect(await usersWithEmail(person.email)).toHaveLength(1);
    const identities = await googleIdentity(person.sub);
    expect(identities).toHaveLength(1);
    expect(identities[0]!.userId).toBe(created!.id);
    const ledger = await testDb().select().from(creditLedger).where(eq(creditLedger.userId, created!.id));
    expect(ledger).toHaveLength(1);
  });

  it('creates one account when two callbacks for the same new person race', async () => {
    const person = googleUser();
    const flows = await Promise.all([startGoogleFlow(person), startGoogleFlow(person)]);
    const results = await Promise.all(flows.map((f) => navigate(f.back.toString(), f.jar)));
    expect(results.map((r) => r.headers.get('location'))).toEqual([`${APP}/dashboard`, `${APP}/dashboard`]);
    const [user, ...others] = await usersWithEmail(person.email);
    expect(others).toHaveLength(0);
    for (const f of flows) expect(await sessionOwner(f.jar.get('seydam_session')!)).toBe(user!.id);
    expect(await googleIdentity(person.sub)).toHaveLength(1);
    expect(await testDb().select().from(creditLedger).where(eq(creditLedger.userId, user!.id))).toHaveLength(1);
  });

  it('links Google to an existing email/password account with the same address, whatever its case', async () => {
    const existing = await buildUser({ email: uniqueEmail('Linked.Person'), fullName: 'Pat Password' });
    const [before] = await usersWithEmail(existing.email);
    const person = googleUser({ email: existing.email.toLowerCase(), name: 'Someone Else' });
    const flow = await signInWithGoogle(person);

    expect(flow.callback.headers.get('location')).toBe(`${APP}/dashboard`);
    expect(await sessionOwner(flow.jar.get('seydam_session')!)).toBe(existing.id);
    const res = await me(flow.jar.get('seydam_session')!);
    expect((await res.json()).data.user).toMatchObject({ id: existing.id, hasPassword: true });
    const rows = await usersWithEmail(existing.email);
    expect(rows).toHaveLength(1);
    // The account keeps its name and password, and gets no second signup grant.
    expect(rows[0]).toMatchObject({ id: existing.id, fullName: 'Pat Password', passwordHash: before!.passwordHash });
    expect(rows[0]!.lastLoginAt).toBeInstanceOf(Date);
    const identities = await googleIdentity(person.sub);
    expect(identities.map((i) => i.userId)).toEqual([existing.id]);
    expect(await testDb().select().from(creditLedger).where(eq(creditLedger.userId, existing.id))).toHaveLength(0);
  });

  it('names a new account after the address when the token carries no name', async () => {
    const person = googleUser({ name: undefined });
    await signInWithGoogle(person);
    const [user] = await usersWithEmail(person.email);
    expect(user!.fullName).toBe(person.email.split('@')[0]);
  });

  it('goes to a same-site `next` path after signing in', async () => {
    const flow = await signInWithGoogle(googleUser(), { next: '/reports/42?tab=outline' });
    expect(flow.callback.headers.get('location')).toBe(`${APP}/reports/42?tab=outline`);
  });

  it.each(['//evil.com', '/\\evil.com', 'https://evil.com/x', 'evil.com', '/%0d%0aSet-Cookie:x=1'.replace('%0d%0a', '\r\n')])(
    'ignores next=%j and lands on the dashboard',
    async (next) => {
      const flow = await signInWithGoogle(googleUser(), { next });
      expect(flow.callback.status).toBe(302);
      expect(flow.callback.headers.get('location')).toBe(`${APP}/dashboard`);
    },
  );

  it('answers 400 invalid_oauth_state when the state does not match the cookie, redeeming nothing and leaving the real flow intact', async () => {
    const person = googleUser();
    let realState = '';
    const flow = await signInWithGoogle(person, {
      beforeCallback: (_jar, back) => {
        realState = back.searchParams.get('state')!;
        back.searchParams.set('state', 'forged-state-from-another-browser');
      },
    });
    expect(flow.callback.status).toBe(400);
    expect((await flow.callback.json()).error.code).toBe('invalid_oauth_state');
    expect(flow.callback.headers.getSetCookie()).toEqual([]);
    expect(fake.tokenRequests).toHaveLength(0);
    expect(await usersWithEmail(person.email)).toHaveLength(0);

    // A forged callback must not be able to cancel the browser's own sign-in.
    const real = new URL(flow.returnUrl);
    real.searchParams.set('state', realState);
    const res = await navigate(real.toString(), flow.jar);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${APP}/dashboard`);
  });

  it('answers 400 invalid_oauth_state for a callback the browser never started (no state cookie)', async () => {
    const person = googleUser();
    const flow = await signInWithGoogle(person, { beforeCallback: (jar) => jar.delete('seydam_google_state') });
    expect(flow.callback.status).toBe(400);
    expect((await flow.callback.json()).error.code).toBe('invalid_oauth_state');
    expect(fake.tokenRequests).toHaveLength(0);
    expect(await usersWithEmail(person.email)).toHaveLength(0);
  });

  it('cannot be replayed: the second visit to the same callback URL finds no state cookie', async () => {
    const flow = await signInWithGoogle(googleUser());
    expect(flow.callback.status).toBe(302);
    const again = await navigate(flow.returnUrl, flow.jar);
    expect(again.status).toBe(400);
    expect((await again.json()).error.code).toBe('invalid_oauth_state');
  });

  it('refuses when the verifier cookie was tampered with: the token endpoint rejects the PKCE proof', async () => {
    const person = googleUser();
    const flow = await signInWithGoogle(person, {
      beforeCallback: (jar) => jar.set('seydam_google_verifier', randomBytes(32).toString('base64url')),
    });
    expectRefused(flow, 'google_failed');
    expect(fake.tokenRequests).toEqual([{ status: 400, error: 'invalid_grant', clientAuth: 'basic' }]);
    expect(await usersWithEmail(person.email)).toHaveLength(0);
  });

  it('refuses when the verifier cookie is gone', async () => {
    const person = googleUser();
    const flow = await signInWithGoogle(person, { beforeCallback: (jar) => jar.delete('seydam_google_verifier') });
    expectRefused(flow, 'google_failed');
    expect(await usersWithEmail(person.email)).toHaveLength(0);
  });

  it('refuses when the token endpoint fails', async () => {
    const person = googleUser();
    fake.failNextToken({ status: 503 });
    const flow = await signInWithGoogle(person);
    expectRefused(flow, 'google_failed');
    expect(fake.tokenRequests).toEqual([{ status: 503, error: 'http_503', clientAuth: 'basic' }]);
    expect(await usersWithEmail(person.email)).toHaveLength(0);
  });

  it('refuses an address Google has not verified, creating nothing', async () => {
    const person = googleUser({ email_verified: false });
    const flow = await signInWithGoogle(person);
    expectRefused(flow, 'google_email_unverified');
    expect(await usersWithEmail(person.email)).toHaveLength(0);
    expect(await googleIdentity(person.sub)).toHaveLength(0);
  });

  it('refuses an unverified address even when it matches an existing account', async () => {
    const existing = await buildUser();
    const person = googleUser({ email: existing.email, email_verified: false });
    const flow = await signInWithGoogle(person);
    expectRefused(flow, 'google_email_unverified');
    expect(await googleIdentity(person.sub)).toHaveLength(0);
  });

  it.each([
    ['an ID token for another client (aud)', { aud: 'someone-else.apps.googleusercontent.com', azp: 'someone-else.apps.googleusercontent.com' }],
    ['an ID token from another issuer', { iss: 'https://evil.example' }],
    ['an expired ID token', { exp: Math.floor(Date.now() / 1000) - 60 }],
    ['an ID token without a subject', { sub: undefined }],
  ])('refuses %s', async (_label, claims) => {
    const person = googleUser();
    fake.overrideNextIdToken(claims);
    const flow = await signInWithGoogle(person);
    expect(fake.tokenRequests).toEqual([{ status: 200, clientAuth: 'basic' }]);
    expectRefused(flow, 'google_failed');
    expect(await usersWithEmail(person.email)).toHaveLength(0);
  });

  it('says the person cancelled when they decline at Google', async () => {
    const person = googleUser();
    fake.denyNext();
    const flow = await signInWithGoogle(person);
    expectRefused(flow, 'google_cancelled');
    expect(fake.tokenRequests).toHaveLength(0);
  });

  it('does not sign in a deactivated account', async () => {
    const existing = await buildUser();
    await testDb().update(users).set({ isActive: false }).where(eq(users.id, existing.id));
    const flow = await signInWithGoogle(googleUser({ email: existing.email }));
    expectRefused(flow, 'account_disabled');
    const live = await testDb().select().from(sessions).where(eq(sessions.userId, existing.id));
    // Only the factory's own session exists.
    expect(live).toHaveLength(1);
  });
});

// The fake must refuse what Google refuses, or the tests above prove nothing.
describe('fake OIDC provider', () => {
  const redirectUri = 'http://127.0.0.1:9/fake-check/callback';
  const client = (secret = CLIENT_SECRET, uri = redirectUri) => new OAuth2Client(CLIENT_ID, secret, uri);

  async function authorizationCode(verifier: string): Promise<string> {
    fake.registerRedirectUri(redirectUri);
    const url = client().createAuthorizationURLWithPKCE(fake.authUrl, 'st', CodeChallengeMethod.S256, verifier, ['openid', 'email']);
    const res = await fetch(url, { redirect: 'manual' });
    const back = new URL(res.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('st');
    return back.searchParams.get('code')!;
  }

  it('issues an RS256 ID token that verifies against its JWKS, for a code redeemed once', async () => {
    const person = googleUser();
    fake.setUser(person);
    const verifier = generateCodeVerifier();
    const code = await authorizationCode(verifier);
    const tokens = await client().validateAuthorizationCode(fake.tokenUrl, code, verifier);
    const idToken = tokens.idToken();
    const [header, payload, signature] = idToken.split('.');
    const { keys } = (await (await fetch(`${fake.url}/oauth2/v3/certs`)).json()) as { keys: JsonWebKey[] };
    const key = createPublicKey({ key: keys[0]!, format: 'jwk' } as Parameters<typeof createPublicKey>[0]);
    expect(createVerify('RSA-SHA256').update(`${header}.${payload}`).verify(key, Buffer.from(signature!, 'base64url'))).toBe(true);
    expect(jwtClaims(idToken)).toMatchObject({ iss: fake.issuer, aud: CLIENT_ID, sub: person.sub, email: person.email, email_verified: true });

    await expect(client().validateAuthorizationCode(fake.tokenUrl, code, verifier)).rejects.toMatchObject({ code: 'invalid_grant' });
  });

  it('refuses a wrong client secret, a different redirect_uri and a wrong verifier', async () => {
    const verifier = generateCodeVerifier();
    await expect(client('wrong').validateAuthorizationCode(fake.tokenUrl, await authorizationCode(verifier), verifier)).rejects.toMatchObject({
      code: 'invalid_client',
    });
    await expect(
      client(CLIENT_SECRET, 'http://127.0.0.1:9/other').validateAuthorizationCode(fake.tokenUrl, await authorizationCode(verifier), verifier),
    ).rejects.toMatchObject({ code: 'redirect_uri_mismatch' });
    await expect(client().validateAuthorizationCode(fake.tokenUrl, await authorizationCode(verifier), generateCodeVerifier())).rejects.toMatchObject({
      code: 'invalid_grant',
    });
  });

  it('does not redirect to an unregistered redirect_uri', async () => {
    const url = client(CLIENT_SECRET, 'http://127.0.0.1:9/unregistered').createAuthorizationURLWithPKCE(
      fake.authUrl,
      'st',
      CodeChallengeMethod.S256,
      generateCodeVerifier(),
      ['openid'],
    );
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });
});
