// Behaviour every route shares: CORS for the web origin, cross-origin write refusal, body limits,
// request ids, the error shape.
import { describe, expect, it } from 'vitest';
import { api } from '../helpers/api';

const WEB = 'http://localhost:5173';

describe('CORS', () => {
  it('lets the web origin call the API with credentials', async () => {
    const res = await api('/api/health', {
      method: 'OPTIONS',
      headers: { origin: WEB, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(WEB);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-methods')).toContain('PATCH');
  });

  it('gives other origins no CORS grant', async () => {
    const res = await api('/api/health', { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('cross-origin writes', () => {
  it('refuses a write whose Origin is neither the API nor the web app', async () => {
    const res = await api('/api/auth/login', { json: { email: 'a@b.c', password: 'whatever1' }, headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'forbidden', message: 'Cross-origin request refused.' } });
  });
});

describe('request bodies', () => {
  it('refuses a body over the limit with 413 in the error shape', async () => {
    const res = await api('/api/auth/login', { json: { email: 'a@b.c', password: 'x'.repeat(300 * 1024) } });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: { code: string } };
    expect(body.error.code).toBe('payload_too_large');
  });

  it('answers malformed JSON with 400 in the error shape', async () => {
    const res = await api('/api/auth/login', { body: '{"email": ', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toMatch(/JSON/i);
  });
});

describe('request ids', () => {
  it('echoes a sane caller request id and replaces an unsafe one', async () => {
    const mine = await api('/api/health', { headers: { 'x-request-id': 'trace-1234abcd' } });
    expect(mine.headers.get('x-request-id')).toBe('trace-1234abcd');
    const unsafe = await api('/api/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(unsafe.headers.get('x-request-id')).not.toBe('bad id with spaces');
    expect(unsafe.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
