// A fake OpenAI-compatible server on a loopback port, speaking chat completions as the real API
// does: POST /v1/chat/completions, JSON or SSE (`data: {chunk}\n\n`, usage in a last chunk with
// empty choices when stream_options.include_usage, then `data: [DONE]`), Bearer auth, OpenAI's error
// shape. Each test scripts what comes next: fixed text, a function of the request, 429 with
// retry-after, 500, a slow token pace, a stall mid-body or a connection cut mid-body. Every request
// is recorded so tests can assert the model and the messages.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequestRecord {
  path: string;
  authorization: string | undefined;
  body: {
    model?: string;
    messages?: Array<{ role: string; content: string }>;
    stream?: boolean;
    stream_options?: { include_usage?: boolean };
    response_format?: { type: string };
    [key: string]: unknown;
  };
}

/** What the fake does with one request. */
export type FakeReply =
  /** Answers `text` (split into `chunkSize`-character deltas, `delayMs` between them). */
  | { kind: 'text'; text: string; usage?: { prompt: number; completion: number }; delayMs?: number; chunkSize?: number }
  /** Answers an error status with OpenAI's error body (and headers such as retry-after). */
  | { kind: 'error'; status: number; message?: string; headers?: Record<string, string> }
  /** Sends `text` as deltas, then nothing more, holding the connection open (closed when the client gives up). */
  | { kind: 'stall'; text: string }
  /** Sends `text` as deltas, then destroys the socket without ending the body. */
  | { kind: 'cut'; text: string; usage?: { prompt: number; completion: number } };

export interface FakeOpenAI {
  url: string;
  /** The base URL for the SDK (`${url}/v1`). */
  baseURL: string;
  apiKey: string;
  requests: ChatRequestRecord[];
  /** Replies used in order, one per request; after them, `fallback`. */
  queue(...replies: FakeReply[]): void;
  /** What requests get once the queue is empty (default: a short text). */
  fallback: (req: ChatRequestRecord) => FakeReply;
  reset(): void;
  stop(): Promise<void>;
}

const tokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

/** Starts the fake; requests must carry `Bearer <apiKey>`. */
export async function startFakeOpenAI(opts: { apiKey?: string } = {}): Promise<FakeOpenAI> {
  const apiKey = opts.apiKey ?? 'sk-fake-test';
  const queued: FakeReply[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const fake: FakeOpenAI = {
    url: '',
    baseURL: '',
    apiKey,
    requests: [],
    queue: (...replies) => void queued.push(...replies),
    fallback: () => ({ kind: 'text', text: 'Hello from the fake.' }),
    reset() {
      queued.length = 0;
      fake.requests.length = 0;
      fake.fallback = () => ({ kind: 'text', text: 'Hello from the fake.' });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method !== 'POST' || path !== '/v1/chat/completions') return sendError(res, 404, `Unknown path ${path}`, 'invalid_request_error');
    if (req.headers.authorization !== `Bearer ${apiKey}`) return sendError(res, 401, 'Incorrect API key provided.', 'invalid_request_error');
    let body: ChatRequestRecord['body'];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequestRecord['body'];
    } catch {
      return sendError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error');
    }
    const record: ChatRequestRecord = { path, authorization: req.headers.authorization, body };
    fake.requests.push(record);
    const reply = queued.shift() ?? fake.fallback(record);
    const promptText = (body.messages ?? []).map((m) => m.content).join('\n');

    if (reply.kind === 'error') return sendError(res, reply.status, reply.message ?? `Fake error ${reply.status}`, reply.status === 429 ? 'rate_limit_exceeded' : 'server_error', reply.headers);

    const usageOf = (text: string, given?: { prompt: number; completion: number }) => {
      const prompt = given?.prompt ?? tokens(promptText);
      const completion = given?.completion ?? tokens(text);
      return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
    };
    const id = `chatcmpl-fake${fake.requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    const model = body.model ?? 'unknown';

    if (!body.stream) {
      if (reply.kind !== 'text') return res.destroy();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id, object: 'chat.completion', created, model, choices: [{ index: 0, message: { role: 'assistant', content: reply.text }, finish_reason: 'stop' }], usage: usageOf(reply.text, reply.usage) }));
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const size = reply.kind === 'text' ? (reply.chunkSize ?? 8) : 8;
    const delay = reply.kind === 'text' ? (reply.delayMs ?? 0) : 0;
    res.write(chunk({ role: 'assistant', content: '' }, null));
    for (let i = 0; i < reply.text.length; i += size) {
      if (res.destroyed) return;
      res.write(chunk({ content: reply.text.slice(i, i + size) }, null));
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    }
    if (reply.kind === 'stall') return; // headers and some text sent; the rest never comes
    if (reply.kind === 'cut') {
      await new Promise((r) => setTimeout(r, 20));
      res.socket?.destroy();
      return;
    }
    res.write(chunk({}, 'stop'));
    if (body.stream_options?.include_usage) {
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: usageOf(reply.text, reply.usage) })}\n\n`);
    }
    res.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.baseURL = `${fake.url}/v1`;
  return fake;
}

function sendError(res: ServerResponse, status: number, message: string, type: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ error: { message, type, param: null, code: type === 'rate_limit_exceeded' ? 'rate_limit_exceeded' : null } }));
}
