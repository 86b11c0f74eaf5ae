// The LLM client (worker/lib/llm) with the real openai SDK against tests/fakes/openai: streaming
// with usage, the SDK's retry-after handling, and the failures the SDK leaves to us (stalls, cuts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { streamChat } from '../../worker/lib/llm/client';
import { DEMO_MODEL, llmConfig, type LlmConfig } from '../../worker/lib/llm/config';
import { classifyLlmError, LlmError, retryAfterMs } from '../../worker/lib/llm/errors';
import { costMicroUsd } from '../../worker/commands/tokenUsageRecorder';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake?.stop();
});
beforeEach(() => fake.reset());

const config = (over: Partial<LlmConfig> = {}): LlmConfig => ({
  ...llmConfig({ OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'fake-model' }, 'section'),
  ...over,
});
const messages = [{ role: 'user' as const, content: 'Write about tides.' }];

/** The error streamChat threw, as an LlmError. */
async function failure(p: Promise<unknown>): Promise<LlmError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(LlmError);
  return err as LlmError;
}

describe('llmConfig', () => {
  it('uses the per-task model over OPENAI_MODEL, and the demo model without a key', () => {
    const env = { OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://x/v1', OPENAI_MODEL: 'base', OPENAI_MODEL_OUTLINE: 'planner' };
    expect(llmConfig(env, 'outline')).toMatchObject({ model: 'planner', baseURL: 'http://x/v1', demo: false });
    expect(llmConfig(env, 'section')).toMatchObject({ model: 'base', demo: false });
    expect(llmConfig({ OPENAI_MODEL: 'base' }, 'edit')).toMatchObject({ model: DEMO_MODEL, demo: true, apiKey: null });
    expect(llmConfig({ LLM_IDLE_TIMEOUT_MS: '1500' }, 'edit').idleTimeoutMs).toBe(1500);
    expect(llmConfig({}, 'edit').idleTimeoutMs).toBe(30_000);
  });
});

describe('streamChat', () => {
  it('streams text piece by piece as it arrives and reads usage from the last chunk', async () => {
    // A paced model: every piece is its own network read, so each reaches onDelta on its own.
    fake.queue({ kind: 'text', text: 'The tide rises twice a day.', usage: { prompt: 11, completion: 7 }, chunkSize: 5, delayMs: 15 });
    const pieces: string[] = [];
    const result = await streamChat(config(), { messages, onDelta: (p) => pieces.push(p) });
    expect(result).toMatchObject({ text: 'The tide rises twice a day.', model: 'fake-model', demo: false, usage: { promptTokens: 11, completionTokens: 7 }, finishReason: 'stop' });
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe(result.text);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.body).toMatchObject({ model: 'fake-model', stream: true, stream_options: { include_usage: true }, messages });
  });

  it('asks for a JSON object when told to', async () => {
    fake.queue({ kind: 'text', text: '{"a":1}' });
    await streamChat(config(), { messages, json: true });
    expect(fake.requests[0]!.body.response_format).toEqual({ type: 'json_object' });
  });

  it('lets the SDK wait out a 429 retry-after and then succeeds', async () => {
    fake.queue({ kind: 'error', status: 429, headers: { 'retry-after': '1' } }, { kind: 'text', text: 'after the wait' });
    const started = Date.now();
    const result = await streamChat(config(), { messages, maxRetries: 2 });
    expect(result.text).toBe('after the wait');
    expect(fake.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('classifies a 429 as retryable with its retry-after once the SDK gives up', async () => {
    fake.queue({ kind: 'error', status: 429, headers: { 'retry-after': '7' } });
    const err = await failure(streamChat(config(), { messages, maxRetries: 0 }));
    expect(err).toMatchObject({ kind: 'rate_limited', retryable: true });
    expect(err.opts).toMatchObject({ status: 429, retryAfterMs: 7000 });
  });

  it('classifies a 500 as a retryable server error', async () => {
    fake.queue({ kind: 'error', status: 500 });
    const err = await failure(streamChat(config(), { messages, maxRetries: 0 }));
    expect(err).toMatchObject({ kind: 'server_error', retryable: true });
    expect(err.opts.status).toBe(500);
    expect(err.usage).toBeNull();
  });

  it('treats a 401 as not retryable', async () => {
    const err = await failure(streamChat(config({ apiKey: 'sk-wrong' }), { messages, maxRetries: 0 }));
    expect(err).toMatchObject({ kind: 'rejected', retryable: false });
  });

  it('aborts a stream that stalls mid-body after the idle timeout', async () => {
    fake.queue({ kind: 'stall', text: 'The tide' });
    const pieces: string[] = [];
    const started = Date.now();
    const err = await failure(streamChat(config({ idleTimeoutMs: 400 }), { messages, onDelta: (p) => pieces.push(p) }));
    expect(err).toMatchObject({ kind: 'timeout', retryable: true, receivedContent: true });
    expect(err.message).toContain('400 ms');
    expect(pieces.join('')).toBe('The tide');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('classifies a connection cut mid-body (undici "terminated") as retryable', async () => {
    fake.queue({ kind: 'cut', text: 'The tide rises and' });
    const err = await failure(streamChat(config(), { messages }));
    expect(err).toMatchObject({ kind: 'stream_cut', retryable: true, receivedContent: true, usage: null });
    expect(err.cause).toBeInstanceOf(TypeError);
    // The SDK never retries a failure while reading the body.
    expect(fake.requests).toHaveLength(1);
  });

  it('keeps a slow but steady stream alive past the idle timeout', async () => {
    fake.queue({ kind: 'text', text: 'a'.repeat(40), chunkSize: 4, delayMs: 100 });
    const result = await streamChat(config({ idleTimeoutMs: 300 }), { messages });
    expect(result.text).toBe('a'.repeat(40));
  });

  it('answers as the offline demo model through the same pipeline, with usage', async () => {
    const pieces: string[] = [];
    const result = await streamChat(llmConfig({}, 'section'), { messages, onDelta: (p) => pieces.push(p) });
    expect(result).toMatchObject({ model: DEMO_MODEL, demo: true, finishReason: 'stop' });
    expect(result.text).toContain('offline demo model');
    expect(pieces.length).toBeGreaterThan(5);
    expect(result.usage!.promptTokens).toBeGreaterThan(0);
    expect(result.usage!.completionTokens).toBeGreaterThan(0);
    expect(fake.requests).toHaveLength(0);
    // Deterministic: the same prompt gives the same text.
    expect((await streamChat(llmConfig({}, 'section'), { messages })).text).toBe(result.text);
  });

  it('makes the demo model answer a valid JSON outline when JSON is asked for', async () => {
    const result = await streamChat(llmConfig({}, 'outline'), { messages: [{ role: 'user', content: 'Topic: Tidal power' }], json: true });
    const parsed = JSON.parse(result.text) as { chapters: Array<{ title: string }> };
    expect(parsed.chapters.length).toBeGreaterThan(2);
    expect(JSON.stringify(parsed)).toContain('Tidal power');
  });
});

describe('error helpers', () => {
  it('reads retry-after in seconds, as a date and as retry-after-ms', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }))).toBe(3000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(Date.now() + 60_000).toUTCString() }))).toBeGreaterThan(50_000);
    expect(retryAfterMs(new Headers())).toBeUndefined();
    expect(classifyLlmError(new TypeError('terminated')).kind).toBe('stream_cut');
    expect(classifyLlmError(new Error('Network connection lost.')).kind).toBe('stream_cut');
    expect(classifyLlmError(new Error('boom')).retryable).toBe(false);
  });

  it('prices tokens from LLM_PRICES (USD per million tokens), 0 when unpriced', () => {
    const prices = JSON.stringify({ m: { prompt: 0.15, completion: 0.6 } });
    expect(costMicroUsd(prices, 'm', 1_000_000, 1_000_000)).toBe(750_000);
    expect(costMicroUsd(prices, 'm', 1000, 500)).toBe(450);
    expect(costMicroUsd(prices, 'other', 1000, 500)).toBe(0);
    expect(costMicroUsd(undefined, 'm', 1000, 500)).toBe(0);
    expect(costMicroUsd('not json', 'm', 1000, 500)).toBe(0);
  });
});
