// npm run db:seed — adds the demo account and reports (see db/seed.ts) to the development database.
import { startLocalDatabase } from '../db/local/server';
import { connectFromNode, migrateDatabase } from '../db/node';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDevelopmentData } from '../db/seed';
import { PGLITE_DIR } from './lib/database-env';

const url = process.env.DATABASE_URL;
const local = await startLocalDatabase({ databaseUrl: url, dataDir: url ? undefined : PGLITE_DIR });
try {
  const env = { DATABASE_URL: local.url, DB_WS_PROXY: local.wsProxy };
  await migrateDatabase(env);
  const { db, pool } = connectFromNode(env);
  try {
    const wrote = await seedDevelopmentData(db);
    console.log(wrote ? `Seeded. Sign in as ${DEMO_EMAIL} / ${DEMO_PASSWORD}` : 'Seed data already present.');
  } finally {
    await pool.end();
  }
} finally {
  await local.stop();
}
