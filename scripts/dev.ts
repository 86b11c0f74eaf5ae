// npm run dev — the whole app on loopback with no account or key: the embedded database under .data/
// (or DATABASE_URL), migrations, the demo seed on first start, the API worker under wrangler dev, the
// live rooms under partykit dev (room storage in .data/partykit), wired to each other, and the web
// client's Vite dev server on http://localhost:5173 in front of both.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createServer as createViteServer } from 'vite';
import { connectFromNode } from '../db/node';
import { DEMO_EMAIL, DEMO_PASSWORD, seedDevelopmentData } from '../db/seed';
import { DEV_PORT, webConfig } from '../web/vite.config';
import { PGLITE_DIR } from './lib/database-env';
import { randomSecrets, startStack, type StackSecrets } from './lib/stack';
import { ROOT, scheduledUrl } from './lib/worker';

const databaseUrl = process.env.DATABASE_URL;
const workerPort = Number(process.env.API_PORT ?? 8787);
const partyPort = Number(process.env.PARTY_PORT ?? 1999);

// Fixed across restarts of `npm run dev` (tokens a browser holds stay valid), but random per checkout:
// partykit listens on every interface, so a well-known secret would open the rooms' internal API to
// the local network.
const DEV_SECRETS = devSecrets(join(ROOT, '.data', 'dev-secrets.json'));

// Optional integrations a developer may configure in their shell (Stripe test keys, Google, a mail
// provider, packs); passed to the worker as they are. Without them the app runs with those features off.
const PASS_THROUGH = [
  'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_BASE', 'CREDIT_PACKS',
  'GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET', 'GOOGLE_AUTH_URL', 'GOOGLE_TOKEN_URL', 'GOOGLE_ISSUER',
  'MAIL_TRANSPORT', 'MAIL_API_URL', 'MAIL_API_KEY', 'MAIL_FROM', 'SIGNUP_CREDITS', 'AUTO_SNAPSHOT_MINUTES',
  'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_MODEL', 'OPENAI_MODEL_OUTLINE', 'OPENAI_MODEL_SECTION', 'OPENAI_MODEL_EDIT',
  'LLM_IDLE_TIMEOUT_MS', 'LLM_PRICES', 'OPENALEX_BASE_URL', 'CROSSREF_BASE_URL', 'SCHOLARLY_MAILTO',
];
const vars = Object.fromEntries(PASS_THROUGH.flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));

const stack = await startStack({
  vars,
  databaseUrl,
  dataDir: databaseUrl ? undefined : PGLITE_DIR,
  proxyPort: Number(process.env.DB_PROXY_PORT ?? 8788),
  workerPort,
  partyPort,
  persistTo: join(ROOT, '.data', 'wrangler'),
  partyPersistTo: join(ROOT, '.data', 'partykit'),
  secrets: DEV_SECRETS,
  echo: true,
});

// wrangler dev never fires cron triggers: run the worker's cron (the abandoned-job sweep) every minute, as production does.
const cron = setInterval(() => void fetch(scheduledUrl(stack.worker.url)).catch(() => undefined), 60_000);
cron.unref();

const { db, pool } = connectFromNode({ DATABASE_URL: stack.db.url, DB_WS_PROXY: stack.db.wsProxy });
if (await seedDevelopmentData(db)) console.log(`\nDemo account created: ${DEMO_EMAIL} / ${DEMO_PASSWORD}`);
await pool.end();

// The browser talks only to this origin; it proxies /api to the worker and /parties to the rooms.
const web = await createViteServer({ ...webConfig({ apiUrl: stack.worker.url, partyUrl: stack.party.url }), configFile: false });
try {
  await web.listen();
} catch (err) {
  console.error(`The web dev server could not start on port ${DEV_PORT} (is another \`npm run dev\` running?):`, err);
  await web.close();
  await stack.stop();
  process.exit(1);
}

console.log(`\nSeydam: http://localhost:${DEV_PORT}  (the web app)`);
console.log(`Seydam API: ${stack.worker.url}/api/health  (database: ${stack.db.kind === 'pglite' ? PGLITE_DIR : 'DATABASE_URL'})`);
console.log(`Live rooms: ${stack.party.url.replace(/^http/, 'ws')}/parties/main/report-<id>  (partykit dev, storage: .data/partykit)`);
console.log('Emails (sign-up and reset codes) are printed here and kept in the mail_outbox table.\n');

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await web.close();
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

function devSecrets(file: string): StackSecrets {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StackSecrets;
  const secrets = randomSecrets();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
