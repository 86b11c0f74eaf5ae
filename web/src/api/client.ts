// The one HTTP client of the web app: same-origin fetches with the session cookie, JSON in and out,
// `{ data }` unwrapped, and the API's `{ error: { code, message, field?, details? } }` turned into an
// ApiError whose message a person can read.

/** A failed API call, carrying what the API said. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message without the "field: " prefix the API puts on validation errors (for display next to the field). */
  get fieldMessage(): string {
    return this.field && this.message.startsWith(`${this.field}: `) ? this.message.slice(this.field.length + 2) : this.message;
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; field?: unknown; details?: unknown };
}

export interface RequestOptions {
  method?: string;
  /** Sent as a JSON body. */
  json?: unknown;
  /** Sent as multipart/form-data (uploads). */
  form?: FormData;
  /** Appended as a query string; undefined values are left out. */
  query?: Record<string, string | number | undefined>;
}

/** Calls the API and returns the whole JSON body (for lists that carry `nextCursor` beside `data`). */
export async function requestBody<T>(path: string, opts: RequestOptions = {}): Promise<T | undefined> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form) body = opts.form;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method: opts.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body: body ?? null,
      credentials: 'include',
    });
  } catch {
    throw new ApiError(0, 'network_error', 'Seydam could not be reached. Check your connection and try again.');
  }
  if (res.status === 204) return undefined;
  const json = await res.json().catch(() => undefined);
  if (!res.ok) throw errorFrom(res, json as ErrorBody | undefined);
  return json as T;
}

/** Calls the API and returns its `data`. */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const body = await requestBody<{ data: T }>(path, opts);
  return body?.data as T;
}

/** The ApiError of a failed response read outside `request` (downloads, streams). */
export async function responseError(res: Response): Promise<ApiError> {
  const json = await res.json().catch(() => undefined);
  return errorFrom(res, json as ErrorBody | undefined);
}

/** A fetch with the session cookie whose network failure reads like every other failure. */
export async function rawFetch(path: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(path, { ...init, credentials: 'include' });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'Seydam could not be reached. Check your connection and try again.');
  }
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function errorFrom(res: Response, body: ErrorBody | undefined): ApiError {
  const e = body?.error;
  const code = typeof e?.code === 'string' ? e.code : fallbackCode(res.status);
  let message = typeof e?.message === 'string' && e.message ? e.message : fallbackMessage(res.status);
  const field = typeof e?.field === 'string' ? e.field : undefined;
  const details = e?.details && typeof e.details === 'object' ? (e.details as Record<string, unknown>) : undefined;
  // Say when to come back rather than leaving a person to guess.
  const retryAfter = Number(res.headers.get('retry-after'));
  if (res.status === 429 && retryAfter > 0) message = `${message} Try again in ${waitWords(retryAfter)}.`;
  return new ApiError(res.status, code, message, field, details);
}

function fallbackCode(status: number): string {
  if (status === 401) return 'unauthenticated';
  if (status === 404) return 'not_found';
  return status >= 500 ? 'internal' : 'error';
}

// A proxy or gateway error has no JSON body of ours.
function fallbackMessage(status: number): string {
  if (status === 401) return 'Sign in to continue.';
  if (status === 404) return 'Not found.';
  if (status >= 500) return 'Something went wrong on our side. Try again in a moment.';
  return `The request failed (HTTP ${status}).`;
}

function waitWords(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 90 ? `${minutes} minutes` : `${Math.ceil(minutes / 60)} hours`;
}

/** True for an ApiError with this status. */
export const isStatus = (err: unknown, status: number): err is ApiError => err instanceof ApiError && err.status === status;
