// Starts one stack (database + migrations + `wrangler dev` + `partykit dev`) for the whole test run
// and hands its addresses (and the run's random worker ↔ room secrets) to the suites through
// vitest's `provide`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startStack, type Stack } from '../../scripts/lib/stack';
import { buildWebForTests } from './web-build';
import { ROOT, bundleWorker } from '../../scripts/lib/worker';
import { createTestDatabase, type TestDatabase } from './database';
import { TEST_PARTY_VARS } from './party-vars';
import { TEST_WORKER_VARS } from './vars';

const LOG_DIR = join(ROOT, 'test-artifacts', 'logs');

let stack: Stack | undefined;
let testDb: TestDatabase | undefined;
let persistTo: string | undefined;
let bundleDir: string | undefined;
let webDist: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  testDb = await createTestDatabase(process.env.DATABASE_URL);
  persistTo = mkdtempSync(join(tmpdir(), 'seydam-wrangler-'));
  // One bundle for every worker of the run, served as it is: a worker that bundles its source also
  // watches it, and a reload in the middle of the run would fail the requests in flight.
  bundleDir = mkdtempSync(join(tmpdir(), 'seydam-worker-bundle-'));
  // The web client, built once for every browser suite (tests/setup/web-build.ts says why).
  webDist = mkdtempSync(join(tmpdir(), 'seydam-web-'));
  const [workerBundle] = await Promise.all([bundleWorker(bundleDir), buildWebForTests(webDist)]);
  // The rooms' output, for a test whose wait for a room failed to quote (tests/e2e/helpers/diagnose.ts),
  // kept after the run with the other test artefacts.
  mkdirSync(LOG_DIR, { recursive: true });
  const partyLog = join(LOG_DIR, `partykit-${process.env.DATABASE_URL ? 'postgres' : 'pglite'}.log`);
  writeFileSync(partyLog, '');
  stack = await startStack({ databaseUrl: testDb.url, persistTo, vars: TEST_WORKER_VARS, partyVars: TEST_PARTY_VARS, workerBundle, partyLogFile: partyLog });
  project.provide('partyLog', partyLog);
  project.provide('workerBundle', workerBundle);
  project.provide('webDist', webDist);
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
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  if (webDist) rmSync(webDist, { recursive: true, force: true });
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
    /** The file the shared rooms' output is appended to. */
    partyLog: string;
    /** The worker bundle every test worker serves (scripts/lib/worker.ts `bundleWorker`). */
    workerBundle: string;
    /** The web client built for the browser suites (tests/setup/web-build.ts). */
    webDist: string;
  }
}
