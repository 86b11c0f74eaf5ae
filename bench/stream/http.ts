// HTTP for the benchmark's own calls, with node:http so each caller chooses its connections:
// `wrangler dev` and `partykit dev` close idle keep-alive connections, and fetch's shared pool then
// reuses one that is already closed (ECONNRESET) after a long job. API calls take a fresh
// connection each; a run that posts many times in a row brings its own keep-alive agent.
import { Agent, request } from 'node:http';

export interface HttpAnswer {
  status: number;
  body: string;
}

export function http(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent: init.agent ?? false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error(`${init.method ?? 'GET'} ${url}: no answer in 60 s`)));
    req.end(init.body);
  });
}

/** A keep-alive agent for one burst of requests (destroy it afterwards). */
export const keepAliveAgent = () => new Agent({ keepAlive: true, maxSockets: 4 });
