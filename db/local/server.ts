// The local database for development and tests: PGlite (embedded, data under `.data/`) unless a
// DATABASE_URL names a real PostgreSQL server, always behind our WebSocket proxy so the worker uses
// the same Neon driver as in production.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { startWsProxy, type WsProxy } from './ws-proxy';

export interface LocalDatabase {
  /** postgres:// URL the worker connects to (through the proxy). */
  url: string;
  /** Value for the driver's `wsProxy`. */
  wsProxy: string;
  kind: 'pglite' | 'postgres';
  stop(): Promise<void>;
}

export interface LocalDatabaseOptions {
  /** A real server's URL; when absent PGlite is used. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; absent means in memory. */
  dataDir?: string | undefined;
  /** Fixed proxy port (dev); tests take any free port. */
  proxyPort?: number | undefined;
}

/** Starts the database (or adopts DATABASE_URL) and the proxy in front of it. */
export async function startLocalDatabase(opts: LocalDatabaseOptions = {}): Promise<LocalDatabase> {
  if (opts.databaseUrl) {
    const parsed = new URL(opts.databaseUrl);
    const target = { host: parsed.hostname, port: Number(parsed.port || 5432) };
    const proxy = await startWsProxy({ target, port: opts.proxyPort });
    return { url: opts.databaseUrl, wsProxy: proxy.address, kind: 'postgres', stop: () => proxy.close() };
  }

  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const db = await PGlite.create(opts.dataDir ? { dataDir: opts.dataDir } : {});
  // PGlite is one connection; the socket server multiplexes several clients onto it.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 32 });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  let proxy: WsProxy;
  try {
    proxy = await startWsProxy({ target: { host: '127.0.0.1', port }, port: opts.proxyPort, serialize: true });
  } catch (err) {
    await server.stop();
    await db.close();
    throw err;
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    wsProxy: proxy.address,
    kind: 'pglite',
    stop: async () => {
      await proxy.close();
      await server.stop();
      await db.close();
    },
  };
}
