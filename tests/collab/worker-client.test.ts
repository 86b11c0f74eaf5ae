// The room's load of a report from the worker (party/worker-client.ts) against a real HTTP server
// that drops connections: a dropped connection is asked again, an answer is never retried.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDocument } from '../../party/worker-client';

let server: Server | null = null;

/** A worker stand-in: drops the first `drops` connections without answering, then answers with `answer`. */
async function flakyWorker(drops: number, answer: { status: number; body: Buffer | string }): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  server = createServer((req, res) => {
    requests += 1;
    if (requests <= drops) {
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, { 'content-type': typeof answer.body === 'string' ? 'application/json' : 'application/octet-stream' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests };
}

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

describe('loading a report into an empty room', () => {
  it('asks again when the connection drops before an answer', async () => {
    const worker = await flakyWorker(2, { status: 200, body: Buffer.from([1, 2, 3]) });
    const outcome = await loadDocument({ workerUrl: worker.url, secret: 's' }, 'r1', [1, 1]);
    expect(outcome).toEqual({ kind: 'loaded', update: new Uint8Array([1, 2, 3]) });
    expect(worker.requests()).toBe(3);
  });

  it('gives up with the reason once its retries are spent', async () => {
    const worker = await flakyWorker(10, { status: 200, body: Buffer.from([1]) });
    const outcome = await loadDocument({ workerUrl: worker.url, secret: 's' }, 'r1', [1, 1]);
    expect(outcome.kind).toBe('failed');
    expect(worker.requests()).toBe(3);
  });

  it('takes an answer as it is: a missing report is not asked for again', async () => {
    const worker = await flakyWorker(0, { status: 404, body: JSON.stringify({ error: { code: 'report_not_found', message: 'gone' } }) });
    expect(await loadDocument({ workerUrl: worker.url, secret: 's' }, 'r1', [1, 1])).toEqual({ kind: 'not_found' });
    expect(worker.requests()).toBe(1);
  });
});
