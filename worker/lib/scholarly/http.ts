// GET with the manners both scholarly APIs ask for: a User-Agent that names us (and our contact,
// for the polite pool), a timeout, and one retry after a 429 or 5xx that honours Retry-After.
import { ScholarlyError } from './types';

const USER_AGENT = 'Seydam/1.0 (collaborative report writer; https://seydam.app)';
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RETRY_WAIT_MS = 5_000;
// Without a Retry-After, a short pause is enough for the usual burst limit to pass.
const DEFAULT_RETRY_WAIT_MS = 1_000;

export interface GetJsonOptions {
  provider: 'openalex' | 'crossref';
  mailto: string | null;
  timeoutMs?: number;
  maxRetryWaitMs?: number;
}

/** The JSON body of a GET to `url`; throws ScholarlyError when the provider cannot answer. */
export async function getJson(url: string, opts: GetJsonOptions): Promise<unknown> {
  const headers = { accept: 'application/json', 'user-agent': opts.mailto ? `${USER_AGENT} mailto:${opts.mailto}` : USER_AGENT };
  const maxWait = opts.maxRetryWaitMs ?? DEFAULT_MAX_RETRY_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, { headers, signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new ScholarlyError(opts.provider, timedOut ? 'the request timed out' : `unreachable (${String(err)})`);
    }
    if (res.ok) {
      try {
        return await res.json();
      } catch {
        throw new ScholarlyError(opts.provider, 'the answer was not JSON', res.status);
      }
    }
    const body = (await res.text().catch(() => '')).slice(0, 200);
    const retryable = res.status === 429 || res.status >= 500;
    const wait = retryAfterMs(res.headers.get('retry-after')) ?? DEFAULT_RETRY_WAIT_MS;
    if (!retryable || attempt >= 2 || wait > maxWait) {
      const why = res.status === 429 ? 'rate limited' : `answered ${res.status}`;
      throw new ScholarlyError(opts.provider, `${why}${attempt >= 2 ? ' twice' : ''}${body ? `: ${body}` : ''}`, res.status);
    }
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
