// Reads a chat completion's SSE body (as the openai SDK returns it from `.asResponse()`) into
// chunks, with eventsource-parser. The SDK's own stream iterator costs several async-generator hops
// per event, which made parsing the largest part of the worker's CPU while a section streams (about
// 70 µs a token under workerd; bench/README.md): here every event of a network read is parsed in one
// synchronous pass and handed over together. What the SDK's iterator does with the events is kept:
// `[DONE]` ends the answer, an `error` payload throws the SDK's APIError.
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { APIError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';

/** Network reads between two turns of the event loop (so timers such as the room flush can fire during a burst). */
const READS_PER_TURN = 8;
/**
 * The body is taken to be ahead of us when BURST_READS reads came back within BURST_WINDOW_MS: some
 * 1,000 events a second, faster than a model writes (a read is about half an event). Reads then
 * wait for BURST_BYTES at a time. A rate, not "at once": with several streams in one isolate, their
 * reads take turns, so one stream's reads are rarely in the same millisecond even during a burst.
 */
const BURST_READS = 16;
const BURST_WINDOW_MS = 8;
/** Bytes one read waits for while the body is ahead of us: about a dozen events. */
const BURST_BYTES = 2_048;
/**
 * A burst read (BURST_BYTES, about 13 events) that took longer than this came at under ~1,000
 * events a second, the rate that started the burst: the body caught up, back to one chunk per
 * read. Not shorter: with ten streams taking turns, a read of a stream still far behind can wait
 * several milliseconds for the others.
 */
const BURST_END_MS = 12;

export async function readChatChunks(response: Response, onChunks: (chunks: ChatCompletionChunk[]) => void): Promise<void> {
  if (!response.body) return;
  let batch: ChatCompletionChunk[] = [];
  let failure: unknown = null;
  let done = false;
  const parser = createParser({
    onEvent(event: EventSourceMessage) {
      if (done || failure) return;
      if (event.data.startsWith('[DONE]')) {
        done = true;
        return;
      }
      try {
        const data = JSON.parse(event.data) as ChatCompletionChunk & { error?: unknown; message?: string };
        if (event.event === 'error' || (data && data.error)) {
          failure = new APIError(undefined, data.error as object | undefined, data.message, response.headers);
          return;
        }
        batch.push(data);
      } catch (err) {
        failure = err;
      }
    },
  });

  const reader = new BodyReader(response.body);
  const decoder = new TextDecoder();
  let ended = false;
  try {
    let reads = 0;
    for (;;) {
      const read = await reader.read();
      if (read.value) parser.feed(decoder.decode(read.value, { stream: true }));
      if (read.done) {
        ended = true;
        parser.feed(decoder.decode());
      }
      if (batch.length > 0) {
        const chunks = batch;
        batch = [];
        onChunks(chunks);
      }
      if (failure) throw failure;
      if (ended) break;
      if (++reads % READS_PER_TURN === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    }
  } finally {
    // Given up early (an error payload, a caller that threw): close the connection, not just the reader.
    if (!ended) await reader.cancel();
    reader.release();
  }
}

/**
 * Reads a body chunk by chunk, and in bigger slices while it is far ahead of us. Each network chunk
 * (one SSE event, often two reads under workerd's chunked decoding) costs about 9 µs of JavaScript
 * to read, more than everything we do with it; a backlog of 1,500 events then takes ~30 ms of CPU.
 * workerd's `readAtLeast` gathers buffered chunks natively, so once reads come back faster than any
 * model writes they ask for BURST_BYTES at a time. A paced stream never waits for more: bursts start
 * only at that rate, and end at the first slice that came slower (BURST_END_MS).
 */
class BodyReader {
  private readonly byob: ReadableStreamBYOBReader | null;
  private readonly plain: ReadableStreamDefaultReader<Uint8Array> | null;
  private buffer = new ArrayBuffer(BURST_BYTES * 4);
  private readonly pace = new ReadPace(Date.now());

  constructor(body: ReadableStream<Uint8Array>) {
    let byob: ReadableStreamBYOBReader | null = null;
    try {
      const candidate = body.getReader({ mode: 'byob' });
      // readAtLeast is workerd's; elsewhere (Node, in tests) the plain reader does the same job.
      if (typeof (candidate as { readAtLeast?: unknown }).readAtLeast === 'function') byob = candidate;
      else candidate.releaseLock();
    } catch {
      // Not a byte stream (the demo model's body): read it plainly.
    }
    this.byob = byob;
    this.plain = byob ? null : body.getReader();
  }

  async read(): Promise<{ value?: Uint8Array; done: boolean }> {
    if (!this.byob) return this.plain!.read();
    const min = this.pace.burst ? BURST_BYTES : 1;
    const view = new Uint8Array(this.buffer, 0, this.buffer.byteLength);
    const { value, done } = await (this.byob as ReadableStreamBYOBReader & { readAtLeast(min: number, view: Uint8Array): Promise<ReadableStreamReadResult<Uint8Array>> }).readAtLeast(min, view);
    this.pace.note(Date.now());
    if (!value) return { done };
    // The read took the buffer over; the next read reuses it, so the caller decodes `value` before asking again.
    this.buffer = value.buffer as ArrayBuffer;
    return { value, done };
  }

  cancel(): Promise<void> {
    return (this.byob ?? this.plain!).cancel().catch(() => undefined);
  }

  release(): void {
    (this.byob ?? this.plain!).releaseLock();
  }
}

/** Whether a body's reads come back faster than a model writes (then reads wait for BURST_BYTES). */
export class ReadPace {
  burst = false;
  /** Reads since `windowStart`, while not in a burst. */
  private reads = 0;
  private windowStart: number;
  private last: number;

  constructor(now: number) {
    this.windowStart = now;
    this.last = now;
  }

  /** Notes a read that came back at `now` (ms). */
  note(now: number): void {
    if (this.burst) {
      if (now - this.last > BURST_END_MS) this.restartWindow(now);
    } else if (++this.reads >= BURST_READS) {
      if (now - this.windowStart <= BURST_WINDOW_MS) this.burst = true;
      else this.restartWindow(now);
    }
    this.last = now;
  }

  private restartWindow(now: number): void {
    this.burst = false;
    this.reads = 0;
    this.windowStart = now;
  }
}
