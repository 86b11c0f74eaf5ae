// npm run bench:web — what the web client costs a visitor, in one run on loopback:
//   1. the production bundle (vite build) a first visit downloads, gzip: the landing page and the
//      report page (entry + the route's chunk + every chunk they import statically, CSS included);
//   2. time to interactive of the report page in headless Debian Chromium against the built bundle
//      (vite preview, proxying to a real worker, rooms and database): from navigation start until
//      every section's editor is editable and the room says connected — cold (new browser context:
//      empty cache) and warm (same context, reload); the landing page measured the same way as the
//      peer in the same run.
// Options: --repeats 7  --sections 12  --words 6000
// See bench/README.md for the figures.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { build, preview } from 'vite';
import { connectFromNode } from '../../db/node';
import { sessions } from '../../db/schema';
import { startStack } from '../../scripts/lib/stack';
import { freePort } from '../../scripts/lib/ports';
import { webConfig } from '../../web/vite.config';
import { insertReport, insertUser, reportOfWords } from '../collab/fixtures';
import { fmt, median } from '../collab/stats';

const { values: opts } = parseArgs({
  options: {
    repeats: { type: 'string', default: '7' },
    words: { type: 'string', default: '6000' },
  },
});
const REPEATS = Number(opts.repeats);
const WORDS = Number(opts.words);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface ManifestChunk {
  file: string;
  css?: string[];
  imports?: string[];
  dynamicImports?: string[];
  isEntry?: boolean;
}
type Manifest = Record<string, ManifestChunk>;

/** The files a first visit to `route` loads: the entry, the route's chunk, and what they import statically. */
function routeFiles(manifest: Manifest, route: string): string[] {
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    chunk.css?.forEach((c) => files.add(c));
    chunk.imports?.forEach(visit);
  };
  visit(entryKey);
  const routeKey = Object.keys(manifest).find((k) => k.includes(route));
  if (!routeKey) throw new Error(`no chunk for ${route} in the manifest`);
  visit(routeKey);
  return [...files];
}

function gzipKb(outDir: string, files: string[]): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const bytes = readFileSync(join(outDir, f));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw: raw / 1024, gzip: gzip / 1024 };
}

const outDir = mkdtempSync(join(tmpdir(), 'seydam-bench-web-'));
const persist = mkdtempSync(join(tmpdir(), 'seydam-bench-web-stack-'));
const stack = await startStack({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATABASE_URL ? undefined : join(persist, 'pglite'), persistTo: persist });
const base = webConfig({ apiUrl: stack.worker.url, partyUrl: stack.party.url });
let browser: Browser | undefined;
let server: Awaited<ReturnType<typeof preview>> | undefined;
try {
  // 1. Bundle sizes.
  await build({ ...base, configFile: false, logLevel: 'warn', build: { ...base.build, outDir, manifest: true, emptyOutDir: true } });
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const landing = gzipKb(outDir, routeFiles(manifest, 'pages/Landing/'));
  const reportPage = gzipKb(outDir, routeFiles(manifest, 'pages/Report/'));

  // 2. Time to interactive, against the built bundle.
  const port = await freePort();
  server = await preview({ ...base, configFile: false, logLevel: 'warn', build: { ...base.build, outDir }, preview: { ...base.preview, port, host: '127.0.0.1', strictPort: true } });
  const origin = `http://127.0.0.1:${port}`;
  const { db, pool } = connectFromNode({ DATABASE_URL: stack.db.url, DB_WS_PROXY: stack.db.wsProxy });
  const userId = await insertUser(db);
  const secret = randomBytes(32).toString('base64url');
  await db.insert(sessions).values({ userId, tokenHash: createHash('sha256').update(secret).digest('hex'), expiresAt: new Date(Date.now() + 86_400_000) });
  const { input } = reportOfWords(WORDS, `Bench ${randomUUID().slice(0, 8)}`);
  const sectionCount = input.outline.chapters.reduce((n, ch) => n + (ch.sections?.length ?? 0), 0);
  const reportId = await insertReport(db, userId, input);
  await pool.end();

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const cookie = { name: 'seydam_session', value: secret, url: origin };
  /** Milliseconds from navigation start until `ready` holds in the page. */
  const timeTo = async (page: import('playwright-core').Page, url: string, ready: string) => {
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(ready, undefined, { timeout: 60_000, polling: 'raf' });
    return page.evaluate(() => performance.now());
  };
  const reportReady = `document.querySelectorAll('.ProseMirror[contenteditable="true"]').length >= ${sectionCount} && /connected|saved/i.test(document.body.innerText)`;
  const landingReady = `!!document.querySelector('main h1') && !!document.querySelector('a[href="/signup"], a[href^="/signup"]')`;

  const cold: Record<'report' | 'landing', number[]> = { report: [], landing: [] };
  const warm: Record<'report' | 'landing', number[]> = { report: [], landing: [] };
  for (let i = 0; i < REPEATS; i++) {
    for (const [name, url, ready] of [
      ['report', `${origin}/reports/${reportId}`, reportReady],
      ['landing', `${origin}/`, landingReady],
    ] as const) {
      const context = await browser.newContext();
      await context.addCookies([cookie]);
      const page = await context.newPage();
      cold[name].push(await timeTo(page, url, ready));
      warm[name].push(await timeTo(page, url, ready));
      await context.close();
    }
  }

  const row = (label: string, values: number[]) => `| ${label} | ${fmt(median(values))} | ${fmt(Math.min(...values))}–${fmt(Math.max(...values))} |`;
  console.log(`\nBundle (gzip, what a first visit downloads; raw in brackets):`);
  console.log(`| page | gzip KB | raw KB |\n| --- | --- | --- |`);
  console.log(`| landing | ${landing.gzip.toFixed(1)} | ${landing.raw.toFixed(1)} |`);
  console.log(`| report | ${reportPage.gzip.toFixed(1)} | ${reportPage.raw.toFixed(1)} |`);
  console.log(`\nTime to interactive, ms (median of ${REPEATS}, range), report of ${WORDS} words in ${sectionCount} sections:`);
  console.log(`| page | median | range |\n| --- | --- | --- |`);
  console.log(row('report, cold', cold.report));
  console.log(row('report, warm (reload)', warm.report));
  console.log(row('landing, cold (peer)', cold.landing));
  console.log(row('landing, warm (peer)', warm.landing));
  console.log(`\nReport / landing (cold): ${(median(cold.report) / median(cold.landing)).toFixed(2)}×`);
} finally {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.httpServer.close(() => resolve()) : resolve()));
  await stack.stop();
  rmSync(outDir, { recursive: true, force: true });
  rmSync(persist, { recursive: true, force: true });
}
