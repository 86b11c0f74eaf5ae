// Starts one stack (database + migrations + `wrangler dev` + `partykit dev`) for the whole test run
// and hands its addresses (and the run's random worker ↔ room secrets) to the suites through
// vitest's `provide`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startStack, type Stack } from '../../scripts/lib/stack';
import { createTestDatabase, type TestDatabase } from './database';
import { TEST_PARTY_VARS } from './party-vars';
import { TEST_WORKER_VARS } from './vars';

let stack: Stack | undefined;
let testDb: TestDatabase | undefined;
let persistTo: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  testDb = await createTestDatabase(process.env.DATABASE_URL);
  persistTo = mkdtempSync(join(tmpdir(), 'seydam-wrangler-'));
  stack = await startStack({ databaseUrl: testDb.url, persistTo, vars: TEST_WORKER_VARS, partyVars: TEST_PARTY_VARS });
  project.provide('apiUrl', stack.worker.url);
  project.provide('databaseUrl', stack.db.url);
  project.provide('dbWsProxy', stack.db.wsProxy);
  project.provide('databaseKind', stack.db.kind);
  project.provide('partyUrl', stack.party.url);
  project.provide('roomTokenSecret', stack.secrets.roomToken);
  project.provide('internalSecret', stack.secrets.internal);
  console.log(`[tests] worker ${stack.worker.url}, rooms ${stack.party.url}, database ${stack.db.kind}`);
}

export async function teardown(): Promise<void> {
  await stack?.stop();
  await testDb?.drop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    databaseUrl: string;
    dbWsProxy: string;
    databaseKind: 'pglite' | 'postgres';
    partyUrl: string;
    roomTokenSecret: string;
    internalSecret: string;
  }
}
