// npm run bench:collab — our report room (the real `partykit dev`, with the worker and a database
// behind it) against a Hocuspocus server doing the same work, in one run on loopback:
//   1. one writer typing a character every 20–50 ms, N readers in the room: edit-to-visible
//      latency p50/p99, server memory per room (RSS delta) and server CPU per keystroke;
//   2. connect → synced for a fresh client on a 50,000-word report (cold first, then warm median).
// Options: --n 10,50,200  --edits 300  --reader-procs auto  --sync-words 50000  --repeats 5
//          --typing-words 5000  --servers party,hocuspocus (add bare and bare-persist, the
//          y-partykit-only rooms of bare-room.ts, to see what our room's code adds)
// See bench/README.md for what the figures mean and their caveats.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectFromNode } from '../../db/node';
import { startParty } from '../../scripts/lib/party';
import { startStack, type Stack } from '../../scripts/lib/stack';
import { ClientProcess, startBareParty, startHocuspocus, stopAll } from './children';
import type { Target } from './clients';
import { insertReport, insertUser, reportOfWords, tokenFor } from './fixtures';
import { cpuMs, findWorkerdPid, loadAverage, rssBytes } from './proc';
import { fmt, median, percentile } from './stats';

const { values: opts } = parseArgs({
  options: {
    n: { type: 'string', default: '10,50,200' },
    edits: { type: 'string', default: '300' },
    'reader-procs': { type: 'string', default: 'auto' },
    'sync-words': { type: 'string', default: '50000' },
    repeats: { type: 'string', default: '5' },
    'typing-words': { type: 'string', default: '5000' },
    servers: { type: 'string', default: 'party,hocuspocus' },
  },
});
const READER_COUNTS = opts.n.split(',').filter(Boolean).map(Number);
const EDITS = Number(opts.edits);
/**
 * How many processes share the readers. More processes than spare cores make the tail worse, not
 * better (they preempt each other and the server): by default one per 50 readers, at most one per
 * core left after the server and the writer, at least one. On 2 CPUs: always one.
 */
const readerProcessCount = (readers: number): number =>
  opts['reader-procs'] === 'auto' ? Math.max(1, Math.min(Math.ceil(readers / 50), cpus().length - 2)) : Math.max(1, Number(opts['reader-procs']));
const SYNC_WORDS = Number(opts['sync-words']);
const REPEATS = Number(opts.repeats);
const TYPING_WORDS = Number(opts['typing-words']);
/** Keystrokes left out of the figures while both sides warm up (JIT, first saves). */
const WARMUP_EDITS = 20;
const TYPING = { minMs: 20, maxMs: 50, seed: 42 };

type ServerKind = Target['kind'];
const LABEL: Record<ServerKind, string> = {
  party: 'ours (partykit dev)',
  hocuspocus: 'Hocuspocus 3.4.4',
  bare: 'bare y-partykit',
  'bare-persist': 'bare + room storage',
};
const SERVERS = opts.servers.split(',').filter(Boolean) as ServerKind[];
for (const kind of SERVERS) if (!(kind in LABEL)) throw new Error(`--servers: unknown server ${kind}`);

interface Server {
  kind: ServerKind;
  base: string;
  pid: number;
  /** Full garbage collection before a memory reading, where the server allows it (Hocuspocus); answers live bytes. */
  collectGarbage?: () => Promise<number>;
}

/** Starts a fresh server of `kind`; `stop` ends it. */
type ServerStarter = (kind: ServerKind) => Promise<Server & { stop(): Promise<void> }>;

interface TypingResult {
  server: ServerKind;
  readers: number;
  p50: number;
  p99: number;
  max: number;
  samples: number;
  missing: number;
  rssBeforeMb: number;
  rssLoadedMb: number;
  rssAfterMb: number;
  /** RSS with the room open and N readers connected, minus RSS before: the brief's "memory per room". */
  roomMb: number;
  /** RSS after the typing, minus RSS before. */
  roomAfterTypingMb: number;
  /** Hocuspocus only: live JS heap + external memory with the room loaded, minus before (after full GCs). */
  roomLiveMb: number | null;
  cpuPerEditMs: number;
  clientLoopP99Ms: number;
  /** Bound on the error of aligning the processes' clocks: half the best IPC round trip, worst process. */
  clockErrorMs: number;
  readerProcs: number;
  load: number;
}

interface SyncResult {
  server: ServerKind;
  coldMs: number | null;
  warmMs: number[];
  medianMs: number;
  words: number;
  bytes: number;
}

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let stack: Stack | null = null;
let persistTo: string | null = null;
const serverStops = new Set<() => Promise<void>>();
let cleaning: Promise<void> | null = null;

/** Stops everything this run started: client processes, the servers, wrangler, the database. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await stopAll();
    await Promise.all([...serverStops].map((stop) => stop()));
    await stack?.stop();
    if (persistTo) rmSync(persistTo, { recursive: true, force: true });
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping everything the benchmark started…`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const machine = `${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, load average ${fmt(loadAverage(), 2)} at start`;
  console.log(`bench:collab on ${machine}`);
  const root = mkdtempSync(join(tmpdir(), 'seydam-bench-'));
  persistTo = root;
  const t0 = Date.now();
  // The rooms' default save timings (2 s debounce, 10 s at most), as in production.
  const running = await startStack({ persistTo: root });
  stack = running;
  console.log(`stack up in ${((Date.now() - t0) / 1000).toFixed(1)} s: worker ${running.worker.url}, database ${running.db.kind}`);

  // Each run gets a fresh server process, so one room's memory is not hidden in pages an earlier
  // room freed: our room under another `partykit dev` wired like the stack's, or Hocuspocus.
  const startServer: ServerStarter = async (kind) => {
    const started = await (async () => {
      switch (kind) {
        case 'hocuspocus': {
          const hp = await startHocuspocus({ WORKER_URL: running.worker.url, INTERNAL_SECRET: running.secrets.internal, ROOM_TOKEN_SECRET: running.secrets.roomToken });
          return { kind, base: hp.url, pid: hp.pid, collectGarbage: hp.collectGarbage, stop: hp.stop };
        }
        case 'party': {
          const party = await startParty({ vars: running.partyVars, persistTo: mkdtempSync(join(root, 'party-')) });
          return { kind, base: party.url, pid: findWorkerdPid(party.port), stop: party.stop };
        }
        case 'bare':
        case 'bare-persist': {
          const party = await startBareParty(mkdtempSync(join(root, 'bare-')), kind === 'bare-persist' ? { PERSIST: '1' } : {});
          return { kind, base: party.url, pid: findWorkerdPid(party.port), stop: party.stop };
        }
        default:
          return kind satisfies never;
      }
    })();
    serverStops.add(started.stop);
    return {
      ...started,
      stop: async () => {
        await started.stop();
        serverStops.delete(started.stop);
      },
    };
  };

  const { db, pool } = connectFromNode({ DATABASE_URL: running.db.url, DB_WS_PROXY: running.db.wsProxy });
  const secret = running.secrets.roomToken;
  const userId = await insertUser(db);
  const typingReport = reportOfWords(TYPING_WORDS, 'Typing benchmark');

  const typing: TypingResult[] = [];
  for (const [i, readers] of READER_COUNTS.entries()) {
    // Alternate who goes first, so drift in the machine's load does not favour one side.
    const order = i % 2 === 0 ? SERVERS : [...SERVERS].reverse();
    for (const kind of order) {
      const reportId = await insertReport(db, userId, typingReport.input);
      const warmupId = await insertReport(db, userId, typingReport.input);
      const result = await withServer(startServer(kind), warmupId, secret, (server) =>
        typingRun(server, { reportId, readers, sectionId: typingReport.lastSectionId, secret, userId, seed: kind.startsWith('bare') ? typingReport.input : undefined }),
      );
      typing.push(result);
      console.log(
        `  ${LABEL[kind].padEnd(20)} N=${String(readers).padStart(3)}: p50 ${fmt(result.p50)} ms, p99 ${fmt(result.p99)} ms, max ${fmt(result.max)} ms ` +
          `(${result.samples} samples, ${result.missing} missing), room ${fmt(result.roomMb)} MB (${fmt(result.roomAfterTypingMb)} MB after typing` +
          `${result.roomLiveMb === null ? '' : `, live heap ${fmt(result.roomLiveMb)} MB`}), ` +
          `CPU ${fmt(result.cpuPerEditMs, 2)} ms/keystroke, client loop p99 ${fmt(result.clientLoopP99Ms)} ms, clock ±${fmt(result.clockErrorMs, 2)} ms, load ${fmt(result.load, 2)}`,
      );
    }
  }

  const bigReport = reportOfWords(SYNC_WORDS, 'Sync benchmark');
  const sync: SyncResult[] = [];
  if (SYNC_WORDS > 0) {
    for (const kind of SERVERS.filter((k) => !k.startsWith('bare'))) {
      const reportId = await insertReport(db, userId, bigReport.input);
      const warmupId = await insertReport(db, userId, typingReport.input);
      const token = await tokenFor(secret, reportId, userId, 'viewer');
      const result = await withServer(startServer(kind), warmupId, secret, (server) => syncRun(server, reportId, token));
      sync.push(result);
      console.log(
        `  ${LABEL[kind].padEnd(20)} sync of ${result.words} words (${fmt(result.bytes / 1024, 0)} KiB): cold ${fmt(result.coldMs ?? Number.NaN)} ms, ` +
          `warm median ${fmt(result.medianMs)} ms [${result.warmMs.map((m) => fmt(m)).join(', ')}]`,
      );
    }
  }
  await pool.end();

  const out = join(tmpdir(), `seydam-bench-collab-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, JSON.stringify({ machine, options: opts, typing, sync }, null, 2));
  console.log(`\n${summary(typing, sync, machine)}\nraw figures: ${out}\ntotal ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/**
 * Runs `fn` against a fresh server that has already opened and closed one room (module loading,
 * JIT and first-connection costs are paid before anything is measured), then stops it.
 */
async function withServer<T>(starting: ReturnType<ServerStarter>, warmupReportId: string, secret: string, fn: (server: Server) => Promise<T>): Promise<T> {
  const server = await starting;
  try {
    const client = new ClientProcess();
    try {
      const token = await tokenFor(secret, warmupReportId, '00000000-0000-4000-8000-ffffffffffff', 'viewer');
      await client.request({ type: 'sync', target: { kind: server.kind, base: server.base, reportId: warmupReportId }, token, repeats: 1, keepFirst: true }, 'synced');
    } finally {
      await client.stop();
    }
    return await fn(server);
  } finally {
    await server.stop();
  }
}

/**
 * The server's RSS once it stops drifting (a fresh Node process hands memory back for several
 * seconds after start-up): four readings a second apart within 0.5 MB, or the last after 20 s.
 */
async function settledRss(server: Server): Promise<number> {
  const readings: number[] = [];
  const deadline = Date.now() + 20_000;
  for (;;) {
    await server.collectGarbage?.();
    readings.push(rssBytes(server.pid));
    const recent = readings.slice(-4);
    if ((recent.length === 4 && Math.max(...recent) - Math.min(...recent) < MB / 2) || Date.now() > deadline) return readings.at(-1)!;
    await sleep(1000);
  }
}

interface TypingSetup {
  reportId: string;
  readers: number;
  sectionId: string;
  secret: string;
  userId: string;
  /** The report, for a room that starts empty (bare). */
  seed?: ReturnType<typeof reportOfWords>['input'] | undefined;
}

/** One writer and N readers in a fresh room of `server`; the keystroke latencies and the server's cost. */
async function typingRun(server: Server, setup: TypingSetup): Promise<TypingResult> {
  const { reportId, readers, sectionId, secret, userId, seed } = setup;
  const target: Target = { kind: server.kind, base: server.base, reportId };
  const procCount = readerProcessCount(readers);
  const readerProcs = Array.from({ length: procCount }, () => new ClientProcess());
  const writer = new ClientProcess();
  try {
    const calibrations = await Promise.all([writer, ...readerProcs].map((p) => p.calibrate()));
    const tokens = await Promise.all(Array.from({ length: readers }, (_, i) => tokenFor(secret, reportId, `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, 'viewer')));
    const rssBefore = await settledRss(server);
    const liveBefore = await server.collectGarbage?.();
    // The writer first: it is the one who opens (and loads) the room.
    await writer.request({ type: 'writer', target, token: await tokenFor(secret, reportId, userId, 'owner'), sectionId, seed }, 'ready');
    await Promise.all(
      readerProcs.map((p, i) => p.request({ type: 'readers', target, tokens: tokens.filter((_, t) => t % procCount === i), sectionId }, 'ready')),
    );
    await sleep(1000);
    const liveLoaded = await server.collectGarbage?.();
    const rssLoaded = rssBytes(server.pid);
    const cpuBefore = cpuMs(server.pid);
    const load = loadAverage();
    const { sends } = await writer.request({ type: 'type', count: EDITS, ...TYPING }, 'typed');
    const received = await Promise.all(readerProcs.map((p) => p.request({ type: 'collect', count: EDITS, timeoutMs: 15_000 }, 'received')));
    const cpuAfter = cpuMs(server.pid);
    await server.collectGarbage?.();
    const rssAfter = rssBytes(server.pid);

    const latencies: number[] = [];
    for (const [i, r] of received.entries()) {
      const offset = readerProcs[i]!.offsetMs;
      for (const recv of r.recv) {
        for (let seq = WARMUP_EDITS; seq < EDITS; seq++) {
          const t = recv[seq];
          if (t !== undefined) latencies.push(t + offset - (sends[seq]! + writer.offsetMs));
        }
      }
    }
    return {
      server: server.kind,
      readers,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
      samples: latencies.length,
      missing: received.reduce((sum, r) => sum + r.missing, 0),
      rssBeforeMb: rssBefore / MB,
      rssLoadedMb: rssLoaded / MB,
      rssAfterMb: rssAfter / MB,
      roomMb: (rssLoaded - rssBefore) / MB,
      roomAfterTypingMb: (rssAfter - rssBefore) / MB,
      roomLiveMb: liveBefore !== undefined && liveLoaded !== undefined ? (liveLoaded - liveBefore) / MB : null,
      cpuPerEditMs: (cpuAfter - cpuBefore) / EDITS,
      clientLoopP99Ms: Math.max(...received.map((r) => r.loopDelayP99Ms)),
      clockErrorMs: Math.max(...calibrations.map((c) => c.rttMs / 2)),
      readerProcs: procCount,
      load,
    };
  } finally {
    await Promise.all([writer, ...readerProcs].map((p) => p.stop()));
    // The last one out saves the room: let that reach the worker before the server stops.
    await sleep(1000);
  }
}

/** Cold open and warm connect → synced of fresh clients on a large report. */
async function syncRun(server: Server, reportId: string, token: string): Promise<SyncResult> {
  const client = new ClientProcess();
  try {
    const r = await client.request({ type: 'sync', target: { kind: server.kind, base: server.base, reportId }, token, repeats: REPEATS, keepFirst: true }, 'synced');
    return { server: server.kind, coldMs: r.coldMs, warmMs: r.warmMs, medianMs: median(r.warmMs), words: r.words, bytes: r.bytes };
  } finally {
    await client.stop();
  }
}

function summary(typing: TypingResult[], sync: SyncResult[], machine: string): string {
  const lines = [
    `Machine: ${machine}. ${EDITS} keystrokes every ${TYPING.minMs}–${TYPING.maxMs} ms per run (first ${WARMUP_EDITS} not counted), a ${TYPING_WORDS}-word report, ` +
      `readers in ${READER_COUNTS.map((n) => `${readerProcessCount(n)}`).join('/')} process(es) for N = ${READER_COUNTS.join('/')}.`,
  ];
  const find = (kind: ServerKind, readers: number) => typing.find((t) => t.server === kind && t.readers === readers);
  if (SERVERS.includes('party') && SERVERS.includes('hocuspocus')) {
    lines.push(
      '',
      '| N readers | ours p50 / p99 (ms) | Hocuspocus p50 / p99 (ms) | p99 ours ÷ Hocuspocus | memory per room, ours / Hocuspocus (MB) | server CPU per keystroke, ours / Hocuspocus (ms) |',
      '|---|---|---|---|---|---|',
    );
    for (const readers of READER_COUNTS) {
      const ours = find('party', readers)!;
      const theirs = find('hocuspocus', readers)!;
      lines.push(
        `| ${readers} | ${fmt(ours.p50)} / ${fmt(ours.p99)} | ${fmt(theirs.p50)} / ${fmt(theirs.p99)} | ${fmt(ours.p99 / theirs.p99, 2)} | ` +
          `${fmt(ours.roomMb)} / ${fmt(theirs.roomMb)} | ${fmt(ours.cpuPerEditMs, 2)} / ${fmt(theirs.cpuPerEditMs, 2)} |`,
      );
    }
  }
  lines.push('', '| server | N readers | p50 / p99 / max (ms) | memory per room, RSS (MB) | server CPU per keystroke (ms) |', '|---|---|---|---|---|');
  for (const kind of SERVERS) {
    for (const readers of READER_COUNTS) {
      const t = find(kind, readers)!;
      lines.push(`| ${LABEL[kind]} | ${readers} | ${fmt(t.p50)} / ${fmt(t.p99)} / ${fmt(t.max)} | ${fmt(t.roomMb)} | ${fmt(t.cpuPerEditMs, 2)} |`);
    }
  }
  const ours = sync.find((s) => s.server === 'party');
  const theirs = sync.find((s) => s.server === 'hocuspocus');
  if (ours && theirs) {
    lines.push(
      '',
      `| ${ours.words}-word report (${fmt(ours.bytes / 1024, 0)} KiB Yjs state) | ours | Hocuspocus | ours ÷ Hocuspocus |`,
      '|---|---|---|---|',
      `| fresh client connect → synced, median of ${REPEATS} (ms) | ${fmt(ours.medianMs)} | ${fmt(theirs.medianMs)} | ${fmt(ours.medianMs / theirs.medianMs, 2)} |`,
      `| first client, room loads from Postgres via the worker (ms) | ${fmt(ours.coldMs ?? Number.NaN)} | ${fmt(theirs.coldMs ?? Number.NaN)} | ${fmt((ours.coldMs ?? Number.NaN) / (theirs.coldMs ?? Number.NaN), 2)} |`,
    );
  }
  return lines.join('\n');
}

try {
  await main();
} catch (err) {
  // After an interrupt the failures are only the processes cleanup() stopped.
  if (!cleaning) console.error(err);
  process.exitCode = 1;
} finally {
  await cleanup();
}
