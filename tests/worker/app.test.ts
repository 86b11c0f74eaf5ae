// Behaviour every route shares: CORS for the web origin, cross-origin write refusal, body limits,
// request ids, the error shape.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api, apiUrl } from '../helpers/api';
import { openSocket, RawConnection } from '../helpers/raw-http';

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

  it('reads a small refused body to the end before answering, so the connection serves the next request', async () => {
    // One keep-alive connection, by hand: half of a 300 KiB body is sent, and no answer comes
    // while the rest is missing; the rest is sent, the 413 comes; then the same connection answers
    // the next request.
    const { hostname, port } = new URL(apiUrl());
    const conn = new RawConnection(await openSocket(hostname, Number(port)));
    const body = JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(300 * 1024) });
    const half = Math.floor(body.length / 2);
    conn.write(
      `POST /api/auth/login HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body.slice(0, half)}`,
    );
    expect(await conn.response(1500)).toBeNull();
    conn.write(body.slice(half));
    const refused = await conn.response(30_000);
    expect(refused?.status).toBe(413);
    expect(JSON.parse(refused!.body)).toMatchObject({ error: { code: 'payload_too_large' } });

    conn.write(`GET /api/health HTTP/1.1\r\nhost: ${hostname}:${port}\r\n\r\n`);
    const next = await conn.response(30_000);
    expect(next?.status).toBe(200);
    expect(JSON.parse(next!.body)).toEqual({ ok: true });
    conn.close();
  });

  it('reads an upload it refuses before parsing (no session) to the end before answering 401', async () => {
    // An upload's route has its own body limit, and the session check refuses it before the body is
    // read: the answer must still wait for the body, or the client's write breaks (EPIPE).
    const { hostname, port } = new URL(apiUrl());
    const conn = new RawConnection(await openSocket(hostname, Number(port)));
    const boundary = 'x-seydam-test';
    const body = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="a.pdf"\r\ncontent-type: application/pdf\r\n\r\n${'%'.repeat(200 * 1024)}\r\n--${boundary}--\r\n`;
    const half = Math.floor(body.length / 2);
    conn.write(
      `POST /api/reports/${randomUUID()}/uploads HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: multipart/form-data; boundary=${boundary}\r\ncontent-length: ${body.length}\r\n\r\n${body.slice(0, half)}`,
    );
    expect(await conn.response(1500)).toBeNull();
    conn.write(body.slice(half));
    const refused = await conn.response(30_000);
    expect(refused?.status).toBe(401);

    conn.write(`GET /api/health HTTP/1.1\r\nhost: ${hostname}:${port}\r\n\r\n`);
    expect((await conn.response(30_000))?.status).toBe(200);
    conn.close();
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
