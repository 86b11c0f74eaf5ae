// A CPU profile of the worker's JavaScript during a run (`--profile`): the DevTools protocol over
// the inspector port that `wrangler dev` opens (its --inspector-port), Profiler.start / stop, then
// self time summed per function. It sees only the worker isolate's JavaScript, not workerd's own
// C++ work (I/O, the inspector's Network events) nor wrangler's processes.
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** The --inspector-port of the `wrangler dev` in process group `pgid`. */
export function inspectorPortOf(pgid: number): number {
  const cmdline = readFileSync(`/proc/${pgid}/cmdline`, 'utf8').split('\0');
  const i = cmdline.indexOf('--inspector-port');
  if (i < 0) throw new Error(`process ${pgid} has no --inspector-port`);
  return Number(cmdline[i + 1]);
}

export class WorkerProfiler {
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown };
      if (msg.id !== undefined) this.pending.get(msg.id)?.(msg.result);
    });
  }

  static async connect(port: number): Promise<WorkerProfiler> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as Array<{ webSocketDebuggerUrl: string }>;
    const url = targets[0]?.webSocketDebuggerUrl;
    if (!url) throw new Error(`no inspector target on port ${port}`);
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const profiler = new WorkerProfiler(ws);
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
    return profiler;
  }

  /** One DevTools command; rejects after 15 s (wrangler's inspector proxy can drop the runtime connection). */
  private send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`inspector: no answer to ${method} in 15 s`));
      }, 15_000);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(result);
      });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  start(): Promise<unknown> {
    return this.send('Profiler.start');
  }

  async stop(): Promise<Profile> {
    const result = (await this.send('Profiler.stop')) as { profile: Profile };
    return result.profile;
  }

  close(): void {
    this.ws.close();
  }
}

/** Self time per function (ms), highest first, and the profile's total. */
export function selfTimes(profile: Profile): { totalMs: number; rows: Array<{ name: string; ms: number }> } {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byNode.get(samples[i]!);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split('/').pop() ?? url;
    const name = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
    // A sample's time is the gap to the next one.
    ms.set(name, (ms.get(name) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  const rows = [...ms].map(([name, v]) => ({ name, ms: v })).sort((a, b) => b.ms - a.ms);
  return { totalMs: (profile.endTime - profile.startTime) / 1000, rows };
}
