// A database of its own for one test run. With DATABASE_URL (a real server) a fresh database is
// created beside the named one and dropped at the end; without it, an in-memory PGlite is used.
import { sql } from 'drizzle-orm';
import { startLocalDatabase } from '../../db/local/server';
import { connectFromNode } from '../../db/node';

export interface TestDatabase {
  /** URL of the run's own database, or undefined for PGlite. */
  url: string | undefined;
  drop(): Promise<void>;
}

/** Creates `seydam_test_<random>` on the server of `serverUrl`, or does nothing for PGlite. */
export async function createTestDatabase(serverUrl: string | undefined): Promise<TestDatabase> {
  if (!serverUrl) return { url: undefined, drop: async () => undefined };
  const name = `seydam_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = await startLocalDatabase({ databaseUrl: serverUrl });
  const run = async (statement: string) => {
    const { db, pool } = connectFromNode({ DATABASE_URL: admin.url, DB_WS_PROXY: admin.wsProxy });
    try {
      await db.execute(sql.raw(statement));
    } finally {
      await pool.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.stop();
    },
  };
}
