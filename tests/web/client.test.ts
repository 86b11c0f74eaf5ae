// The web client's HTTP layer and form checks, without a browser: the API's error shape becomes a
// readable ApiError naming its field, network failures and bare gateway errors get words too, and
// the after-login redirect never leaves the site, and leads to a share link opened before it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signupSchema } from '../../core/api/auth';
import { ApiError, request, requestBody } from '../../web/src/api/client';
import { forgetShareToken, keepShareToken, landingAfterSignIn, withNext } from '../../web/src/lib/after-sign-in';
import { parseForm, safeNextPath } from '../../web/src/lib/forms';

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  return vi.fn(async () => new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }));
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('request', () => {
  it('sends JSON with the cookie and answers the data', async () => {
    const fetchMock = answer(200, { data: { id: 'r1' } });
    vi.stubGlobal('fetch', fetchMock);
    await expect(request('/api/reports', { json: { topic: 'T' }, query: { scope: 'mine', folderId: undefined } })).resolves.toEqual({ id: 'r1' });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/reports?scope=mine');
    expect(init).toMatchObject({ method: 'POST', credentials: 'include', body: '{"topic":"T"}' });
    expect((init.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('puts defined query values in the URL', async () => {
    const fetchMock = answer(200, { data: [], nextCursor: null });
    vi.stubGlobal('fetch', fetchMock);
    await expect(requestBody('/api/billing/payments', { query: { limit: 50, before: undefined } })).resolves.toEqual({ data: [], nextCursor: null });
    expect((fetchMock.mock.calls[0] as unknown as [string])[0]).toBe('/api/billing/payments?limit=50');
  });

  it('turns the API error shape into an ApiError with its code, field and readable message', async () => {
    vi.stubGlobal('fetch', answer(400, { error: { code: 'validation_error', message: 'topic: Required', field: 'topic' } }));
    const err = (await request('/api/reports', { json: {} }).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'validation_error', field: 'topic', message: 'topic: Required' });
    expect(err.fieldMessage).toBe('Required');
  });

  it('says when to retry a rate-limited call', async () => {
    vi.stubGlobal('fetch', answer(429, { error: { code: 'rate_limited', message: 'Too many attempts.' } }, { 'retry-after': '600' }));
    await expect(request('/api/auth/login', { json: {} })).rejects.toThrow('Too many attempts. Try again in 10 minutes.');
  });

  it('words a gateway error without our body, and a network failure', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502 })));
    await expect(request('/api/dashboard')).rejects.toMatchObject({ status: 502, code: 'internal', message: 'Something went wrong on our side. Try again in a moment.' });
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('fetch failed'); }));
    await expect(request('/api/dashboard')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('answers undefined for 204', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(null, { status: 204 })));
    await expect(request('/api/auth/logout', { method: 'POST' })).resolves.toBeUndefined();
  });
});

describe('parseForm', () => {
  it('answers the parsed values, or throws naming the first bad field as the API would', () => {
    const good = { fullName: ' Ana ', email: 'ana@example.test', password: 'long enough', passwordConfirm: 'long enough' };
    expect(parseForm(signupSchema, good)).toMatchObject({ fullName: 'Ana', email: 'ana@example.test' });
    const err = (() => {
      try {
        parseForm(signupSchema, { ...good, passwordConfirm: 'different' });
      } catch (e) {
        return e as ApiError;
      }
    })();
    expect(err).toMatchObject({ code: 'validation_error', field: 'passwordConfirm', message: 'passwordConfirm: Passwords do not match.' });
  });
});

describe('safeNextPath', () => {
  it.each([
    ['/dashboard', '/dashboard'],
    ['/reports/1?x=2', '/reports/1?x=2'],
    ['//evil.example/x', null],
    ['/\\evil.example', null],
    ['https://evil.example', null],
    ['javascript:alert(1)', null],
    ['/\t/evil.example', null],
    ['/\n/evil.example', null],
    ['/share\\..\\evil', null],
    ['/share', '/share'],
    ['dashboard', null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(safeNextPath(input)).toBe(expected);
  });
});

describe('landing after sign-in', () => {
  it('goes to a safe next, else to a share link waiting in the tab, else to the dashboard', () => {
    expect(landingAfterSignIn('/reports/1')).toBe('/reports/1');
    expect(landingAfterSignIn('//evil.example')).toBe('/dashboard');
    keepShareToken('secret-token');
    try {
      expect(landingAfterSignIn(null)).toBe('/share');
      expect(landingAfterSignIn('https://evil.example')).toBe('/share');
      expect(landingAfterSignIn('/billing')).toBe('/billing');
    } finally {
      forgetShareToken();
    }
    expect(landingAfterSignIn(undefined)).toBe('/dashboard');
  });

  it('carries only a safe next through the sign-in pages', () => {
    expect(withNext('/signup', '/share')).toBe('/signup?next=%2Fshare');
    expect(withNext('/signup/verify?email=a%40b.example', '/share')).toBe('/signup/verify?email=a%40b.example&next=%2Fshare');
    expect(withNext('/signup', '//evil.example')).toBe('/signup');
    expect(withNext('/login', '')).toBe('/login');
  });
});
