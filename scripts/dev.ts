// npm run dev — the whole app on loopback with no account or key: the embedded database under .data/
// (or DATABASE_URL), migrations, the demo seed on first start, and the API worker under wrangler dev.
import { join } from 'node:path';
import { connectFromNode } from '../db/node';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDevelopmentData } from '../db/seed';
import { PGLITE_DIR } from './lib/database-env';
import { startStack } from './lib/stack';
import { ROOT } from './lib/worker';

const databaseUrl = process.env.DATABASE_URL;
const workerPort = Number(process.env.API_PORT ?? 8787);

const stack = await startStack({
  databaseUrl,
  dataDir: databaseUrl ? undefined : PGLITE_DIR,
  proxyPort: Number(process.env.DB_PROXY_PORT ?? 8788),
  workerPort,
  persistTo: join(ROOT, '.data', 'wrangler'),
  echo: true,
});

const { db, pool } = connectFromNode({ DATABASE_URL: stack.db.url, DB_WS_PROXY: stack.db.wsProxy });
if (await seedDevelopmentData(db)) console.log(`\nDemo account created: ${DEMO_EMAIL} / ${DEMO_PASSWORD}`);
await pool.end();

console.log(`\nSeydam API: ${stack.worker.url}/api/health  (database: ${stack.db.kind === 'pglite' ? PGLITE_DIR : 'DATABASE_URL'})`);
console.log('Emails (sign-up and reset codes) are printed here and kept in the mail_outbox table.\n');

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
