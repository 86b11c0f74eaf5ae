// Room configuration for the test stack. Short save timings keep the collab suite fast; the rooms'
// defaults (2 s / 10 s) are tested on their own (tests/collab/persistence.test.ts).
export const TEST_PARTY_VARS: Record<string, string> = { SAVE_DEBOUNCE_MS: '300', SAVE_MAX_WAIT_MS: '1200' };
