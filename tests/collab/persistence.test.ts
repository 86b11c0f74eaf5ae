// The room's save schedule (party/persistence.ts) with its default timings, on fake timers: ~2 s
// after the last change, at least every ~10 s under continuous typing, one save at a time, retries
// with backoff, and an immediate save when the last person leaves.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RETRY_BASE_MS, SAVE_DEBOUNCE_MS, SAVE_MAX_WAIT_MS, SnapshotSaver, durationVar, type SaveOutcome } from '../../party/persistence';

let version = 0;
let sent: Array<{ at: number; state: number }> = [];
let answer: (state: Uint8Array) => Promise<SaveOutcome>;
let gone = 0;

function saver(opts: { debounceMs?: number; maxWaitMs?: number } = {}) {
  return new SnapshotSaver({
    reportId: 'r',
    state: () => Uint8Array.of(version),
    send: (state) => {
      sent.push({ at: Date.now(), state: state[0]! });
      return answer(state);
    },
    onGone: () => (gone += 1),
    ...opts,
  });
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  version = 0;
  sent = [];
  gone = 0;
  answer = async () => ({ kind: 'saved' });
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('SnapshotSaver', () => {
  it('defaults to 2 s after the last change and at most 10 s under continuous changes', () => {
    expect(SAVE_DEBOUNCE_MS).toBe(2_000);
    expect(SAVE_MAX_WAIT_MS).toBe(10_000);
  });

  it('saves once, 2 s after the last of a burst of changes', async () => {
    const s = saver();
    for (let i = 0; i < 5; i++) {
      version = i;
      s.changed();
      await vi.advanceTimersByTimeAsync(500);
    }
    // Last change at 2000 ms: nothing yet at 3999.
    await vi.advanceTimersByTimeAsync(1_499);
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([{ at: 4_000, state: 4 }]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sent).toHaveLength(1);
  });

  it('saves at least every 10 s while changes keep coming', async () => {
    const s = saver();
    for (let t = 0; t < 25_000; t += 500) {
      version = t / 500;
      s.changed();
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(sent.map((x) => x.at)).toEqual([10_000, 20_000]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sent.map((x) => x.at)).toEqual([10_000, 20_000, 26_500]);
    expect(sent.at(-1)!.state).toBe(49);
  });

  it('flush saves at once, and not again when nothing changed', async () => {
    const s = saver();
    version = 7;
    s.changed();
    await s.flush();
    expect(sent).toEqual([{ at: 0, state: 7 }]);
    await s.flush();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sent).toHaveLength(1);
  });

  it('runs one save at a time and saves changes made during a save afterwards', async () => {
    let release!: () => void;
    answer = () => new Promise((resolve) => (release = () => resolve({ kind: 'saved' })));
    const s = saver();
    version = 1;
    s.changed();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(sent).toEqual([{ at: 2_000, state: 1 }]);
    version = 2;
    s.changed();
    const flushed = s.flush();
    await vi.advanceTimersByTimeAsync(5_000);
    // Still one request in flight: the newer state waits for it.
    expect(sent).toHaveLength(1);
    answer = async () => ({ kind: 'saved' });
    release();
    await flushed;
    expect(sent).toEqual([
      { at: 2_000, state: 1 },
      { at: 7_000, state: 2 },
    ]);
  });

  it('retries a failed save with growing backoff and logs each failure', async () => {
    let failures = 3;
    answer = async () => (failures-- > 0 ? { kind: 'failed', detail: 'HTTP 503' } : { kind: 'saved' });
    const s = saver();
    version = 3;
    s.changed();
    await vi.advanceTimersByTimeAsync(2_000);
    await vi.advanceTimersByTimeAsync(RETRY_BASE_MS);
    await vi.advanceTimersByTimeAsync(2 * RETRY_BASE_MS);
    await vi.advanceTimersByTimeAsync(4 * RETRY_BASE_MS);
    expect(sent.map((x) => x.at)).toEqual([2_000, 3_000, 5_000, 9_000]);
    expect(sent.every((x) => x.state === 3)).toBe(true);
    expect(vi.mocked(console.error)).toHaveBeenCalledTimes(3);
    expect(String(vi.mocked(console.error).mock.calls[0]![0])).toContain('room snapshot save failed; retrying');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(4);
  });

  it('a failed save is retried even when the failing state came from a flush', async () => {
    let failures = 1;
    answer = async () => (failures-- > 0 ? { kind: 'failed', detail: 'network' } : { kind: 'saved' });
    const s = saver();
    version = 9;
    s.changed();
    await s.flush();
    await vi.advanceTimersByTimeAsync(RETRY_BASE_MS);
    expect(sent.map((x) => x.at)).toEqual([0, RETRY_BASE_MS]);
  });

  it('stops saving when the worker says the report is gone', async () => {
    answer = async () => ({ kind: 'not_found' });
    const s = saver();
    s.changed();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(gone).toBe(1);
    s.changed();
    await s.flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(1);
  });

  it('takes its timings from room variables, falling back to the defaults', () => {
    expect(durationVar('300', 2_000)).toBe(300);
    expect(durationVar(undefined, 2_000)).toBe(2_000);
    expect(durationVar('', 2_000)).toBe(2_000);
    expect(durationVar('-5', 2_000)).toBe(2_000);
    expect(durationVar('soon', 2_000)).toBe(2_000);
  });
});
