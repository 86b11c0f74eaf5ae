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

/** fetch() against the worker. */
export function api(path: string, opts: ApiOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  if (opts.cookie) headers.cookie = `seydam_session=${opts.cookie}`;
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  if (opts.ip) headers['cf-connecting-ip'] = opts.ip;
  return fetch(`${apiUrl()}${path}`, {
    method: opts.method ?? (opts.json !== undefined || opts.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: opts.json !== undefined ? JSON.stringify(opts.json) : (opts.body ?? null),
    redirect: 'manual',
  });
}
