// The database client for Node scripts and tests: the same driver as the worker, with `ws` as its
// WebSocket since Node 20 has no global client WebSocket.
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/neon-serverless/migrator';
import ws from 'ws';
import { configureDriver, createDb, type Db, type DbEnv } from './client';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Opens a pool from Node. Close it with `pool.end()`. */
export function connectFromNode(env: DbEnv): ReturnType<typeof createDb> {
  configureDriver(env, ws);
  return createDb(env);
}

/** Applies every committed migration that has not run yet. */
export async function migrateDatabase(env: DbEnv): Promise<void> {
  const { db, pool } = connectFromNode(env);
  try {
    await migrate(db, { migrationsFolder });
  } finally {
    await pool.end();
  }
}

export type { Db };
