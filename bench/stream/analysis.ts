// Turns what the model sent and what a collaborator saw into the benchmark's figures: per-token
// latency (sent → visible), tokens per second from first text visible to last, and where a job's
// time went between sections.
import { CHARS_PER_TOKEN, type SentAnswer } from './model';
import { visibleChars, type Timeline } from './watcher';

/** Tokens of a text, counted as the fake counts them: ceil(characters / 4). */
export const tokensOf = (text: string) => Math.max(1, Math.ceil(text.length / CHARS_PER_TOKEN));

export interface SectionSeen {
  title: string;
  tokens: number;
  /** The model's request for this section arrived at the fake. */
  requested: number;
  /** First and last text delta written by the model. */
  sendStart: number;
  sendEnd: number;
  /** First and last change of the section's visible text, in the watcher's document. */
  firstVisible: number;
  lastVisible: number;
  /** Sent → visible, one entry per token. */
  latencies: number[];
  /** When each token of `latencies` was sent. */
  sentAt: number[];
  /** Times the visible text shrank while streaming (a retried attempt clears the section). */
  restarts: number;
  /** The final visible text has every character of the answer. */
  complete: boolean;
}

/**
 * Matches one section's answer with a watcher's timeline. Token k (characters [4k, 4k+4) of the
 * answer) counts as visible at the first moment the section shows at least as many non-whitespace
 * characters as the answer has up to the token's end. Only the last climb of the timeline counts
 * (after a restart, the earlier text was thrown away). Latency: that moment minus the token's send time.
 */
export function sectionSeen(answer: SentAnswer, timeline: Timeline): SectionSeen {
  let from = 0;
  let restarts = 0;
  for (let i = 1; i < timeline.chars.length; i++) {
    if (timeline.chars[i]! < timeline.chars[i - 1]!) {
      from = i;
      restarts++;
    }
  }
  const t = timeline.t.slice(from);
  const chars = timeline.chars.slice(from);
  const text = answer.text;
  const tokens = tokensOf(text);
  const latencies: number[] = [];
  const sentAt: number[] = [];
  let seen = 0;
  let prefix = 0;
  let firstVisible = Number.NaN;
  for (let k = 0; k < tokens; k++) {
    const end = Math.min(text.length, (k + 1) * CHARS_PER_TOKEN);
    prefix += visibleChars(text.slice(k * CHARS_PER_TOKEN, end));
    while (seen < chars.length && chars[seen]! < prefix) seen++;
    if (seen >= chars.length) break; // never seen (counted as incomplete)
    const sent = answer.sentAt[k];
    if (sent === undefined) break; // never sent (the stream was cut)
    latencies.push(t[seen]! - sent);
    sentAt.push(sent);
  }
  const firstIdx = chars.findIndex((c) => c > 0);
  if (firstIdx >= 0) firstVisible = t[firstIdx]!;
  const total = visibleChars(text);
  const lastIdx = chars.findIndex((c) => c >= total);
  return {
    title: answer.title,
    tokens,
    requested: answer.start,
    sendStart: answer.sentAt[0] ?? Number.NaN,
    sendEnd: answer.end,
    firstVisible,
    lastVisible: lastIdx >= 0 ? t[lastIdx]! : Number.NaN,
    latencies,
    sentAt,
    restarts,
    complete: lastIdx >= 0 && latencies.length === tokens,
  };
}

export interface RoomFigures {
  tokens: number;
  /** First text visible → last text visible, ms. */
  spanMs: number;
  tokensPerSecond: number;
  /** Per section: first → last visible (ms); the section's own streaming rate. */
  streamMs: number[];
  /** Per section: the model's first → last delta (ms); 0 is a burst (full speed). */
  sendMs: number[];
  /** Between sections: last text of one visible → the next section's request at the model (ms). */
  beforeModelMs: number[];
  /** The model's request → its first text visible (ms). */
  toFirstTextMs: number[];
  latencies: number[];
  /** Longest time a section's answer took to send (first delta → last), ms: 0 ≈ a burst. */
  sendWindowMaxMs: number;
  incomplete: number;
  restarts: number;
}

/** One room's figures from its sections, in outline order. */
export function roomFigures(sections: SectionSeen[]): RoomFigures {
  const tokens = sections.reduce((s, x) => s + x.tokens, 0);
  const first = Math.min(...sections.map((s) => s.firstVisible));
  const last = Math.max(...sections.map((s) => s.lastVisible));
  const spanMs = last - first;
  return {
    tokens,
    spanMs,
    tokensPerSecond: (tokens * 1000) / spanMs,
    streamMs: sections.map((s) => s.lastVisible - s.firstVisible),
    sendMs: sections.map((s) => s.sendEnd - s.sendStart),
    beforeModelMs: sections.slice(1).map((s, i) => s.requested - sections[i]!.lastVisible),
    toFirstTextMs: sections.map((s) => s.firstVisible - s.requested),
    latencies: sections.flatMap((s) => s.latencies),
    sendWindowMaxMs: Math.max(...sections.map((s) => s.sendEnd - s.sendStart)),
    incomplete: sections.filter((s) => !s.complete).length,
    restarts: sections.reduce((n, s) => n + s.restarts, 0),
  };
}

/**
 * Where the slowest tokens (over the p99 latency) are: at the start or the end of their section,
 * and whether they bunch in time (one stall felt by every room) or spread out.
 */
export interface LatencyTail {
  p99: number;
  tokens: number;
  /** Share of them among the first / last 10% of their section's tokens. */
  sectionStart: number;
  sectionEnd: number;
  /** 100 ms windows (by send time) they fall in, and the share held by the 3 fullest. */
  windows: number;
  top3Windows: number;
  /** Rooms they come from. */
  rooms: number;
}

export function latencyTail(rooms: SectionSeen[][]): LatencyTail {
  const all = rooms.flatMap((sections) => sections.flatMap((s) => s.latencies));
  const sorted = [...all].sort((a, b) => a - b);
  const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0;
  let tokens = 0;
  let start = 0;
  let end = 0;
  const windows = new Map<number, number>();
  const fromRooms = new Set<number>();
  rooms.forEach((sections, room) => {
    for (const s of sections) {
      const n = s.latencies.length;
      s.latencies.forEach((ms, k) => {
        if (ms <= p99) return;
        tokens++;
        if (k < n * 0.1) start++;
        if (k >= n * 0.9) end++;
        const w = Math.floor(s.sentAt[k]! / 100);
        windows.set(w, (windows.get(w) ?? 0) + 1);
        fromRooms.add(room);
      });
    }
  });
  const top3 = [...windows.values()].sort((a, b) => b - a).slice(0, 3).reduce((a, b) => a + b, 0);
  return { p99, tokens, sectionStart: start / (tokens || 1), sectionEnd: end / (tokens || 1), windows: windows.size, top3Windows: top3 / (tokens || 1), rooms: fromRooms.size };
}
