// The web client for browser tests: by default the run's one build (tests/setup/web-build.ts)
// served by `vite preview`, or with `dev` the Vite dev server as `npm run dev` runs it; either way
// with the app's own proxy aimed at the test stack (or at another worker a suite started, e.g. one
// with Stripe), so the browser talks to one origin.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { createServer, preview, type InlineConfig } from 'vite';
import { freePort } from '../../../scripts/lib/ports';
import { webConfig } from '../../../web/vite.config';
import { uniqueIp } from '../../factories';
import { WEB_TEST_MODE } from '../../setup/web-build';

export interface RunningWeb {
  /** The app's origin, e.g. http://127.0.0.1:41234. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface WebOptions {
  /** The worker to proxy /api to (default: the test stack's). */
  apiUrl?: string;
  /** The rooms to proxy /parties to (default: the test stack's). */
  partyUrl?: string;
  /** Listen on this port (default: a free one). */
  port?: number;
  /** The Vite dev server (sources compiled on request) instead of the built client. */
  dev?: boolean;
}

/** Serves web/ on a loopback port. */
export async function startWeb(opts: WebOptions = {}): Promise<RunningWeb> {
  const port = opts.port ?? (await freePort());
  // One client IP per server, so per-IP limits (code emails, logins) of one suite never trip another's.
  const base = webConfig({ apiUrl: opts.apiUrl ?? inject('apiUrl'), partyUrl: opts.partyUrl ?? inject('partyUrl'), clientIp: uniqueIp() });
  const url = `http://127.0.0.1:${port}`;
  if (!opts.dev) {
    const config: InlineConfig = {
      ...base,
      configFile: false,
      mode: WEB_TEST_MODE,
      logLevel: 'warn',
      build: { ...base.build, outDir: inject('webDist') },
      preview: { ...base.preview, host: '127.0.0.1', port, strictPort: true },
    };
    // A reserved port is let go only now, so nothing else can take it while the worker starts.
    await releaseReservation(port);
    const server = await preview(config);
    return { url, port, stop: () => server.close() };
  }
  // Its own dependency cache: suites run in parallel, and two servers writing one cache collide.
  const cacheDir = mkdtempSync(join(tmpdir(), 'seydam-vite-'));
  const server = await createServer({
    ...base,
    configFile: false,
    cacheDir,
    logLevel: 'warn',
    // No HMR and no watching: files edited during a run must not reload a page mid-test.
    server: { ...base.server, host: '127.0.0.1', port, strictPort: true, hmr: false, watch: null },
  });
  await releaseReservation(port);
  await server.listen();
  return {
    url,
    port,
    stop: async () => {
      await server.close();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

// Ports handed out by reserveWebPort, each held by a listening socket until startWeb binds it: a
// port that was only probed free was once taken (by another suite's process) during the seconds a
// worker took to start, and the dev server could not listen on it.
const reservations = new Map<number, Server>();

/** A port for a dev server whose origin must be known before it starts (to configure a worker's APP_ORIGIN); held until startWeb uses it. */
export function reserveWebPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const holder = createNetServer();
    holder.once('error', reject);
    holder.listen(0, '127.0.0.1', () => {
      const { port } = holder.address() as AddressInfo;
      reservations.set(port, holder);
      resolve(port);
    });
  });
}

async function releaseReservation(port: number): Promise<void> {
  const holder = reservations.get(port);
  if (!holder) return;
  reservations.delete(port);
  await new Promise<void>((resolve) => holder.close(() => resolve()));
}
