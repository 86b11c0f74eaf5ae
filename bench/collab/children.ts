// The benchmark's child processes: client processes (clients.ts) driven over IPC, and the
// Hocuspocus server (hocuspocus-server.ts). Every child started here is stopped by `stopAll`.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitForHttp } from '../../scripts/lib/ports';
import { ROOT } from '../../scripts/lib/worker';
import type { Command, Reply } from './clients';
import { now } from './stats';

const started = new Set<ChildProcess>();
/** Those of them that lead a process group (partykit and its workerd). */
const groups = new Set<ChildProcess>();

function forkTs(file: string, env: Record<string, string> = {}, execArgv: string[] = []): ChildProcess {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx', ...execArgv],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** A client process (clients.ts) and the offset of its clock from ours. */
export class ClientProcess {
  readonly child: ChildProcess;
  /** Add to this process's timestamps to get ours. */
  offsetMs = 0;
  private readonly waiting: Array<{ type: Reply['type']; resolve: (r: Reply) => void; reject: (e: Error) => void }> = [];

  constructor() {
    this.child = forkTs('./clients.ts');
    this.child.on('message', (message: Reply) => {
      if (message.type === 'error') {
        const err = new Error(`client process failed: ${message.message}`);
        for (const w of this.waiting.splice(0)) w.reject(err);
        return;
      }
      const i = this.waiting.findIndex((w) => w.type === message.type);
      if (i >= 0) this.waiting.splice(i, 1)[0]!.resolve(message);
    });
    this.child.once('exit', (code) => {
      for (const w of this.waiting.splice(0)) w.reject(new Error(`client process exited (${code})`));
    });
  }

  /** Sends `command` and waits for the reply of type `type`. */
  request<T extends Reply['type']>(command: Command, type: T): Promise<Extract<Reply, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ type, resolve: resolve as (r: Reply) => void, reject });
      this.child.send(command);
    });
  }

  /**
   * Measures the child's clock against ours (NTP-style, the ping with the shortest round trip),
   * so keystroke send and receive times from different processes compare.
   */
  async calibrate(pings = 20): Promise<{ offsetMs: number; rttMs: number }> {
    let best = { offsetMs: 0, rttMs: Number.POSITIVE_INFINITY };
    for (let id = 0; id < pings; id++) {
      const t0 = now();
      const { t } = await this.request({ type: 'ping', id }, 'pong');
      const t1 = now();
      if (t1 - t0 < best.rttMs) best = { offsetMs: (t0 + t1) / 2 - t, rttMs: t1 - t0 };
    }
    this.offsetMs = best.offsetMs;
    return best;
  }

  /** Asks the process to close its clients and exit; kills it if it does not. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' } satisfies Command);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

export interface HocuspocusProcess {
  pid: number;
  url: string;
  /** Runs a full garbage collection in the server; answers its live memory (heap used + external), in bytes. */
  collectGarbage(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts the Hocuspocus server (hocuspocus-server.ts) wired to the worker; resolves once it listens. */
export function startHocuspocus(env: { WORKER_URL: string; INTERNAL_SECRET: string; ROOM_TOKEN_SECRET: string }): Promise<HocuspocusProcess> {
  const child = forkTs('./hocuspocus-server.ts', env, ['--expose-gc']);
  const collectGarbage = () =>
    new Promise<number>((resolve) => {
      const onMessage = (message: { type: string; liveBytes: number }) => {
        if (message.type !== 'collected') return;
        child.off('message', onMessage);
        resolve(message.liveBytes);
      };
      child.on('message', onMessage);
      child.send({ type: 'gc' });
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('hocuspocus did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`hocuspocus exited (${code}) before listening`)));
    child.on('message', (message: { type: string; port: number }) => {
      if (message.type !== 'listening') return;
      clearTimeout(timer);
      resolve({ pid: child.pid!, url: `http://127.0.0.1:${message.port}`, collectGarbage, stop: () => kill(child) });
    });
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Stops every child this module started and is still running (a partykit's whole process group). */
export async function stopAll(): Promise<void> {
  for (const child of groups) signalGroup(child, 'SIGKILL');
  await Promise.all([...started].map(kill));
}

export interface BareParty {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts `partykit dev` on bare-room.ts (flags as scripts/lib/party.ts passes them), for the
 * `--bare` comparison. partykit runs workerd as a child, so the whole process group is stopped.
 */
export async function startBareParty(persistTo: string, vars: Record<string, string> = {}): Promise<BareParty> {
  const port = await freePort();
  const script = fileURLToPath(new URL('./bare-room.ts', import.meta.url));
  const args = [`${ROOT}/node_modules/partykit/dist/bin.mjs`, 'dev', script, '--disable-request-cf-fetch', '--no-hotkeys', '--port', String(port), '--persist', persistTo];
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}=${v}`);
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NO_UPDATE_NOTIFIER: '1', FORCE_COLOR: '0' }, stdio: 'ignore', detached: true });
  started.add(child);
  groups.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      started.delete(child);
      groups.delete(child);
      resolve();
    }),
  );
  const stop = async () => {
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    signalGroup(child, 'SIGKILL');
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/health`, 60_000, () => child.exitCode === null);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, stop };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}
