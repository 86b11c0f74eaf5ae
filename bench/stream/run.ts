// npm run bench:stream — the generation pipeline streaming into live rooms, against the fake model
// at full speed: POST /api/reports/:id/generate → the local queue → the consumer → the model
// (tests/fakes/openai, no delay) → /internal/ops appendText batches → the room → Yjs collaborators.
//   1 job into 1 room (two collaborators), and N jobs into N rooms at once (one collaborator each):
//   tokens per second from first text visible to last, per room and in aggregate, and per-token
//   latency from the model's send to a collaborator's document (p50/p99).
// Peers, all in one run on the same database and rooms (--peers, comma-separated):
//   dev:<ms>    the worker under `wrangler dev` as npm run dev and the tests start it, with
//               GENERATION_FLUSH_MS=<ms>
//   quiet:<ms>  the same worker under wrangler's own dev server without its inspector
//               (quiet-worker.ts), which under `wrangler dev` costs CPU for every streamed delta
//   direct      the same text POSTed straight to the rooms' /internal/ops (no queue, DB or model)
//   …@<ms>      (after dev:/quiet:) the model waits <ms> between deltas instead of going full speed
// Options: --runs 3  --sections 6  --tokens 1500  --jobs 10
//          --peers quiet:50,quiet:100,dev:50,quiet:50@5,quiet:100@5,direct
//          --direct-batch 200 (tokens per direct post)  --count-db (count the workers' PostgreSQL
//          round trips)  --profile (CPU profile of the dev workers' JavaScript in each run)
//          --database-url URL (else DATABASE_URL, else embedded PGlite)  --echo
// See bench/README.md for what the figures mean and their caveats.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { connectFromNode } from '../../db/node';
import { startStack, type Stack } from '../../scripts/lib/stack';
import { startWorker, type RunningWorker } from '../../scripts/lib/worker';
import { tokenFor } from '../collab/fixtures';
import { loadAverage } from '../collab/proc';
import { fmt, median, percentile } from '../collab/stats';
import { latencyTail, roomFigures, sectionSeen, type LatencyTail, type RoomFigures, type SectionSeen } from './analysis';
import { startDbCounter, type DbCounter, type DbCounts } from './db-counter';
import { writeDirect } from './direct';
import { insertOwner, insertReport, type BenchReport } from './fixtures';
import { http } from './http';
import { pacedModel, startBenchModel, type BenchModel } from './model';
import { groupCpuByPart, groupCpuMs, machineBusy, processGroupOf } from './procs';
import { inspectorPortOf, selfTimes, WorkerProfiler } from './profiler';
import { startQuietWorker } from './quiet';
import { RoomWatcher } from './watcher';

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    sections: { type: 'string', default: '6' },
    tokens: { type: 'string', default: '1500' },
    jobs: { type: 'string', default: '10' },
    peers: { type: 'string', default: 'quiet:50,quiet:100,dev:50,quiet:50@5,quiet:100@5,direct' },
    'direct-batch': { type: 'string', default: '200' },
    'count-db': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'database-url': { type: 'string', default: process.env.DATABASE_URL ?? '' },
    echo: { type: 'boolean', default: false },
  },
});
const RUNS = Number(opts.runs);
const SECTIONS = Number(opts.sections);
const TOKENS = Number(opts.tokens);
const JOBS = Number(opts.jobs);
const DIRECT_BATCH = Number(opts['direct-batch']);
const DATABASE_URL = opts['database-url'] || undefined;
if (opts['count-db'] && !DATABASE_URL) throw new Error('--count-db needs a PostgreSQL server (--database-url or DATABASE_URL)');
/** A run fails when no collaborator has seen anything change for this long. */
const STALL_MS = 30_000;

type PeerKind = 'dev' | 'quiet' | 'direct';
interface Peer {
  /** "dev 100", "quiet 25", "quiet 100 pace 5", "direct". */
  name: string;
  kind: PeerKind;
  flushMs: number | null;
  /** Milliseconds the model waits between deltas (0: full speed). */
  paceMs: number;
}

function parsePeers(spec: string): Peer[] {
  return spec
    .split(',')
    .filter(Boolean)
    .map((item) => {
      const m = /^(dev|quiet):(\d+)(?:@(\d+))?$/.exec(item);
      if (item === 'direct') return { name: 'direct', kind: 'direct', flushMs: null, paceMs: 0 };
      if (!m) throw new Error(`--peers: ${item} is not dev:<ms>[@<pace ms>], quiet:<ms>[@<pace ms>] or direct`);
      const paceMs = Number(m[3] ?? 0);
      return { name: `${m[1]} ${Number(m[2])}${paceMs ? ` pace ${paceMs}` : ''}`, kind: m[1] as PeerKind, flushMs: Number(m[2]), paceMs };
    });
}
const PEERS = parsePeers(opts.peers);

interface Scenario {
  peer: string;
  rooms: number;
}

interface RunResult extends Scenario {
  run: number;
  /** Set when the run did not complete; the figures are then absent. */
  failed?: string;
  /** Per room (its first collaborator): tokens, span, tokens/s, where the time went. */
  perRoom: Array<Omit<RoomFigures, 'latencies'>>;
  /** All tokens of all rooms, first text visible anywhere → last text visible anywhere. */
  aggregateTokensPerSecond: number;
  /** Sent → visible over every token and every collaborator. */
  p50: number;
  p99: number;
  max: number;
  samples: number;
  incomplete: number;
  restarts: number;
  jobStatuses: string[];
  sendWindowMaxMs: number;
  benchLoopP99Ms: number;
  /** Share of both CPUs busy (whole machine) from the first job started to the last ended. */
  machineBusy: number;
  /** CPU ms of the processes during the run. */
  cpu: { worker: number; party: number; bench: number };
  /** The worker's CPU ms by part of its process group (workerd, workerd proxy, node…). */
  workerCpuByPart: Record<string, number>;
  wallMs: number;
  db: DbCounts | null;
  load: number;
  postP50?: number;
  postP99?: number;
  /** Where the tokens over p99 are. */
  tail: LatencyTail;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let stack: Stack | null = null;
let model: BenchModel | null = null;
let counter: DbCounter | null = null;
const extraWorkers: RunningWorker[] = [];
const tempDirs: string[] = [];
const watchers = new Set<RoomWatcher>();
let cleaning: Promise<void> | null = null;

/** Stops everything this run started: collaborators, workers, rooms, the database, the fake. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const w of watchers) w.close();
    await Promise.all(extraWorkers.map((w) => w.stop()));
    await stack?.stop();
    await counter?.close();
    await model?.stop();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  })();
  return cleaning;
}

// Each y-partykit provider adds an exit listener to the process; 10+ collaborators are expected here.
process.setMaxListeners(100);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping everything the benchmark started…`);
    void cleanup().finally(() => process.exit(130));
  });
}

interface PeerWorker {
  worker: RunningWorker;
  /** Process group, for CPU time. */
  group: number;
  /** With --profile, for `wrangler dev` workers. */
  profiler?: WorkerProfiler;
}

let profileDir: string | null = null;

async function main(): Promise<void> {
  const machine = `${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, load average ${fmt(loadAverage(), 2)} at start`;
  console.log(`bench:stream on ${machine}`);
  const t0 = Date.now();
  model = await startBenchModel(TOKENS);
  if (opts['count-db'] && DATABASE_URL) counter = await startDbCounter(DATABASE_URL);
  const root = mkdtempSync(join(tmpdir(), 'seydam-bench-stream-'));
  tempDirs.push(root);
  // The stack's own worker serves the rooms (loads and saves); every pipeline peer gets a worker of its own.
  stack = await startStack({ databaseUrl: counter?.url ?? DATABASE_URL, persistTo: root, echo: opts.echo });
  const database = stack.db.kind === 'pglite' ? 'embedded PGlite (in memory)' : `PostgreSQL at ${new URL(DATABASE_URL!).host}${counter ? ' through the counting relay' : ''}`;
  console.log(`stack up in ${((Date.now() - t0) / 1000).toFixed(1)} s: rooms ${stack.party.url}, database ${database}`);

  // One worker per pipeline peer, all on the same database and rooms, each with its own local queue.
  const workers = new Map<string, PeerWorker>();
  const running = stack;
  const startPeer = async (peer: Peer): Promise<PeerWorker> => {
    const dir = mkdtempSync(join(tmpdir(), 'seydam-bench-stream-worker-'));
    tempDirs.push(dir);
    const vars = {
      ...running.vars,
      OPENAI_API_KEY: model!.fake.apiKey,
      OPENAI_BASE_URL: model!.fake.baseURL,
      OPENAI_MODEL_SECTION: pacedModel(peer.paceMs),
      GENERATION_FLUSH_MS: String(peer.flushMs),
    };
    const worker = peer.kind === 'dev' ? await startWorker({ vars, persistTo: dir, echo: opts.echo }) : await startQuietWorker({ vars, persistTo: dir });
    extraWorkers.push(worker);
    const group = processGroupOf(worker.port);
    const profiler = opts.profile && peer.kind === 'dev' ? await WorkerProfiler.connect(inspectorPortOf(group)) : undefined;
    return { worker, group, ...(profiler ? { profiler } : {}) };
  };
  for (const peer of PEERS) if (peer.kind !== 'direct') workers.set(peer.name, await startPeer(peer));
  if (opts.profile) profileDir = mkdtempSync(join(tmpdir(), 'seydam-bench-stream-profiles-'));
  // CPU is read per process group: wrangler or partykit with their workerd.
  const partyGroup = processGroupOf(stack.party.port);

  const { db, pool } = connectFromNode({ DATABASE_URL: stack.db.url, DB_WS_PROXY: stack.db.wsProxy });
  const ctx: RunContext = { stack, model, db, partyGroup };

  // Warm-up: every worker runs one small job first (module loading, JIT, first queue delivery).
  for (const [name, w] of workers) {
    const r = await pipelineRun(ctx, { peer: name, rooms: 1 }, w, 0, 2);
    console.log(`  warm-up ${name}: ${r.failed ?? `${fmt(r.aggregateTokensPerSecond, 0)} tokens/s, p99 ${fmt(r.p99)} ms`}`);
  }

  const out = join(tmpdir(), `seydam-bench-stream-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const results: RunResult[] = [];
  const scenarios: Scenario[] = [];
  for (const rooms of [1, JOBS]) for (const peer of PEERS) scenarios.push({ peer: peer.name, rooms });
  /** Scenarios that failed once are not run again (a worker that ran out of file descriptors fails the same way). */
  const failed = new Set<string>();
  for (let run = 1; run <= RUNS; run++) {
    // Alternate the order, so drift in the machine's load does not favour one peer.
    const order = run % 2 === 1 ? scenarios : [...scenarios].reverse();
    for (const scenario of order) {
      const key = `${scenario.peer}|${scenario.rooms}`;
      if (failed.has(key)) continue;
      const w = workers.get(scenario.peer);
      const result = w ? await pipelineRun(ctx, scenario, w, run, SECTIONS) : await directRun(ctx, scenario, run);
      results.push(result);
      console.log(line(result));
      if (result.failed) {
        failed.add(key);
        // A fresh worker for the peer's other scenarios.
        const peer = PEERS.find((p) => p.name === scenario.peer)!;
        if (w) {
          w.profiler?.close();
          await w.worker.stop();
          const fresh = await startPeer(peer);
          await pipelineRun(ctx, { peer: peer.name, rooms: 1 }, fresh, 0, 2);
          workers.set(peer.name, fresh);
        }
      }
      // Written after every run, so an interrupted benchmark keeps what it measured.
      writeFileSync(out, JSON.stringify({ machine, database, options: opts, results }, null, 2));
      await sleep(1000);
    }
  }
  await pool.end();
  for (const w of workers.values()) w.profiler?.close();

  console.log(`\n${summary(results, machine, database)}\nraw figures: ${out}\ntotal ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

interface RunContext {
  stack: Stack;
  model: BenchModel;
  db: ReturnType<typeof connectFromNode>['db'];
  partyGroup: number;
}


/** Collaborators for each report: two in a single room, one per room otherwise. */
async function openWatchers(ctx: RunContext, reports: BenchReport[], ownerIds: string[]): Promise<RoomWatcher[][]> {
  return Promise.all(
    reports.map(async (report, r) => {
      const ownerId = ownerIds[r]!;
      const count = reports.length === 1 ? 2 : 1;
      const sectionIds = report.sections.map((s) => s.id);
      const list: RoomWatcher[] = [];
      for (let i = 0; i < count; i++) {
        const token = await tokenFor(ctx.stack.secrets.roomToken, report.id, i === 0 ? ownerId : `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, i === 0 ? 'owner' : 'viewer');
        const w = await RoomWatcher.open(ctx.stack.party.url, report.id, token, sectionIds);
        watchers.add(w);
        list.push(w);
      }
      return list;
    }),
  );
}

function closeWatchers(groups: RoomWatcher[][]): void {
  for (const w of groups.flat()) {
    w.close();
    watchers.delete(w);
  }
}

/** Measures what happens between `start` and `stop`: CPU of the processes, machine load, the bench's event loop, DB round trips. */
function meter(ctx: RunContext, workerGroup: number | null) {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const workerCpu = () => (workerGroup === null ? 0 : groupCpuMs(workerGroup));
  const workerByCommand = () => (workerGroup === null ? {} : groupCpuByPart(workerGroup));
  const byCommandBefore = workerByCommand();
  const before = { worker: workerCpu(), party: groupCpuMs(ctx.partyGroup), bench: process.cpuUsage(), busy: machineBusy(), db: counter?.counts() ?? null, t: Date.now() };
  const load = loadAverage();
  return () => {
    loop.disable();
    const bench = process.cpuUsage(before.bench);
    const busy = machineBusy();
    const db = counter?.counts() ?? null;
    const byCommand = Object.fromEntries(Object.entries(workerByCommand()).map(([k, v]) => [k, v - (byCommandBefore[k] ?? 0)]));
    return {
      workerCpuByPart: byCommand,
      benchLoopP99Ms: loop.percentile(99) / 1e6,
      machineBusy: (busy.busy - before.busy.busy) / (busy.total - before.busy.total),
      cpu: { worker: workerCpu() - before.worker, party: groupCpuMs(ctx.partyGroup) - before.party, bench: (bench.user + bench.system) / 1000 },
      wallMs: Date.now() - before.t,
      db:
        db && before.db
          ? { connections: db.connections - before.db.connections, connectMs: db.connectMs - before.db.connectMs, roundTrips: db.roundTrips - before.db.roundTrips, queryMs: db.queryMs - before.db.queryMs }
          : null,
      load,
    };
  };
}

/** The figures of a run from each room's sections, as seen by each of its collaborators. */
function figures(groups: Array<{ sections: SectionSeen[][] }>) {
  const perRoom = groups.map((g) => roomFigures(g.sections[0]!));
  const all = groups.flatMap((g) => g.sections.map(roomFigures));
  const latencies = all.flatMap((f) => f.latencies);
  const first = Math.min(...groups.flatMap((g) => g.sections[0]!.map((s) => s.firstVisible)));
  const last = Math.max(...groups.flatMap((g) => g.sections[0]!.map((s) => s.lastVisible)));
  const tokens = perRoom.reduce((n, r) => n + r.tokens, 0);
  return {
    perRoom: perRoom.map(({ latencies: _l, ...rest }) => rest),
    aggregateTokensPerSecond: (tokens * 1000) / (last - first),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
    samples: latencies.length,
    incomplete: all.reduce((n, f) => n + f.incomplete, 0),
    restarts: all.reduce((n, f) => n + f.restarts, 0),
    sendWindowMaxMs: Math.max(...all.map((f) => f.sendWindowMaxMs)),
    tail: latencyTail(groups.flatMap((g) => g.sections)),
  };
}

/** A run that did not complete: the reason, no figures. */
function failedRun(scenario: Scenario, run: number, err: unknown): RunResult {
  const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  return {
    ...scenario,
    run,
    failed: reason,
    perRoom: [],
    aggregateTokensPerSecond: Number.NaN,
    p50: Number.NaN,
    p99: Number.NaN,
    max: Number.NaN,
    samples: 0,
    incomplete: 0,
    restarts: 0,
    jobStatuses: [],
    sendWindowMaxMs: Number.NaN,
    benchLoopP99Ms: Number.NaN,
    machineBusy: Number.NaN,
    cpu: { worker: Number.NaN, party: Number.NaN, bench: Number.NaN },
    workerCpuByPart: {},
    wallMs: Number.NaN,
    db: null,
    load: loadAverage(),
    tail: { p99: Number.NaN, tokens: 0, sectionStart: 0, sectionEnd: 0, windows: 0, top3Windows: 0, rooms: 0 },
  };
}

/** `rooms` jobs at once through the peer's worker, each report of `sections` sections. */
async function pipelineRun(ctx: RunContext, scenario: Scenario, peer: PeerWorker, run: number, sections: number): Promise<RunResult> {
  // One owner per report: two jobs of one owner started at the same moment can deadlock in
  // Postgres while reserving credits (see bench/README.md), and one owner may start 60 jobs an hour.
  const owners = await Promise.all(Array.from({ length: scenario.rooms }, () => insertOwner(ctx.db, 10_000)));
  const tag = `${scenario.peer.replace(' ', '')}-r${run}-${owners[0]!.id.slice(0, 8)}`;
  const reports = await Promise.all(owners.map((o, i) => insertReport(ctx.db, o.id, `${tag}-${i}`, sections)));
  const groups = await openWatchers(ctx, reports, owners.map((o) => o.id));
  try {
    const firstAnswer = ctx.model.answers.length;
    await peer.profiler?.start();
    const stop = meter(ctx, peer.group);
    const jobIds = await Promise.all(reports.map((r, i) => startJob(peer.worker.url, r.id, owners[i]!.session)));
    await RoomWatcher.allEnded(groups.flat(), STALL_MS);
    const measured = stop();
    if (peer.profiler && profileDir) {
      const profile = await peer.profiler.stop();
      const file = join(profileDir, `${scenario.peer.replace(' ', '-')}-${scenario.rooms}rooms-run${run}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      const { totalMs, rows } = selfTimes(profile);
      console.log(`  profile of the worker's JavaScript (${fmt(totalMs, 0)} ms wall), self time: ${file}`);
      for (const row of rows.slice(0, 15)) console.log(`    ${fmt(row.ms, 1).padStart(8)} ms  ${row.name}`);
    }
    const jobStatuses = await Promise.all(reports.map((r, i) => jobStatus(peer.worker.url, r.id, jobIds[i]!, owners[i]!.session)));
    const answers = new Map(ctx.model.answers.slice(firstAnswer).map((a) => [a.title, a]));
    const seen = reports.map((report, i) => ({
      sections: groups[i]!.map((w) =>
        report.sections.map((s) => {
          const answer = answers.get(s.title);
          if (!answer) throw new Error(`the model was never asked for ${s.title}`);
          return sectionSeen(answer, w.timelines.get(s.id)!);
        }),
      ),
    }));
    return { ...scenario, run, ...figures(seen), ...measured, jobStatuses };
  } catch (err) {
    // What the worker said last (warnings and errors: its log level is warn).
    console.error(`  ${scenario.peer}, ${scenario.rooms} room(s), run ${run} failed; the worker's output ends with:\n${peer.worker.output().slice(-2500)}`);
    return failedRun(scenario, run, err);
  } finally {
    closeWatchers(groups);
  }
}

/** The same amount of text posted straight to `rooms` rooms at once, `--direct-batch` tokens per post. */
async function directRun(ctx: RunContext, scenario: Scenario, run: number): Promise<RunResult> {
  const owner = await insertOwner(ctx.db, 0);
  const tag = `direct-r${run}-${owner.id.slice(0, 8)}`;
  const reports = await Promise.all(Array.from({ length: scenario.rooms }, (_, i) => insertReport(ctx.db, owner.id, `${tag}-${i}`, SECTIONS)));
  const groups = await openWatchers(ctx, reports, reports.map(() => owner.id));
  try {
    const stop = meter(ctx, null);
    const writes = await Promise.all(
      reports.map((r) =>
        writeDirect(ctx.stack.party.url, ctx.stack.secrets.internal, r.id, r.sections.map((s) => ({ ...s, text: ctx.model.textFor(s.title) })), DIRECT_BATCH),
      ),
    );
    // Wait until every collaborator shows every section whole.
    const deadline = Date.now() + 30_000;
    for (const [i, report] of reports.entries()) {
      for (const w of groups[i]!) {
        for (const s of report.sections) {
          const want = writes[i]!.answers.find((a) => a.title === s.title)!;
          while (!sectionSeen(want, w.timelines.get(s.id)!).complete) {
            if (Date.now() > deadline) throw new Error(`direct: ${s.title} never became visible whole`);
            await sleep(20);
          }
        }
      }
    }
    const measured = stop();
    const seen = reports.map((report, i) => ({
      sections: groups[i]!.map((w) =>
        report.sections.map((s) => {
          const write = writes[i]!;
          return sectionSeen(write.answers.find((a) => a.title === s.title)!, w.timelines.get(s.id)!);
        }),
      ),
    }));
    const posts = writes.flatMap((w) => w.postMs);
    return { ...scenario, run, ...figures(seen), ...measured, jobStatuses: [], postP50: percentile(posts, 50), postP99: percentile(posts, 99) };
  } catch (err) {
    return failedRun(scenario, run, err);
  } finally {
    closeWatchers(groups);
  }
}

async function startJob(workerUrl: string, reportId: string, session: string): Promise<string> {
  const res = await http(`${workerUrl}/api/reports/${reportId}/generate`, { method: 'POST', headers: { cookie: `seydam_session=${session}` } });
  if (res.status !== 202) throw new Error(`generate answered ${res.status}: ${res.body}`);
  return (JSON.parse(res.body) as { data: { id: string } }).data.id;
}

async function jobStatus(workerUrl: string, reportId: string, jobId: string, session: string): Promise<string> {
  const res = await http(`${workerUrl}/api/reports/${reportId}/jobs/${jobId}`, { headers: { cookie: `seydam_session=${session}` } });
  if (res.status !== 200) throw new Error(`job answered ${res.status}: ${res.body}`);
  return (JSON.parse(res.body) as { data: { status: string } }).data.status;
}

const sectionsOf = (r: RunResult) => r.perRoom.reduce((n, x) => n + x.streamMs.length, 0);

function line(r: RunResult): string {
  if (r.failed) return `  run ${r.run} ${r.peer.padEnd(9)} ${String(r.rooms).padStart(2)} room(s): FAILED: ${r.failed} (load ${fmt(r.load, 2)})`;
  const perRoom = r.perRoom.map((x) => x.tokensPerSecond);
  const gaps = r.perRoom.flatMap((x) => x.beforeModelMs);
  const streams = r.perRoom.flatMap((x) => x.streamMs);
  return (
    `  run ${r.run} ${r.peer.padEnd(9)} ${String(r.rooms).padStart(2)} room(s): ` +
    `per room ${fmt(median(perRoom), 0)} tokens/s (min ${fmt(Math.min(...perRoom), 0)}), aggregate ${fmt(r.aggregateTokensPerSecond, 0)} tokens/s, ` +
    `latency p50 ${fmt(r.p50)} / p99 ${fmt(r.p99)} / max ${fmt(r.max)} ms (${r.samples} tokens${r.incomplete ? `, ${r.incomplete} sections incomplete` : ''}${r.restarts ? `, ${r.restarts} restarts` : ''}), ` +
    `section: model sends in ${fmt(median(r.perRoom.flatMap((x) => x.sendMs)), 0)} ms, visible over ${fmt(median(streams), 0)} ms; between sections ${fmt(median(gaps), 0)} ms (medians)` +
    `${r.postP50 !== undefined ? `, post p50/p99 ${fmt(r.postP50)}/${fmt(r.postP99!)} ms` : ''}, ` +
    `CPU worker/rooms/bench ${fmt(r.cpu.worker, 0)}/${fmt(r.cpu.party, 0)}/${fmt(r.cpu.bench, 0)} ms (worker: ${Object.entries(r.workerCpuByPart).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${fmt(v, 0)}`).join(', ')}) over ${fmt(r.wallMs / 1000, 1)} s, machine ${fmt(100 * r.machineBusy, 0)}% busy, ` +
    `${r.db ? `db ${fmt(r.db.roundTrips / sectionsOf(r), 1)} round trips and ${fmt(r.db.queryMs / sectionsOf(r), 1)} ms per section (${r.db.connections} connections), ` : ''}` +
    `bench loop p99 ${fmt(r.benchLoopP99Ms)} ms, load ${fmt(r.load, 2)}, ` +
    `tail (${r.tail.tokens} tokens over p99): ${fmt(100 * r.tail.sectionStart, 0)}% in the first tenth of their section, ${fmt(100 * r.tail.sectionEnd, 0)}% in the last, ` +
    `from ${r.tail.rooms} room(s), in ${r.tail.windows} 100-ms windows (the 3 fullest hold ${fmt(100 * r.tail.top3Windows, 0)}%)` +
    `${r.jobStatuses.some((s) => s !== 'finished') ? `, JOBS: ${r.jobStatuses.join(',')}` : ''}`
  );
}

function summary(results: RunResult[], machine: string, database: string): string {
  const lines = [
    `Machine: ${machine}. Database: ${database}. ${RUNS} runs; reports of ${SECTIONS} sections × ${TOKENS} tokens (4 characters each, one delta per token); ` +
      `1 job with 2 collaborators, ${JOBS} jobs with 1 collaborator each. Median of the runs, [range].`,
    '',
    '| peer | rooms | tokens/s per room | aggregate tokens/s | latency p50 (ms) | latency p99 (ms) | section stream (ms) | between sections (ms) | machine busy |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const range = (xs: number[], digits = 0) => `${fmt(median(xs), digits)} [${fmt(Math.min(...xs), digits)}–${fmt(Math.max(...xs), digits)}]`;
  const keys = [...new Set(results.map((r) => `${r.peer}|${r.rooms}`))];
  for (const key of keys) {
    const all = results.filter((r) => `${r.peer}|${r.rooms}` === key);
    const rs = all.filter((r) => !r.failed);
    const [peer, rooms] = key.split('|');
    if (rs.length === 0) {
      lines.push(`| ${peer} | ${rooms} | failed: ${all[0]?.failed ?? '?'} | | | | | | |`);
      continue;
    }
    // Per room: the median room of each run (for one room, that room).
    const perRoom = rs.map((r) => median(r.perRoom.map((x) => x.tokensPerSecond)));
    const failures = all.length - rs.length;
    lines.push(
      `| ${peer}${failures ? ` (${failures} of ${all.length} runs failed)` : ''} | ${rooms} | ${range(perRoom)} | ${range(rs.map((r) => r.aggregateTokensPerSecond))} | ${range(rs.map((r) => r.p50), 1)} | ${range(rs.map((r) => r.p99), 1)} | ` +
        `${range(rs.map((r) => median(r.perRoom.flatMap((x) => x.streamMs))))} | ${range(rs.map((r) => median(r.perRoom.flatMap((x) => x.beforeModelMs))))} | ` +
        `${range(rs.map((r) => 100 * r.machineBusy))}% |`,
    );
  }
  return lines.join('\n');
}

try {
  await main();
} catch (err) {
  if (!cleaning) {
    console.error(err);
    // What the servers said last, for a failure that started on their side.
    const running = stack as Stack | null; // assigned inside main()
    for (const [name, out] of [['stack worker', running?.worker.output()], ...extraWorkers.map((w, i) => [`peer worker ${i + 1}`, w.output()]), ['rooms', running?.party.output()]]) {
      if (out) console.error(`--- ${name} output (end) ---\n${out.slice(-3000)}`);
    }
  }
  process.exitCode = 1;
} finally {
  await cleanup();
}
