// Vars for an extra worker a test file starts (to point it at a fake provider) on the run's shared
// database and rooms.
import { inject } from 'vitest';
import { TEST_WORKER_VARS } from '../setup/vars';

/** The main test worker's configuration: database, rooms and their secrets. */
export function sharedStackVars(): Record<string, string> {
  return {
    ...TEST_WORKER_VARS,
    DATABASE_URL: inject('databaseUrl'),
    DB_WS_PROXY: inject('dbWsProxy'),
    PARTY_URL: inject('partyUrl'),
    ROOM_TOKEN_SECRET: inject('roomTokenSecret'),
    INTERNAL_SECRET: inject('internalSecret'),
  };
}
