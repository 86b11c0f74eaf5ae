// Every failure the API reports, as an HTTPException with a stable code, and the one renderer for them.
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string; details?: Record<string, unknown> };
}

/** An HTTPException whose response is our error shape. */
export function apiError(
  status: ContentfulStatusCode,
  code: string,
  message: string,
  extra: { field?: string; details?: Record<string, unknown>; headers?: Record<string, string> } = {},
): HTTPException {
  const body: ApiErrorBody = { error: { code, message } };
  if (extra.field) body.error.field = extra.field;
  if (extra.details) body.error.details = extra.details;
  const res = new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...extra.headers },
  });
  return new HTTPException(status, { res, message });
}

export const validationError = (field: string, message: string) =>
  apiError(400, 'validation_error', field ? `${field}: ${message}` : message, field ? { field } : {});
export const unauthenticated = (message = 'Sign in to continue.') => apiError(401, 'unauthenticated', message);
export const forbidden = (message = 'You are not allowed to do that.') => apiError(403, 'forbidden', message);
export const notFound = (what = 'Resource') => apiError(404, 'not_found', `${what} not found.`);
export const conflict = (code: string, message: string, field?: string) =>
  apiError(409, code, message, field ? { field } : {});
export const tooManyRequests = (retryAfterSeconds: number, message = 'Too many attempts. Try again later.') =>
  apiError(429, 'rate_limited', message, {
    headers: { 'retry-after': String(retryAfterSeconds) },
    details: { retryAfterSeconds },
  });

/** True for a Postgres unique violation, wherever the driver or drizzle wrapped it. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; depth++) {
    if (typeof e === 'object' && (e as { code?: unknown }).code === '23505') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** A stable code for errors raised by Hono itself, which carry only a status. */
export function codeForStatus(status: number): string {
  if (status === 400) return 'bad_request';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 413) return 'payload_too_large';
  if (status === 429) return 'rate_limited';
  return status >= 500 ? 'internal' : 'error';
}
