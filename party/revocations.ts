// People removed from a report while their room token was still valid. A kick closes their
// connections, but the provider reconnects with the same token, which lives up to
// ROOM_TOKEN_TTL_SECONDS: the room refuses tokens issued before the kick until they have expired.
// Kept in room storage under our own key, beside y-partykit's, so a restarted room still knows.
import type * as Party from 'partykit/server';
import { ROOM_TOKEN_TTL_SECONDS } from '../core/api/room-token';

/** Our key in room storage. Everything else in room storage is y-partykit's. */
export const REVOCATIONS_KEY = 'seydam:revoked';

/** userId → the latest token expiry (seconds since the epoch) that the room refuses for them. */
type RevokedMap = Record<string, number>;

/** How far the worker's clock (which sets token expiries) may run ahead of the room's. */
const CLOCK_SKEW_SECONDS = 2;

/** The kicks a room remembers. */
export class Revocations {
  private cache: RevokedMap | null = null;

  constructor(private readonly storage: Party.Storage) {}

  /** Refuses `userId`'s tokens issued up to now. */
  async revoke(userId: string, nowMs = Date.now()): Promise<void> {
    const map = prune(await this.load(), nowMs);
    // A token issued now expires at now + TTL; any token expiring by then was issued before the kick.
    // Tokens issued in the next seconds are refused too: the price of not trusting clocks to agree.
    map[userId] = Math.floor(nowMs / 1000) + ROOM_TOKEN_TTL_SECONDS + CLOCK_SKEW_SECONDS;
    this.cache = map;
    await this.storage.put(REVOCATIONS_KEY, map);
  }

  /** Whether a token of `userId` expiring at `exp` was issued before they were removed. */
  async isRevoked(userId: string, exp: number): Promise<boolean> {
    const cutoff = (await this.load())[userId];
    return cutoff !== undefined && exp <= cutoff;
  }

  private async load(): Promise<RevokedMap> {
    this.cache ??= ((await this.storage.get<RevokedMap>(REVOCATIONS_KEY)) ?? {}) as RevokedMap;
    return this.cache;
  }
}

function prune(map: RevokedMap, nowMs: number): RevokedMap {
  const now = nowMs / 1000;
  return Object.fromEntries(Object.entries(map).filter(([, cutoff]) => cutoff > now));
}

/** Whether room storage holds nothing of y-partykit's (ignoring our own key): only then may the room load from Postgres. */
export async function documentStorageIsEmpty(storage: Party.Storage): Promise<boolean> {
  // Two ranges around our key, so the check stays right whatever keys y-partykit writes.
  const [before, after] = await Promise.all([
    storage.list({ end: REVOCATIONS_KEY, limit: 1 }),
    storage.list({ start: `${REVOCATIONS_KEY}\u0000`, limit: 1 }),
  ]);
  return before.size === 0 && after.size === 0;
}
