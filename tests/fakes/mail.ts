// A fake mail provider on a loopback port, taking what Resend's `POST /emails` takes: a JSON body
// {from, to, subject, text} with `Authorization: Bearer <key>`, answering 200 {id}. It records every
// request and can be told to fail the next ones.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMail {
  from: string;
  to: string | string[];
  subject: string;
  text: string;
}

export interface MailRequestRecord {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  /** The parsed body, or undefined when it was not JSON. */
  body: SentMail | undefined;
  /** What the fake answered. */
  status: number;
}

export interface FakeMail {
  /** The send endpoint, for MAIL_API_URL. */
  url: string;
  requests: MailRequestRecord[];
  /** The next `count` sends fail with this status (a provider outage, a rejected key). */
  failNext(status: number, count?: number): void;
  /** Mails accepted for one address. */
  sentTo(address: string): SentMail[];
  stop(): Promise<void>;
}

/** Starts the fake; `apiKey` is the only bearer key it accepts (others get 401, as a provider would). */
export async function startFakeMail(opts: { apiKey: string }): Promise<FakeMail> {
  const requests: MailRequestRecord[] = [];
  let failures: { status: number; left: number } | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: SentMail | undefined;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SentMail;
    } catch {
      body = undefined;
    }
    const record: MailRequestRecord = {
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body,
      status: 200,
    };
    requests.push(record);
    const answer = (status: number, json: unknown) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    if (req.method !== 'POST' || req.url !== '/emails') return answer(404, { name: 'not_found', message: 'Not found' });
    if (req.headers.authorization !== `Bearer ${opts.apiKey}`) return answer(401, { name: 'missing_api_key', message: 'Invalid API key' });
    if (failures && failures.left > 0) {
      failures.left -= 1;
      return answer(failures.status, { name: 'application_error', message: 'The fake provider was told to fail' });
    }
    if (!body || !body.from || !body.to || !body.subject || typeof body.text !== 'string') {
      return answer(422, { name: 'validation_error', message: 'from, to, subject and text are required' });
    }
    return answer(200, { id: randomUUID() });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => res.writeHead(500).end(String(err)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/emails`,
    requests,
    failNext(status, count = 1) {
      failures = { status, left: count };
    },
    sentTo(address) {
      return requests
        .filter((r) => r.status === 200 && r.body && ([] as string[]).concat(r.body.to).includes(address))
        .map((r) => r.body!);
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
