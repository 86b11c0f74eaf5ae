// Calls the running worker the way a client would.
import { inject } from 'vitest';

export const apiUrl = () => inject('apiUrl');

export interface ApiOptions {
  method?: string;
  json?: unknown;
  /** A raw body (e.g. malformed JSON); `json` wins when both are given. */
  body?: string;
  /** A session secret (sent as the cookie) or `Bearer ...` value. */
  cookie?: string;
  bearer?: string;
  headers?: Record<string, string>;
  /** Sent as CF-Connecting-IP so rate limits per IP can be tested without tripping each other. */
  ip?: string;
}

/**
 * fetch() against a worker of the run. Every answer of the app carries X-Request-Id; a 503 without
 * it came from the dev server in front of the app and says nothing about the app. wrangler dev's
 * proxy answers "Your worker restarted mid-request" when its forward to the worker fails: it tells a
 * restart by comparing the request's whole URL with the worker's bare origin, so every failed
 * forward of a POST gets that answer (GETs it resends itself). Loaded runs see a few (workerd's own
 * "Network connection lost." on a reused connection, most likely), on requests the app never
 * logged. Such an answer is reported on stderr, with the id the app would have logged the request
 * under, and the request is sent once more. Anything else without the header (a 500 from a hung
 * request) is returned as it is. `init.body` must be sendable twice (a string, bytes, a FormData).
 */
export async function fetchWorker(url: string, init: RequestInit = {}): Promise<Response> {
  const send = () => {
    const headers = new Headers(init.headers);
    if (!headers.has('x-request-id')) headers.set('x-request-id', crypto.randomUUID());
    return { requestId: headers.get('x-request-id')!, response: fetch(url, { ...init, headers }) };
  };
  const first = send();
  const res = await first.response;
  if (res.status !== 503 || res.headers.has('x-request-id')) return res;
  const text = await res.text();
  const method = init.method ?? 'GET';
  console.warn(`[api] ${method} ${new URL(url).pathname} (request ${first.requestId}) got 503 from the dev server, not from the app: ${text.slice(0, 300)}`);
  await new Promise((resolve) => setTimeout(resolve, 250));
  return send().response;
}

/** fetchWorker() against the run's shared worker, the way a client would call it. */
export function api(path: string, opts: ApiOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  if (opts.cookie) headers.cookie = `seydam_session=${opts.cookie}`;
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  if (opts.ip) headers['cf-connecting-ip'] = opts.ip;
  return fetchWorker(`${apiUrl()}${path}`, {
    method: opts.method ?? (opts.json !== undefined || opts.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: opts.json !== undefined ? JSON.stringify(opts.json) : (opts.body ?? null),
    redirect: 'manual',
  });
}
