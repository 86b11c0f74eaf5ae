// Starts and stops bench/stream/quiet-worker.ts (the worker under wrangler without its inspector)
// in its own process group, like scripts/lib/worker.ts does for `wrangler dev`.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitForHttp } from '../../scripts/lib/ports';
import { ROOT, WRANGLER_ENV, type RunningWorker } from '../../scripts/lib/worker';

export async function startQuietWorker(opts: { vars: Record<string, string>; persistTo: string }): Promise<RunningWorker> {
  const port = await freePort();
  const script = fileURLToPath(new URL('./quiet-worker.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify({ port, persistTo: opts.persistTo, vars: opts.vars })], {
    cwd: ROOT,
    env: { ...process.env, ...WRANGLER_ENV, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const collect = (chunk: Buffer) => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let alive = true;
  const exited = new Promise<void>((resolve) => child.once('exit', () => ((alive = false), resolve())));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  const stop = async () => {
    if (!alive) return;
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    signal('SIGKILL');
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/api/health`, 90_000, () => alive);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- quiet worker output ---\n${out.slice(-4000)}`);
  }
  return { url, port, output: () => out, stop };
}
