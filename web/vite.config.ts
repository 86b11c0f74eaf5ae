// Vite for the web client: root web/, built to dist/web, and in development a proxy that makes the
// API and the rooms same-origin with the app. Tests build the same config with `webConfig()`
// pointed at their own stack.
import { fileURLToPath } from 'node:url';
import { defineConfig, type ProxyOptions, type UserConfig } from 'vite';
import solid from 'vite-plugin-solid';

// The dev server's proxy: the browser talks only to the Vite origin, which forwards /api to the
// worker and /parties (WebSockets) to the rooms. The Host header is kept, so the worker sees the
// request as addressed to the app's own origin: the session cookie is set for that origin and the
// same-origin write check (worker/middleware/csrf.ts) accepts it without widening APP_ORIGIN.

export interface DevProxyTargets {
  /** The API worker, e.g. http://127.0.0.1:8787. */
  apiUrl: string;
  /** The PartyKit rooms, e.g. http://127.0.0.1:1999. */
  partyUrl: string;
  /**
   * Sent as CF-Connecting-IP (what Cloudflare sets in production) so per-IP rate limits see one
   * client per dev server; tests give each browser suite its own.
   */
  clientIp?: string | undefined;
}

/** Vite `server.proxy` entries for the worker and the rooms. */
export function devProxy(targets: DevProxyTargets): Record<string, ProxyOptions> {
  const api: ProxyOptions = { target: targets.apiUrl, changeOrigin: false, xfwd: false };
  if (targets.clientIp) {
    const ip = targets.clientIp;
    api.configure = (proxy) => {
      proxy.on('proxyReq', (proxyReq) => proxyReq.setHeader('cf-connecting-ip', ip));
    };
  }
  return {
    '/api': api,
    // The rooms check a signed token, not the Host, so the target's own host is fine here.
    '/parties': { target: targets.partyUrl, ws: true, changeOrigin: true },
  };
}

export const WEB_ROOT = fileURLToPath(new URL('.', import.meta.url));
export const DEV_PORT = 5173;

/** The client's Vite config, with its dev proxy aimed at `targets`. */
export function webConfig(targets: DevProxyTargets): UserConfig {
  const proxy = devProxy(targets);
  return {
    root: WEB_ROOT,
    plugins: [solid()],
    clearScreen: false,
    // Scan every page up front: pages load lazily, and a dependency found only when its page is first
    // opened would make Vite re-bundle and reload the browser mid-session.
    optimizeDeps: { entries: ['index.html', 'src/**/*.tsx'] },
    build: {
      outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
      emptyOutDir: true,
      target: 'es2022',
    },
    // Port 5173 is the origin APP_ORIGIN names by default (links in emails, Stripe and Google return).
    // Pre-transform the pages at start, so the first visit to each does not wait for it.
    server: { port: DEV_PORT, strictPort: true, proxy, warmup: { clientFiles: ['./src/main.tsx', './src/pages/*/index.tsx'] } },
    preview: { port: DEV_PORT, strictPort: true, proxy },
  };
}

export default defineConfig(() =>
  webConfig({
    apiUrl: process.env.SEYDAM_API_URL ?? 'http://127.0.0.1:8787',
    partyUrl: process.env.SEYDAM_PARTY_URL ?? 'http://127.0.0.1:1999',
  }),
);
