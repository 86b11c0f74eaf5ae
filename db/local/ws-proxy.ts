// A WebSocket-to-TCP proxy for the Neon serverless driver, so the one driver we use in production
// also talks to a local PostgreSQL or PGlite. Speaks what the driver expects of Neon's `wsproxy`:
// GET /v1?address=host:port upgrades, then every binary frame is raw Postgres protocol.
import { createConnection } from 'node:net';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { PgSessionGate, SessionLock } from './pg-session-lock';

export interface WsProxy {
  /** host:port/v1, the value for the driver's `wsProxy` setting (no scheme, as it wants). */
  address: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the proxy on loopback; it forwards only to `target` so it is never an open relay. */
export async function startWsProxy(opts: {
  target: { host: string; port: number };
  port?: number | undefined;
  /** One client at a time (PGlite: a single session shared by every connection); see pg-session-lock.ts. */
  serialize?: boolean;
}): Promise<WsProxy> {
  const allowed = `${opts.target.host}:${opts.target.port}`;
  const http: Server = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('WebSocket upgrade required\n');
  });
  const wss = new WebSocketServer({ noServer: true });
  const lock = opts.serialize ? new SessionLock() : undefined;

  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const address = url.searchParams.get('address') ?? '';
    // The driver asks for the host of the connection string; map any spelling of it to the target.
    if (!url.pathname.startsWith('/v1') || !isSameTarget(address, allowed)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const tcp = createConnection({ host: opts.target.host, port: opts.target.port });
      tcp.setNoDelay(true);
      const pending: Buffer[] = [];
      let connected = false;
      tcp.on('connect', () => {
        connected = true;
        for (const chunk of pending) tcp.write(chunk);
        pending.length = 0;
      });
      const toServer = (chunk: Buffer) => {
        if (connected) tcp.write(chunk);
        else pending.push(chunk);
        // Terminate ('X', length 4) means the client is done. PostgreSQL hangs up on it, but PGlite's
        // socket server does not, and the worker's WebSocket stays open after its pool ends, so without
        // this every request would leak one of PGlite's 32 connections.
        if (chunk.length === 5 && chunk[0] === 0x58 && chunk.readInt32BE(1) === 4) tcp.end();
      };
      const gate = lock ? new PgSessionGate(lock, toServer, () => closeBoth()) : undefined;
      ws.on('message', (data) => {
        const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        if (gate) gate.fromClient(chunk);
        else toServer(chunk);
      });
      tcp.on('data', (chunk) => {
        gate?.fromServer(chunk);
        if (ws.readyState === ws.OPEN) ws.send(chunk);
      });
      const closeBoth = () => {
        gate?.close();
        tcp.destroy();
        if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
      };
      tcp.on('error', closeBoth);
      tcp.on('close', closeBoth);
      ws.on('close', closeBoth);
      ws.on('error', closeBoth);
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${port}/v1`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

function isSameTarget(address: string, allowed: string): boolean {
  const loopback = (h: string) => (h === 'localhost' || h === '::1' || h === '[::1]' ? '127.0.0.1' : h);
  const [host = '', port = ''] = address.split(/:(?=[^:]*$)/);
  const [aHost = '', aPort = ''] = allowed.split(/:(?=[^:]*$)/);
  return loopback(host) === loopback(aHost) && port === aPort;
}
