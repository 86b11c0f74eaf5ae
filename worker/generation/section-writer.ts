// Writes one section: streams the model's text into the room, retries provider faults with
// backoff (each retry starts the section over), then checks the citation markers and puts the
// final text, with citations bound to reference ids, in place of what streamed.
import { and, eq, sql } from 'drizzle-orm';
import { parseGeneratedSection } from '../../core/doc';
import type { Db } from '../../db/client';
import { reportJobSections } from '../../db/schema';
import tokenUsageRecorder from '../commands/tokenUsageRecorder';
import type { Bindings } from '../env';
import { streamChat, type ChatMessage } from '../lib/llm/client';
import type { LlmConfig } from '../lib/llm/config';
import { LlmError, classifyLlmError } from '../lib/llm/errors';
import { log } from '../lib/log';
import { RoomFencedError, applyRoomOps, type RoomFence } from '../lib/room-client';
import { RoomTextStream } from './room-stream';
import { backoffDelay, type GenerationSettings } from './settings';

/** The name collaborators see on a section the AI is writing. */
export const AI_WRITER = 'Seydam AI';

export interface SectionTask {
  env: Bindings;
  db: Db;
  jobId: string;
  reportId: string;
  /** Whose usage the calls are (the person who started the job). */
  userId: string;
  sectionId: string;
  config: LlmConfig;
  messages: ChatMessage[];
  /** Reference numbers in the prompt → reference ids. */
  references: ReadonlyMap<number, string>;
  settings: GenerationSettings;
  /** This delivery's place in line: the room refuses its writes once a later delivery has written. */
  fence: RoomFence;
  /** Aborted when the job is cancelled or the lease is lost; `stopReason` says which. */
  signal: AbortSignal;
  stopReason: () => 'cancelled' | 'lost' | null;
}

export type SectionOutcome =
  | { kind: 'done'; cited: string[]; removedMarkers: string[]; attempts: number }
  | { kind: 'failed'; reason: string; attempts: number }
  /** The section left the outline while the job ran. */
  | { kind: 'skipped' }
  | { kind: 'cancelled' }
  /** This delivery lost the job to another; it must not touch the section again. */
  | { kind: 'lost' };

class SectionGone extends Error {}

export async function writeSection(task: SectionTask): Promise<SectionOutcome> {
  try {
    return await attempts(task);
  } catch (err) {
    // A later delivery has taken over and written to the room: this one stops without another word.
    if (err instanceof RoomFencedError) return { kind: 'lost' };
    throw err;
  }
}

async function attempts(task: SectionTask): Promise<SectionOutcome> {
  const { env, db, reportId, sectionId, settings } = task;
  const room = (ops: Parameters<typeof applyRoomOps>[2]) => applyRoomOps(env, reportId, ops, task.fence);
  const record = (usage: LlmError['usage'], outcome: 'ok' | 'failed') =>
    tokenUsageRecorder(db, { userId: task.userId, reportId, jobId: task.jobId, task: 'section', model: task.config.model, usage, outcome, prices: env.LLM_PRICES });

  let lastReason = '';
  for (let attempt = 1; attempt <= settings.maxAttempts; attempt++) {
    const stop = task.stopReason();
    if (stop) return { kind: stop };
    await db
      .update(reportJobSections)
      .set({ status: 'writing', attempts: sql`${reportJobSections.attempts} + 1`, startedAt: sql`coalesce(${reportJobSections.startedAt}, now())`, error: null })
      .where(and(eq(reportJobSections.jobId, task.jobId), eq(reportJobSections.sectionId, sectionId)));
    // Each attempt starts from an empty section: what an earlier attempt (or a crashed delivery) streamed is replaced, never appended to.
    const [stateSet, cleared] = await room([
      { type: 'setSectionState', sectionId, state: { status: 'writing', writer: AI_WRITER } },
      { type: 'setSectionParagraphs', sectionId, paragraphs: [] },
    ]);
    if (!stateSet || !cleared) return { kind: 'skipped' };

    const stream = new RoomTextStream(async (text) => (await room([{ type: 'appendText', sectionId, text }]))[0] ?? false, settings.flushMs);
    let text: string;
    try {
      const result = await streamChat(task.config, {
        messages: task.messages,
        temperature: 0.6,
        maxRetries: 0,
        signal: task.signal,
        onDelta: (delta) => stream.push(delta),
      });
      await record(result.usage, 'ok');
      await stream.close();
      if (stream.sectionGone) throw new SectionGone();
      text = result.text;
    } catch (err) {
      await stream.abandon();
      if (err instanceof RoomFencedError) throw err;
      if (err instanceof SectionGone || stream.sectionGone) return { kind: 'skipped' };
      const error = classifyLlmError(err);
      if (err instanceof LlmError && (err.usage || err.receivedContent)) await record(err.usage, 'failed');
      const stopped = task.stopReason();
      if (stopped) return { kind: stopped };
      lastReason = describe(err, error);
      log('warn', 'section attempt failed', { reportId, jobId: task.jobId, sectionId, attempt, kind: error.kind, reason: lastReason });
      // Only provider and room faults are worth another try; a refused request fails the same way again.
      if (!error.retryable && err instanceof LlmError) break;
      if (attempt < settings.maxAttempts && !(await pause(backoffDelay(settings, attempt, error.opts.retryAfterMs), task.signal))) {
        return { kind: task.stopReason() ?? 'cancelled' };
      }
      continue;
    }

    const parsed = parseGeneratedSection(text, task.references);
    if (parsed.unknown.length > 0) {
      log('warn', 'citation markers removed: no such reference', { reportId, jobId: task.jobId, sectionId, markers: parsed.unknown });
    }
    const stopped = task.stopReason();
    if (stopped === 'lost') return { kind: 'lost' };
    const [replaced] = await room([
      { type: 'setSectionBlocks', sectionId, blocks: parsed.blocks },
      { type: 'setSectionState', sectionId, state: { status: 'done' } },
    ]);
    if (!replaced) return { kind: 'skipped' };
    return { kind: 'done', cited: parsed.cited, removedMarkers: parsed.unknown, attempts: attempt };
  }
  return { kind: 'failed', reason: lastReason || 'The model could not write this section.', attempts: settings.maxAttempts };
}

/** What went wrong, for the section's error and the job's last error. */
function describe(raw: unknown, error: LlmError): string {
  if (raw instanceof LlmError || !(raw instanceof Error)) return error.message;
  // Not from the model: the room could not take the text.
  return raw.message;
}

/** Waits `ms`; false when `signal` fired first. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
