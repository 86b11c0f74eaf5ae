// Provider failures sorted into what a caller can act on: retry later (and when) or give up.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

/** Tokens one call consumed, as the provider reported them. */
export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

export type LlmErrorKind = 'rate_limited' | 'server_error' | 'timeout' | 'connection' | 'stream_cut' | 'rejected' | 'invalid_output';

/** A failed LLM call: why, whether retrying may help, and what it consumed before failing. */
export class LlmError extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly opts: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'LlmError';
  }

  /** Tokens the failed call consumed, when the provider said so before failing (null: unknown). */
  usage: LlmUsage | null = null;
  /** Whether any of the answer arrived before the failure (tokens were spent even if usage is unknown). */
  receivedContent = false;

  /** Whether the same call may succeed later (429, 5xx, timeouts, dropped connections, cut streams). */
  get retryable(): boolean {
    return this.kind !== 'rejected' && this.kind !== 'invalid_output';
  }
}

/** Sorts anything the SDK or the stream threw into an LlmError. */
export function classifyLlmError(err: unknown): LlmError {
  if (err instanceof LlmError) return err;
  if (err instanceof APIConnectionTimeoutError) return new LlmError('timeout', 'The model did not answer in time.', { cause: err });
  if (err instanceof APIUserAbortError) return new LlmError('timeout', 'The call was aborted.', { cause: err });
  if (err instanceof APIConnectionError) return new LlmError('connection', `The model could not be reached: ${err.message}`, { cause: err });
  if (err instanceof APIError) {
    const status = err.status;
    if (status === 429) {
      return new LlmError('rate_limited', 'The model provider is rate limiting us.', { status, retryAfterMs: retryAfterMs(err.headers), cause: err });
    }
    if (status !== undefined && (status >= 500 || status === 408 || status === 409)) {
      return new LlmError('server_error', `The model provider failed (${status}).`, { status, retryAfterMs: retryAfterMs(err.headers), cause: err });
    }
    return new LlmError('rejected', `The model provider refused the request (${status ?? 'no status'}): ${err.message}`, { status, cause: err });
  }
  // The connection closed before the stream ended: undici throws "TypeError: terminated", workerd "Error: Network connection lost.".
  if (err instanceof Error && /terminated|network connection lost|socket|other side closed/i.test(err.message)) {
    return new LlmError('stream_cut', `The model's answer was cut off (${err.message}).`, { cause: err });
  }
  if (err instanceof Error && (err.name === 'AbortError' || err.name === 'TimeoutError')) {
    return new LlmError('timeout', 'The call was aborted.', { cause: err });
  }
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return new LlmError('rejected', `The model call failed: ${message}`, { cause: err });
}

/** retry-after-ms or retry-after (seconds or an HTTP date), in milliseconds. */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
