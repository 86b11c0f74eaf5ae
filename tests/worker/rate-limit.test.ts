import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { rateLimits } from '../../db/schema';
import { scheduledUrl } from '../../scripts/lib/worker';
import { bucketStart, HITS_KEPT_MS, waitUntilUnder, type Bucket } from '../../worker/lib/rate-limit';
import { fetchWorker } from '../helpers/api';
import { testDb } from '../helpers/db';

// A limit is "at most max hits in any window": hits are counted in tenth-of-a-window buckets and
// judged against the buckets of the last window, so a burst cannot get twice the limit through by
// straddling a window boundary, and Retry-After names when a hit passes again (never over a window).

const W = 600_000;
const MAX = 10;

/** Plays hits at the given times (ms) as `hit` counts and judges them; returns which passed. */
function play(times: number[]): boolean[] {
  const buckets = new Map<number, number>();
  return times.map((t) => {
    const start = bucketStart(t, W);
    buckets.set(start, (buckets.get(start) ?? 0) + 1);
    const list: Bucket[] = [...buckets].map(([s, count]) => ({ start: s, count }));
    const total = list.filter((b) => b.start > t - W).reduce((sum, b) => sum + b.count, 0);
    return total <= MAX;
  });
}

describe('rate limit buckets', () => {
  it('let through up to the limit and refuse the next hit', () => {
    const passed = play(Array.from({ length: 11 }, (_, i) => 5 * W + 1000 * i));
    expect(passed).toEqual([...Array(10).fill(true), false]);
  });

  it('refuse the 11th quick hit also when a window boundary falls between the 10th and it', () => {
    const beforeBoundary = Array.from({ length: 10 }, (_, i) => 6 * W - 10_000 + 1000 * i);
    expect(play([...beforeBoundary, 6 * W + 500])).toEqual([...Array(10).fill(true), false]);
  });

  it('let no more than the limit through in a burst around a boundary', () => {
    const times = [...Array.from({ length: 10 }, (_, i) => 7 * W - 5_000 + i * 100), ...Array.from({ length: 10 }, (_, i) => 7 * W + 1_000 + i * 100)];
    expect(play(times).filter(Boolean)).toHaveLength(10);
  });

  it('let hits through again once the old ones are a window old', () => {
    const early = Array.from({ length: 10 }, (_, i) => 8 * W + i * 1000);
    expect(play([...early, 9 * W - 1000, 9 * W + 10_000]).slice(-2)).toEqual([false, true]);
  });

  it('name the wait until a hit passes again, never longer than a window', () => {
    const now = 10 * W + 0.55 * W;
    // 6 hits at 10% into the window, 4 at 50%: under 10 again once the 10% bucket leaves the window.
    const buckets: Bucket[] = [
      { start: 10 * W + 0.1 * W, count: 6 },
      { start: 10 * W + 0.5 * W, count: 4 },
    ];
    expect(waitUntilUnder(buckets, MAX, W, now)).toBeCloseTo(0.55 * W);
    expect(waitUntilUnder(buckets, 11, W, now)).toBe(0);
    // A bucket already out of the window does not count.
    expect(waitUntilUnder([{ start: now - W - 1, count: 50 }], MAX, W, now)).toBe(0);
    // The worst case: everything in the bucket that began just now.
    expect(waitUntilUnder([{ start: now, count: 20 }], MAX, W, now)).toBe(W);
  });
});

describe('the cron', () => {
  it('forgets counts older than any window and keeps the recent ones', async () => {
    const key = `cron-test:${randomUUID()}`;
    const now = Date.now();
    await testDb()
      .insert(rateLimits)
      .values([
        { key, windowStart: new Date(now - HITS_KEPT_MS - 60_000), count: 3 },
        { key, windowStart: new Date(bucketStart(now, 3_600_000)), count: 2 },
      ]);
    expect((await fetchWorker(scheduledUrl(inject('apiUrl')))).status).toBe(200);
    await expect
      .poll(async () => (await testDb().select().from(rateLimits).where(eq(rateLimits.key, key))).map((r) => r.count))
      .toEqual([2]);
  });
});
