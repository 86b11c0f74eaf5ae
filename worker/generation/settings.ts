// Tunables of the generation job, read from the worker's env so tests (and operators) can tighten them.
import type { Bindings } from '../env';

export interface GenerationSettings {
  /** Model calls per section before it is marked failed (first try included). */
  maxAttempts: number;
  /** First backoff between attempts; doubles each time, capped by maxBackoffMs. A provider's retry-after wins. */
  backoffMs: number;
  maxBackoffMs: number;
  /** How long a consumer's claim on a job lasts without a heartbeat. */
  leaseSeconds: number;
  /** How often the consumer renews its lease and looks for a cancel. */
  heartbeatMs: number;
  /** The longest text waits before it is sent to the room (the streaming batch). */
  flushMs: number;
  /** How long one delivery goes on starting sections before it hands the rest to a new message. */
  deliveryMs: number;
}

const positive = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) && n > 0 ? n : fallback;
};

export function generationSettings(env: Bindings): GenerationSettings {
  const leaseSeconds = Math.round(positive(env.GENERATION_LEASE_SECONDS, 60));
  return {
    maxAttempts: Math.round(positive(env.GENERATION_MAX_ATTEMPTS, 3)),
    backoffMs: positive(env.GENERATION_BACKOFF_MS, 1_000),
    maxBackoffMs: positive(env.GENERATION_MAX_BACKOFF_MS, 30_000),
    leaseSeconds,
    // Well inside the lease, so a slow database round trip never lets it lapse.
    heartbeatMs: Math.min(2_000, (leaseSeconds * 1000) / 4),
    // 50 ms keeps a collaborator's view of a paced model within ~100 ms at p99 with ten jobs
    // writing at once (bench/README.md: 100 ms gave 114–129 ms); sends stay sequential per section.
    flushMs: positive(env.GENERATION_FLUSH_MS, 50),
    // Far inside a queue consumer's wall-time limit (15 min); a real model's section takes longer,
    // so this mostly batches fast sections.
    deliveryMs: positive(env.GENERATION_DELIVERY_MS, 20_000),
  };
}

/** How long to wait before attempt `attempt + 1`: the provider's retry-after when it sent one, else exponential. */
export function backoffDelay(settings: GenerationSettings, attempt: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return Math.min(retryAfterMs, settings.maxBackoffMs);
  return Math.min(settings.backoffMs * 2 ** (attempt - 1), settings.maxBackoffMs);
}
