// One streamed chat completion through the openai SDK, with what the SDK leaves to us: an idle
// timer (its timeout stops once headers arrive), usage from the last chunk, and errors sorted
// into retryable or not. The SDK makes the request (auth, its retries before the body, its errors
// for a refused call); the body is read by chat-stream.ts, which is much cheaper per token.
import OpenAI, { APIError } from 'openai';
import type { LlmConfig } from './config';
import { demoFetch } from './demo';
import { readChatChunks } from './chat-stream';
import { LlmError, classifyLlmError, type LlmUsage } from './errors';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatCall {
  messages: ChatMessage[];
  /** Ask for one JSON object (response_format json_object). */
  json?: boolean;
  temperature?: number;
  maxTokens?: number;
  /** Called with the text of each network read as it arrives (the pieces the model sent in it, joined). */
  onDelta?: (text: string) => void;
  /** Aborts the call (a cancelled job); the error is then a 'timeout'-kind LlmError. */
  signal?: AbortSignal;
  /** Retries the SDK makes before a body arrives (default 2). */
  maxRetries?: number;
  /** Milliseconds the SDK waits for response headers (default 60000). */
  timeoutMs?: number;
}

export interface ChatResult {
  text: string;
  /** The model we asked for (the demo model's label when no key is set). */
  model: string;
  demo: boolean;
  /** Null when the provider sent no usage chunk. */
  usage: LlmUsage | null;
  finishReason: string | null;
}

/** Streams one chat completion to the end; throws LlmError (with any usage it saw) on failure. */
export async function streamChat(config: LlmConfig, call: ChatCall): Promise<ChatResult> {
  const client = new OpenAI({
    apiKey: config.apiKey ?? 'demo',
    baseURL: config.demo ? 'http://demo.invalid/v1' : config.baseURL,
    maxRetries: config.demo ? 0 : (call.maxRetries ?? 2),
    timeout: call.timeoutMs ?? 60_000,
    ...(config.demo ? { fetch: demoFetch } : {}),
  });

  const abort = new AbortController();
  let idleFired = false;
  // One timer per call, not one per chunk: each chunk only notes the time, and the timer, when it
  // fires, waits out what is left of the idle window since the last chunk (a timer per chunk was a
  // tenth of the worker's CPU while a section streamed).
  let lastChunkAt = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watch = (ms: number) => {
    timer = setTimeout(() => {
      const quiet = Date.now() - lastChunkAt;
      if (quiet < config.idleTimeoutMs) return watch(config.idleTimeoutMs - quiet);
      idleFired = true;
      abort.abort();
    }, ms);
  };
  const onOuterAbort = () => abort.abort();
  call.signal?.addEventListener('abort', onOuterAbort, { once: true });

  let text = '';
  let usage: LlmUsage | null = null;
  let finishReason: string | null = null;
  let received = false;
  let inBody = false;
  try {
    watch(config.idleTimeoutMs);
    const response = await client.chat.completions
      .create(
        {
          model: config.model,
          messages: call.messages,
          stream: true,
          stream_options: { include_usage: true },
          ...(call.json ? { response_format: { type: 'json_object' as const } } : {}),
          ...(call.temperature !== undefined ? { temperature: call.temperature } : {}),
          ...(call.maxTokens !== undefined ? { max_tokens: call.maxTokens } : {}),
        },
        { signal: abort.signal },
      )
      .asResponse();
    inBody = true;
    lastChunkAt = Date.now();
    await readChatChunks(response, (chunks) => {
      lastChunkAt = Date.now();
      let pieces = '';
      for (const chunk of chunks) {
        if (chunk.usage) usage = { promptTokens: chunk.usage.prompt_tokens ?? 0, completionTokens: chunk.usage.completion_tokens ?? 0 };
        const choice = chunk.choices?.[0];
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        const piece = choice?.delta?.content;
        if (piece) pieces += piece;
      }
      if (pieces) {
        received = true;
        text += pieces;
        // One call per network read: what arrived together is handed on together.
        call.onDelta?.(pieces);
      }
    });
    if (idleFired) throw new LlmError('timeout', `The model sent nothing for ${config.idleTimeoutMs} ms.`);
    if (call.signal?.aborted) throw new LlmError('timeout', 'The call was aborted.');
    // A body that ended cleanly but without a finish reason was cut short by something in between.
    if (finishReason === null) throw new LlmError('stream_cut', 'The model\'s answer ended before it was finished.');
    return { text, model: config.model, demo: config.demo, usage, finishReason };
  } catch (err) {
    const error = idleFired
      ? new LlmError('timeout', `The model sent nothing for ${config.idleTimeoutMs} ms.`, { cause: err })
      : call.signal?.aborted
        ? new LlmError('timeout', 'The call was aborted.', { cause: err })
        : inBody && !(err instanceof LlmError) && !(err instanceof APIError)
        ? // Reading the body failed: undici says "TypeError: terminated", workerd "Network connection lost."
          new LlmError('stream_cut', `The model's answer was cut off (${err instanceof Error ? err.message : String(err)}).`, { cause: err })
        : classifyLlmError(err);
    error.usage = usage;
    error.receivedContent = received;
    throw error;
  } finally {
    clearTimeout(timer);
    call.signal?.removeEventListener('abort', onOuterAbort);
  }
}
