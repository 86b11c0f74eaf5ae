// The model for the stream benchmark: tests/fakes/openai.ts (the real chat-completions SSE wire
// format), answering each section request with a long, plain-prose section in 4-character deltas
// (the fake reports chars/4 as completion tokens, so one delta is one token). By default it writes
// at full speed (no delay between deltas); a worker whose section model is named "…-pace<N>" gets
// N ms between deltas instead (a model streaming at a finite rate).
//
// Send times: the fake runs in this process, so every write of an SSE event to a response is
// timed here (a hook on ServerResponse.prototype.write), giving each token its own send time.
import { ServerResponse } from 'node:http';
import { startFakeOpenAI, type ChatRequestRecord, type FakeOpenAI } from '../../tests/fakes/openai';
import { now, seededRandom } from '../collab/stats';

/** Characters per delta, as a real model's tokens average. */
export const CHARS_PER_TOKEN = 4;

export interface SentAnswer {
  /** The section title the request asked for. */
  title: string;
  text: string;
  /** When the request was answered, and when its last text delta was written (ms, `now()` clock). */
  start: number;
  end: number;
  /** Per token (4 characters of `text`), when the delta holding it was written to the socket. */
  sentAt: number[];
}

export interface BenchModel {
  fake: FakeOpenAI;
  /** Every answer sent, in order. */
  answers: SentAnswer[];
  /** The text the model writes for a section title (deterministic, so a direct writer can send the same). */
  textFor(title: string): string;
  stop(): Promise<void>;
}

/** The section model name that makes the fake wait `paceMs` between deltas. */
export const pacedModel = (paceMs: number) => (paceMs > 0 ? `fake-writer-pace${paceMs}` : 'fake-writer');

const WORDS = ('tide energy turbine estuary current basin lagoon barrage rotor blade cost grid storage output season moon ' +
  'pull flow model survey site permit coast habitat fish sediment cable harbour pilot array yield capacity factor ' +
  'maintenance corrosion design policy subsidy market forecast').split(' ');

/** Plain prose (no Markdown, brackets or list markers, so the final parse keeps every character), paragraphs of ~600 characters. */
function prose(seed: number, chars: number): string {
  const random = seededRandom(seed);
  const paragraphs: string[] = [];
  let total = 0;
  while (total < chars) {
    const words: string[] = [];
    let len = 0;
    while (len < 600) {
      const w = WORDS[Math.floor(random() * WORDS.length)]!;
      words.push(w);
      len += w.length + 1;
    }
    const p = `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
    paragraphs.push(p);
    total += p.length + 2;
  }
  return paragraphs.join('\n\n').slice(0, chars).trimEnd().replace(/\s+\S*$/, '.');
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The section title in a section prompt (`Write section 1.2 "Title" of the chapter …`). */
function sectionAsked(req: ChatRequestRecord): string {
  const prompt = (req.body.messages ?? []).map((m) => m.content).join('\n');
  return /Write section \S+ "([^"]*)"/.exec(prompt)?.[1] ?? '?';
}

/** Responses being answered → their answer; `next` is the answer whose response writes next. */
const streaming = new WeakMap<ServerResponse, SentAnswer>();
let next: SentAnswer | null = null;
let hooked = false;

/**
 * Times every SSE event written by the fake. The fake calls `fallback` and then, without an await
 * in between, writes its first event to that request's response: that is how a response is paired
 * with its answer.
 */
function hookWrites(): void {
  if (hooked) return;
  hooked = true;
  const write = ServerResponse.prototype.write as (this: ServerResponse, ...args: unknown[]) => boolean;
  ServerResponse.prototype.write = function (this: ServerResponse, ...args: unknown[]): boolean {
    const result = write.apply(this, args);
    const chunk = args[0];
    if (typeof chunk === 'string' && chunk.startsWith('data: {')) {
      let answer = streaming.get(this);
      if (!answer && next) {
        answer = next;
        next = null;
        streaming.set(this, answer);
      }
      if (answer) {
        const t = now();
        const content = (JSON.parse(chunk.slice(6)) as { choices?: Array<{ delta?: { content?: string } }> }).choices?.[0]?.delta?.content;
        if (content) {
          for (let k = 0; k < Math.ceil(content.length / CHARS_PER_TOKEN); k++) answer.sentAt.push(t);
          answer.end = t;
        }
      }
    }
    return result;
  } as typeof ServerResponse.prototype.write;
}

/** Starts the fake; each section answer has about `tokensPerSection` tokens. */
export async function startBenchModel(tokensPerSection: number): Promise<BenchModel> {
  hookWrites();
  const fake = await startFakeOpenAI({ apiKey: 'sk-bench-stream' });
  const answers: SentAnswer[] = [];
  const textFor = (title: string) => prose(hash(title), tokensPerSection * CHARS_PER_TOKEN);
  fake.fallback = (req) => {
    const title = sectionAsked(req);
    const text = textFor(title);
    const answer: SentAnswer = { title, text, start: now(), end: Number.NaN, sentAt: [] };
    answers.push(answer);
    next = answer;
    const pace = Number(/-pace(\d+)$/.exec(String(req.body.model ?? ''))?.[1] ?? 0);
    return { kind: 'text', text, chunkSize: CHARS_PER_TOKEN, delayMs: pace };
  };
  return {
    fake,
    answers,
    textFor,
    stop: () => fake.stop(),
  };
}
