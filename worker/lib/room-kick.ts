// Closing someone's live room connections after their access was cut or lowered.
import type { Bindings } from '../env';
import { log } from './log';
import { kickUser } from './room-client';

/**
 * Asks the room to close the user's connections. The database change already happened and stands:
 * a room that cannot be reached is logged, and the room-token route refuses them from now on anyway.
 */
export async function kickQuietly(env: Bindings, reportId: string, userId: string, requestId?: string): Promise<void> {
  try {
    await kickUser(env, reportId, userId);
  } catch (err) {
    log('warn', 'could not close live connections after a membership change', { requestId, reportId, userId, error: String(err) });
  }
}
