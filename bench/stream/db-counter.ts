// A counting TCP relay in front of PostgreSQL (`--count-db`): the stack's WebSocket proxy connects
// to it instead of to the server, so every query the worker makes passes through here. It reads
// the wire protocol's message framing (never the contents) and counts connections, round trips
// (a simple Query or an extended-protocol Sync, each answered by one ReadyForQuery) and the time
// from each round trip's request to its ReadyForQuery. It adds one loopback hop per message.
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { now } from '../collab/stats';

export interface DbCounts {
  connections: number;
  /** Connection opened → first ReadyForQuery (start-up and authentication), summed, ms. */
  connectMs: number;
  roundTrips: number;
  /** Request → ReadyForQuery, summed over round trips, ms. */
  queryMs: number;
}

export interface DbStatement {
  /** When the statement was sent (`now()` clock). */
  t: number;
  /** Its SQL, cut to 160 characters. */
  sql: string;
}

export interface DbCounter {
  /** postgres:// URL that goes through the relay. */
  url: string;
  counts(): DbCounts;
  /** Every statement sent so far (for telling phases of a job apart by what they write). */
  statements: DbStatement[];
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;

/** Splits a byte stream into protocol messages; `typed` false for the untyped start-up messages. */
class Framer {
  private buffer: Buffer = Buffer.alloc(0);
  constructor(
    private typed: boolean,
    private readonly onMessage: (type: number, body: Buffer) => void,
  ) {}

  setTyped(): void {
    this.typed = true;
  }

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const head = this.typed ? 5 : 4;
      if (this.buffer.length < head) return;
      const len = this.buffer.readInt32BE(this.typed ? 1 : 0);
      const total = (this.typed ? 1 : 0) + len;
      if (this.buffer.length < total) return;
      const type = this.typed ? this.buffer[0]! : 0;
      this.onMessage(type, this.buffer.subarray(head, total));
      this.buffer = this.buffer.subarray(total);
    }
  }
}

/** Starts the relay on loopback in front of `target` (a postgres:// URL). */
export async function startDbCounter(target: string): Promise<DbCounter> {
  const url = new URL(target);
  const host = url.hostname;
  const port = Number(url.port || 5432);
  const totals: DbCounts = { connections: 0, connectMs: 0, roundTrips: 0, queryMs: 0 };
  const statements: DbStatement[] = [];
  const sqlOf = (body: Buffer, from: number) => {
    const end = body.indexOf(0, from);
    return body.toString('utf8', from, end < 0 ? body.length : Math.min(end, from + 160));
  };
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    const opened = now();
    totals.connections++;
    const upstream = createConnection({ host, port });
    upstream.setNoDelay(true);
    client.setNoDelay(true);
    sockets.add(client);
    sockets.add(upstream);
    const pending: number[] = [];
    let ready = false;
    // An SSL or GSS request is answered with one byte, not a message: the driver here never sends one.
    const fromClient = new Framer(false, (type, body) => {
      if (type === 0) {
        const code = body.readInt32BE(0);
        if (code !== SSL_REQUEST && code !== GSS_REQUEST) fromClient.setTyped();
        return;
      }
      if (type === 0x51 /* Q */ || type === 0x53 /* S */) {
        pending.push(now());
        totals.roundTrips++;
      }
      // Parse: statement name (a C string), then the query; Query: the query.
      if (type === 0x50 /* P */) statements.push({ t: now(), sql: sqlOf(body, body.indexOf(0) + 1) });
      if (type === 0x51) statements.push({ t: now(), sql: sqlOf(body, 0) });
    });
    const fromServer = new Framer(true, (type) => {
      if (type !== 0x5a /* Z */) return;
      if (!ready) {
        ready = true;
        totals.connectMs += now() - opened;
        return;
      }
      const started = pending.shift();
      if (started !== undefined) totals.queryMs += now() - started;
    });
    client.on('data', (chunk: Buffer) => {
      fromClient.push(chunk);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      fromServer.push(chunk);
      client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const relay = new URL(target);
  relay.hostname = '127.0.0.1';
  relay.port = String((server.address() as AddressInfo).port);
  return {
    url: relay.toString(),
    counts: () => ({ ...totals }),
    statements,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
