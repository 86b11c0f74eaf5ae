// Runs the API worker under the real `wrangler dev` (workerd) on a loopback port.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForHttp } from './ports';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Keeps wrangler offline and quiet: no telemetry, no Cloudflare look-ups. */
export const WRANGLER_ENV = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  NO_D1_WARNING: 'true',
};

export interface RunningWorker {
  url: string;
  port: number;
  /** Everything wrangler printed, for failure reports. */
  output: () => string;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  port?: number | undefined;
  vars: Record<string, string>;
  /** Where wrangler keeps local R2/KV/queue state. */
  persistTo: string;
  /** Echo wrangler's output to this process's stdout. */
  echo?: boolean;
  /**
   * A bundle made by `bundleWorker` to serve as it is. Without one, wrangler bundles the source and
   * watches it, reloading the worker when a file it read changes; a reload fails the requests in
   * flight with a 503 ("Your worker restarted mid-request"). Tests serve one fixed bundle instead.
   */
  bundle?: string | undefined;
}

/**
 * Bundles the worker as `wrangler deploy` would (esbuild, nodejs_compat) into `outdir`, and returns
 * the entry file to hand to `startWorker({ bundle })`.
 */
export async function bundleWorker(outdir: string): Promise<string> {
  const child = spawn(`${ROOT}/node_modules/.bin/wrangler`, ['deploy', '--dry-run', '--outdir', outdir], {
    cwd: ROOT,
    env: { ...process.env, ...WRANGLER_ENV, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`wrangler deploy --dry-run failed (exit ${code}):\n${out.slice(-4000)}`);
  return join(outdir, 'index.js');
}

/** Where to GET to run the worker's cron handler once (wrangler dev never fires cron triggers itself). */
export function scheduledUrl(workerUrl: string, cron = '* * * * *'): string {
  return `${workerUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}`;
}

/** Starts `wrangler dev` and resolves once GET /api/health answers 200. */
export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  // A free port can be taken by another process between our probe and wrangler's bind; when we
  // chose the port, try again with another one. workerd itself now and then fails to start on a
  // busy machine (wrangler: "The Workers runtime failed to start"): a second start succeeds.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startWorkerOnce(opts);
    } catch (err) {
      const text = String(err);
      const portTaken = opts.port === undefined && /address already in use|EADDRINUSE/i.test(text);
      const runtimeFailed = /Workers runtime failed to start/.test(text);
      if (attempt >= 3 || !(portTaken || runtimeFailed)) throw err;
    }
  }
}

async function startWorkerOnce(opts: WorkerOptions): Promise<RunningWorker> {
  const port = opts.port ?? (await freePort());
  const inspectorPort = await freePort();
  const args = [
    'dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--inspector-port', String(inspectorPort),
    '--persist-to', opts.persistTo,
    '--show-interactive-dev-session=false',
    // 'log' shows console.log lines (our structured logs); 'info' would hide them.
    '--log-level', opts.echo ? 'log' : 'warn',
    // The config's bindings and settings, with the prebuilt file in place of `main`.
    ...(opts.bundle ? ['--config', join(ROOT, 'wrangler.toml'), '--no-bundle', opts.bundle] : []),
  ];
  for (const [k, v] of Object.entries(opts.vars)) args.push('--var', `${k}:${v}`);
  const child: ChildProcess = spawn(`${ROOT}/node_modules/.bin/wrangler`, args, {
    cwd: ROOT,
    env: { ...process.env, ...WRANGLER_ENV, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
    if (opts.echo) process.stdout.write(chunk);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  let alive = true;
  const exited = new Promise<void>((resolve) => child.once('exit', () => ((alive = false), resolve())));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!alive) return;
    // wrangler starts workerd as a child: signal the whole process group.
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForHttp(`${url}/api/health`, 60_000, () => alive);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- wrangler output ---\n${out.slice(-4000)}`);
  }
  return { url, port, output: () => out, stop };
}
