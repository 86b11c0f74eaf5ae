import { describe, expect, it } from 'vitest';
import { ReadPace } from '../../worker/lib/llm/chat-stream';

// ReadPace decides when the model's stream is read in 2 KB slices instead of one network chunk per
// read. A wrong "burst" on a paced stream would hold tokens back until 2 KB arrived, so a paced
// model must never trigger it; a backlog must, also when several streams share the isolate and
// their reads take turns (so one stream's reads are spread over several milliseconds).

/** Feeds reads at the given times (ms, as Date.now() would say) and returns whether each left the reader in burst mode. */
function feed(times: number[]): boolean[] {
  const pace = new ReadPace(times[0] ?? 0);
  return times.map((t) => {
    pace.note(Math.floor(t));
    return pace.burst;
  });
}

/** Two reads per SSE event (workerd's chunked decoding), `gapMs` between events. */
function pacedReads(events: number, gapMs: number): number[] {
  return Array.from({ length: events * 2 }, (_, i) => Math.floor(i / 2) * gapMs + (i % 2) * 0.05);
}

describe('ReadPace', () => {
  it('never waits for more on a model writing at a real pace', () => {
    // 200 tokens/s (a fast hosted model) and 500 tokens/s.
    expect(feed(pacedReads(2_000, 5)).some(Boolean)).toBe(false);
    expect(feed(pacedReads(2_000, 2)).some(Boolean)).toBe(false);
  });

  it('reads a backlog in slices once reads keep coming back at once', () => {
    const states = feed(Array.from({ length: 40 }, () => 1_000));
    expect(states.indexOf(true)).toBe(15);
    expect(states.slice(15).every(Boolean)).toBe(true);
  });

  it('sees a backlog when ten streams take turns, so one stream reads every 0.3 ms', () => {
    // Date.now() moves on every third or fourth read: the reads are never 16 in one millisecond.
    const states = feed(Array.from({ length: 40 }, (_, i) => 1_000 + i * 0.3));
    expect(states.indexOf(true)).toBe(15);
  });

  it('goes back to one chunk per read as soon as a read took time, and needs a new run of fast reads to return', () => {
    const backlog = Array.from({ length: 20 }, () => 1_000);
    const caughtUp = [1_020];
    const paced = pacedReads(20, 5).map((t) => 1_021 + t);
    const states = feed([...backlog, ...caughtUp, ...paced]);
    expect(states[19]).toBe(true);
    expect(states[20]).toBe(false);
    expect(states.slice(20).some(Boolean)).toBe(false);
  });

  it('stays in a burst while reads of a stream far behind wait a few milliseconds for other streams', () => {
    const backlog = Array.from({ length: 16 }, () => 1_000);
    const turns = Array.from({ length: 20 }, (_, i) => 1_000 + (i + 1) * 6);
    const states = feed([...backlog, ...turns]);
    expect(states.slice(15).every(Boolean)).toBe(true);
  });

  it('does not count slow reads from before a burst towards it', () => {
    // 15 paced reads, then a backlog: the window restarts, so the burst needs 16 fast reads of its own.
    const paced = pacedReads(8, 5).slice(0, 15);
    const backlog = Array.from({ length: 20 }, () => 100);
    const states = feed([...paced, ...backlog]);
    expect(states.indexOf(true)).toBe(15 + 16);
    expect(states.at(-1)).toBe(true);
  });
});
