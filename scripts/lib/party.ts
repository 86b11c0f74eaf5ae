// Runs the PartyKit rooms under the real `partykit dev` (workerd) for `npm run dev` and the tests.
// partykit binds 0.0.0.0 (it has no --ip flag) on the port given; room storage persists under
// `persistTo` (never the default .partykit/, so tests keep theirs in a temp dir).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { freePort, waitForHttp } from './ports';
import { ROOT } from './worker';

export interface RunningParty {
  url: string;
  port: number;
  persistTo: string;
  /** Everything partykit printed, for failure reports. */
  output: () => string;
  stop(): Promise<void>;
}

export interface PartyOptions {
  port?: number | undefined;
  /** Room variables (`--var`): WORKER_URL, INTERNAL_SECRET, ROOM_TOKEN_SECRET, SAVE_*_MS. */
  vars: Record<string, string>;
  /** Where room storage persists across restarts. */
  persistTo: string;
  /** Echo partykit's output to this process's stdout. */
  echo?: boolean;
  /** Also append partykit's output to this file (the tests read a room's lines from it when a wait fails). */
  logFile?: string | undefined;
}

/** Starts `partykit dev` and resolves once its health check answers. */
export async function startParty(opts: PartyOptions): Promise<RunningParty> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPartyOnce(opts);
    } catch (err) {
      // Our probed port can be taken before partykit binds it; only retry ports we chose.
      if (opts.port !== undefined || attempt >= 3 || !/address already in use|EADDRINUSE/i.test(String(err))) throw err;
    }
  }
}

async function startPartyOnce(opts: PartyOptions): Promise<RunningParty> {
  const port = opts.port ?? (await freePort());
  const args = [
    `${ROOT}/node_modules/partykit/dist/bin.mjs`,
    'dev',
    '--disable-request-cf-fetch',
    '--no-hotkeys',
    '--port', String(port),
    '--persist', opts.persistTo,
  ];
  for (const [k, v] of Object.entries(opts.vars)) args.push('--var', `${k}=${v}`);
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    // No update check against the npm registry, no colours in the captured output.
    env: { ...process.env, NO_UPDATE_NOTIFIER: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const file = opts.logFile ? createWriteStream(opts.logFile, { flags: 'a' }) : null;
  const collect = (chunk: Buffer) => {
    file?.write(chunk);
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
    if (opts.echo) process.stdout.write(chunk);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let alive = true;
  const exited = new Promise<void>((resolve) => child.once('exit', () => ((alive = false), file?.end(), resolve())));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!alive) return;
    // partykit runs workerd as a child: signal the whole process group.
    signal(child, 'SIGTERM');
    const timer = setTimeout(() => signal(child, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    // workerd may outlive the node parent for a moment; make sure the group is gone.
    signal(child, 'SIGKILL');
  };
  try {
    await waitForHttp(`${url}/health`, 60_000, () => alive);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- partykit output ---\n${out.slice(-4000)}`);
  }
  return { url, port, persistTo: opts.persistTo, output: () => out, stop };
}

function signal(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, sig);
  } catch {
    // Already gone.
  }
}
