// Where scripts find the database: DATABASE_URL when set, else the embedded PGlite under .data/.
import { join } from 'node:path';
import { ROOT } from './worker';

export const PGLITE_DIR = join(ROOT, '.data', 'pglite');

/** True for a URL on this machine, which needs our WebSocket proxy (a Neon URL does not). */
export function isLocalUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]';
}
