// Direct database access for tests: read the mail outbox, check rows, build fixtures.
import { inject } from 'vitest';
import { connectFromNode, type Db } from '../../db/node';

let cached: ReturnType<typeof connectFromNode> | undefined;

/** The test run's database, through the same driver and proxy the worker uses. */
export function testDb(): Db {
  cached ??= connectFromNode({ DATABASE_URL: inject('databaseUrl'), DB_WS_PROXY: inject('dbWsProxy') });
  return cached.db;
}
