// The whole local stack: database (+ proxy), migrations, the worker and the PartyKit rooms. Used by
// `npm run dev` and by the test suites, so what the tests run is what a developer runs.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startLocalDatabase, type LocalDatabase } from '../../db/local/server';
import { migrateDatabase } from '../../db/node';
import { startParty, type RunningParty } from './party';
import { freePort } from './ports';
import { startWorker, type RunningWorker } from './worker';

/** The secrets the worker and the rooms share. */
export interface StackSecrets {
  /** Signs room tokens (worker) and verifies them (rooms). */
  roomToken: string;
  /** Guards the internal endpoints, both ways. */
  internal: string;
}

export interface StackOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  proxyPort?: number | undefined;
  workerPort?: number | undefined;
  partyPort?: number | undefined;
  /** wrangler's local state. */
  persistTo: string;
  /** Room storage (default: `<persistTo>/partykit`). */
  partyPersistTo?: string | undefined;
  /** Fixed secrets (dev); random ones for each run otherwise (tests). */
  secrets?: StackSecrets | undefined;
  vars?: Record<string, string>;
  /** A prebuilt worker bundle to serve as is (see `bundleWorker`); otherwise wrangler bundles and watches the source. */
  workerBundle?: string | undefined;
  /** Extra room variables (e.g. SAVE_DEBOUNCE_MS). */
  partyVars?: Record<string, string>;
  echo?: boolean;
  /** Append the rooms' output to this file as well. */
  partyLogFile?: string | undefined;
}

export interface Stack {
  db: LocalDatabase;
  worker: RunningWorker;
  party: RunningParty;
  /** Worker vars the stack was started with (to restart the worker the same way). */
  vars: Record<string, string>;
  /** Room vars the stack was started with (to start another room server the same way). */
  partyVars: Record<string, string>;
  secrets: StackSecrets;
  stop(): Promise<void>;
}

/** Random secrets for one run. */
export function randomSecrets(): StackSecrets {
  return { roomToken: randomBytes(32).toString('base64url'), internal: randomBytes(32).toString('base64url') };
}

/** Starts database, applies migrations, then the worker and the rooms pointed at each other. */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const db = await startLocalDatabase({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir, proxyPort: opts.proxyPort });
  try {
    await migrateDatabase({ DATABASE_URL: db.url, DB_WS_PROXY: db.wsProxy });
    const secrets = opts.secrets ?? randomSecrets();
    const services = await startServices(opts, db, secrets);
    return {
      db,
      ...services,
      secrets,
      stop: async () => {
        await Promise.all([services.worker.stop(), services.party.stop()]);
        await db.stop();
      },
    };
  } catch (err) {
    await db.stop();
    throw err;
  }
}

type Services = Pick<Stack, 'worker' | 'party' | 'vars' | 'partyVars'>;

// The worker and the rooms each need the other's URL, so both ports are picked first and both
// processes start together. A port we picked can be taken before its process binds it: then pick
// again (ports given by the caller are never changed).
async function startServices(opts: StackOptions, db: LocalDatabase, secrets: StackSecrets): Promise<Services> {
  for (let attempt = 1; ; attempt++) {
    const workerPort = opts.workerPort ?? (await freePort());
    const partyPort = opts.partyPort ?? (await freePort());
    const partyUrl = `http://127.0.0.1:${partyPort}`;
    const vars = {
      DATABASE_URL: db.url,
      DB_WS_PROXY: db.wsProxy,
      PARTY_URL: partyUrl,
      PARTY_PUBLIC_URL: partyUrl,
      ROOM_TOKEN_SECRET: secrets.roomToken,
      INTERNAL_SECRET: secrets.internal,
      ...opts.vars,
    };
    const partyVars = {
      WORKER_URL: `http://127.0.0.1:${workerPort}`,
      ROOM_TOKEN_SECRET: secrets.roomToken,
      INTERNAL_SECRET: secrets.internal,
      ...opts.partyVars,
    };
    const [worker, party] = await Promise.allSettled([
      startWorker({ port: workerPort, vars, persistTo: opts.persistTo, echo: opts.echo ?? false, bundle: opts.workerBundle }),
      startParty({ port: partyPort, vars: partyVars, persistTo: opts.partyPersistTo ?? join(opts.persistTo, 'partykit'), echo: opts.echo ?? false, logFile: opts.partyLogFile }),
    ]);
    if (worker.status === 'fulfilled' && party.status === 'fulfilled') return { worker: worker.value, party: party.value, vars, partyVars };
    if (worker.status === 'fulfilled') await worker.value.stop();
    if (party.status === 'fulfilled') await party.value.stop();
    const err = worker.status === 'rejected' ? worker.reason : (party as PromiseRejectedResult).reason;
    const ours = opts.workerPort === undefined && opts.partyPort === undefined;
    if (!ours || attempt >= 3 || !/address already in use|EADDRINUSE/i.test(String(err))) throw err;
  }
}
