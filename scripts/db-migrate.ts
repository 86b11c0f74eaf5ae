// npm run db:migrate — applies committed migrations to DATABASE_URL (Neon or local) or to the
// embedded PGlite under .data/ (stop `npm run dev` first: PGlite is single-process).
import { startLocalDatabase } from '../db/local/server';
import { migrateDatabase } from '../db/node';
import { isLocalUrl, PGLITE_DIR } from './lib/database-env';

const url = process.env.DATABASE_URL;
if (url && !isLocalUrl(url)) {
  await migrateDatabase({ DATABASE_URL: url });
  console.log('Migrations applied to', new URL(url).host);
} else {
  const local = await startLocalDatabase({ databaseUrl: url, dataDir: url ? undefined : PGLITE_DIR });
  try {
    await migrateDatabase({ DATABASE_URL: local.url, DB_WS_PROXY: local.wsProxy });
    console.log(`Migrations applied (${local.kind === 'pglite' ? PGLITE_DIR : url}).`);
  } finally {
    await local.stop();
  }
}
