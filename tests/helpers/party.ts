// A room server of a test's own (`partykit dev`), for tests that stop it or need other timings: it
// shares the run's worker, database and secrets with the stack's rooms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { startParty, type RunningParty } from '../../scripts/lib/party';
import { TEST_PARTY_VARS } from '../setup/party-vars';

export interface TestParty {
  /** The running server (replaced by `restart`). */
  current: RunningParty;
  url: string;
  /** Stops the server and starts it again on the same port with the same storage. */
  restart(between?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and deletes its storage. */
  dispose(): Promise<void>;
}

/** Starts `partykit dev` wired to the test worker, with `vars` over the test defaults. */
export async function startTestParty(vars: Record<string, string> = {}): Promise<TestParty> {
  const persistTo = mkdtempSync(join(tmpdir(), 'seydam-party-'));
  const allVars = {
    WORKER_URL: inject('apiUrl'),
    ROOM_TOKEN_SECRET: inject('roomTokenSecret'),
    INTERNAL_SECRET: inject('internalSecret'),
    ...TEST_PARTY_VARS,
    ...vars,
  };
  const party: TestParty = {
    current: await startParty({ vars: allVars, persistTo }),
    get url() {
      return this.current.url;
    },
    async restart(between) {
      const port = this.current.port;
      await this.current.stop();
      await between?.();
      this.current = await startParty({ port, vars: allVars, persistTo });
    },
    async stop() {
      await this.current.stop();
    },
    async dispose() {
      await this.current.stop();
      rmSync(persistTo, { recursive: true, force: true });
    },
  };
  return party;
}
