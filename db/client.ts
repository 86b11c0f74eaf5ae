// The database client: Neon's serverless driver through drizzle, in every environment. In
// production DATABASE_URL is a Neon URL; locally DB_WS_PROXY points the driver at our proxy.
import { neonConfig, Pool } from '@neondatabase/serverless';
import { drizzle, type NeonDatabase } from 'drizzle-orm/neon-serverless';
import * as schema from './schema';

export type Db = NeonDatabase<typeof schema>;
/** The handle inside `db.transaction(async (tx) => ...)`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Commands take either, so callers can compose them inside one transaction. */
export type DbOrTx = Db | Tx;

export interface DbEnv {
  DATABASE_URL: string;
  /** host:port/v1 of our local WebSocket proxy; unset in production. */
  DB_WS_PROXY?: string | undefined;
}

/** Points the driver at our local proxy (plain ws, no TLS, no pipelining) when one is configured. */
export function configureDriver(env: DbEnv, webSocketConstructor?: unknown): void {
  if (webSocketConstructor) neonConfig.webSocketConstructor = webSocketConstructor as typeof WebSocket;
  if (!env.DB_WS_PROXY) return;
  const proxy = env.DB_WS_PROXY;
  neonConfig.wsProxy = (host, port) => `${proxy}?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.forceDisablePgSSL = true;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
}

/** Creates a pool and its drizzle handle. In a Worker, make one per request and `end()` it after. */
export function createDb(env: DbEnv): { db: Db; pool: Pool } {
  configureDriver(env);
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 4 });
  // A dropped idle connection must not crash the isolate; the next query opens a new one.
  pool.on('error', (err: unknown) => console.error(JSON.stringify({ level: 'error', msg: 'db pool error', error: String(err) })));
  return { db: drizzle({ client: pool, schema }), pool };
}
