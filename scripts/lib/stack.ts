// The whole local stack: database (+ proxy), migrations, and the worker. Used by `npm run dev` and
// by the test suites, so what the tests run is what a developer runs.
import { startLocalDatabase, type LocalDatabase } from '../../db/local/server';
import { migrateDatabase } from '../../db/node';
import { startWorker, type RunningWorker } from './worker';

export interface StackOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  proxyPort?: number | undefined;
  workerPort?: number | undefined;
  persistTo: string;
  vars?: Record<string, string>;
  echo?: boolean;
}

export interface Stack {
  db: LocalDatabase;
  worker: RunningWorker;
  /** Worker vars the stack was started with (to restart the worker the same way). */
  vars: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts database, applies migrations, starts the worker pointed at them. */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const db = await startLocalDatabase({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir, proxyPort: opts.proxyPort });
  try {
    await migrateDatabase({ DATABASE_URL: db.url, DB_WS_PROXY: db.wsProxy });
    const vars = { DATABASE_URL: db.url, DB_WS_PROXY: db.wsProxy, ...opts.vars };
    const worker = await startWorker({ port: opts.workerPort, vars, persistTo: opts.persistTo, echo: opts.echo ?? false });
    return {
      db,
      worker,
      vars,
      stop: async () => {
        await worker.stop();
        await db.stop();
      },
    };
  } catch (err) {
    await db.stop();
    throw err;
  }
}
