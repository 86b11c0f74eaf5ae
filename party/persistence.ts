// Saving the room's document to Postgres through the worker. y-partykit keeps the document in room
// storage; this hands a whole-state snapshot to the worker ~2 s after the last change, at least
// every ~10 s while people keep typing, and at once when the last person leaves. Saves run one at a
// time (an older snapshot must never land after a newer one), and failed saves are retried with
// backoff and logged here: y-partykit's own callback would only log them.
import { log } from './log';

/** Defaults of the save timing; SAVE_DEBOUNCE_MS and SAVE_MAX_WAIT_MS override them (tests). */
export const SAVE_DEBOUNCE_MS = 2_000;
export const SAVE_MAX_WAIT_MS = 10_000;
/** Backoff of failed saves: 1 s, doubling, at most 30 s between attempts. */
export const RETRY_BASE_MS = 1_000;
export const RETRY_MAX_MS = 30_000;

/** What one save attempt gave. */
export type SaveOutcome =
  | { kind: 'saved' }
  /** The worker does not know the report any more: stop saving. */
  | { kind: 'not_found' }
  /** The worker refused this snapshot (400): retrying the same state will not help. */
  | { kind: 'rejected'; detail: string }
  | { kind: 'failed'; detail: string };

export interface SaverOptions {
  /** The document state to save, read when the save starts. */
  state: () => Uint8Array;
  /** Sends a state to the worker. */
  send: (state: Uint8Array) => Promise<SaveOutcome>;
  /** Called once when the worker answers that the report is gone. */
  onGone?: () => void;
  debounceMs?: number;
  maxWaitMs?: number;
  /** For the logs. */
  reportId: string;
}

/** Debounces, serializes and retries the saves of one room. */
export class SnapshotSaver {
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;
  private dirty = false;
  private firstChangeAt: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private failures = 0;
  private gone = false;

  constructor(private readonly opts: SaverOptions) {
    this.debounceMs = opts.debounceMs ?? SAVE_DEBOUNCE_MS;
    this.maxWaitMs = opts.maxWaitMs ?? SAVE_MAX_WAIT_MS;
  }

  /** Records a change: a save follows `debounceMs` after the last one, or `maxWaitMs` after the first. */
  changed(): void {
    if (this.gone) return;
    this.dirty = true;
    const now = Date.now();
    this.firstChangeAt ??= now;
    // While a failed save waits for its retry, the retry's backoff decides when to try again.
    if (this.failures > 0) return;
    const wait = Math.max(0, Math.min(this.debounceMs, this.firstChangeAt + this.maxWaitMs - now));
    this.arm(wait);
  }

  /** Saves now if anything is unsaved (the last person left), after any save already running. */
  async flush(): Promise<void> {
    this.disarm();
    if (this.inFlight) await this.inFlight;
    if (this.dirty && !this.gone) await this.run();
  }

  /** Whether changes are waiting to be saved. */
  get pending(): boolean {
    return this.dirty || this.inFlight !== null;
  }

  private arm(wait: number): void {
    this.disarm();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, wait);
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private run(): Promise<void> {
    if (this.inFlight) {
      // The change that armed us is saved by the next run, once the current one is done.
      return this.inFlight.then(() => (this.dirty && !this.timer ? this.run() : undefined));
    }
    if (!this.dirty || this.gone) return Promise.resolve();
    this.dirty = false;
    this.firstChangeAt = null;
    // Read the state synchronously: the document may be torn down once the last person has left.
    const state = this.opts.state();
    const started = Date.now();
    this.inFlight = this.attempt(state, started).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async attempt(state: Uint8Array, started: number): Promise<void> {
    let outcome: SaveOutcome;
    try {
      outcome = await this.opts.send(state);
    } catch (err) {
      outcome = { kind: 'failed', detail: String(err) };
    }
    switch (outcome.kind) {
      case 'saved':
        if (this.failures > 0) log('info', 'room snapshot saved after retries', { reportId: this.opts.reportId, attempts: this.failures + 1 });
        this.failures = 0;
        // Changes made while this save ran: save them on the normal schedule.
        if (this.dirty) this.changed();
        return;
      case 'not_found':
        this.gone = true;
        this.dirty = false;
        this.disarm();
        log('warn', 'report no longer exists; the room stops saving', { reportId: this.opts.reportId });
        this.opts.onGone?.();
        return;
      case 'rejected':
        this.failures = 0;
        log('error', 'room snapshot rejected by the worker', { reportId: this.opts.reportId, detail: outcome.detail, bytes: state.byteLength });
        if (this.dirty) this.changed();
        return;
      case 'failed': {
        this.failures += 1;
        this.dirty = true;
        this.firstChangeAt ??= started;
        const wait = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (this.failures - 1));
        log('error', 'room snapshot save failed; retrying', {
          reportId: this.opts.reportId,
          attempt: this.failures,
          retryInMs: wait,
          detail: outcome.detail,
        });
        this.arm(wait);
        return;
      }
      default:
        return outcome satisfies never;
    }
  }
}

/** A millisecond setting from a room variable, or the default when unset or not a positive number. */
export function durationVar(value: unknown, fallback: number): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}
