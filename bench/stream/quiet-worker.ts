// The API worker under wrangler's own dev server without its inspector (`--no-inspector` peer):
// wrangler's programmatic `unstable_startWorker` with `dev.inspector: false`, same wrangler.toml,
// same workerd, same local queue and vars as `wrangler dev`, no file watching. Runs as a child
// process: argv[2] is a JSON {port, persistTo, vars}; it prints "ready <url>" and stays up until
// killed.
//
// Why: `wrangler dev` always attaches an inspector proxy that enables the DevTools Network domain,
// so every chunk of every response the worker fetches (each streamed model delta) becomes an
// inspector event, which wrangler's InspectorProxyWorker forwards as a debug log over a new
// loopback HTTP connection. That costs CPU per delta and leaks sockets (see bench/README.md).
import { unstable_startWorker } from 'wrangler';
import { ROOT } from '../../scripts/lib/worker';

const { port, persistTo, vars } = JSON.parse(process.argv[2] ?? '{}') as { port: number; persistTo: string; vars: Record<string, string> };

const worker = await unstable_startWorker({
  config: `${ROOT}/wrangler.toml`,
  bindings: Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, { type: 'plain_text' as const, value: v }])),
  dev: {
    inspector: false,
    persist: persistTo,
    server: { hostname: '127.0.0.1', port },
    watch: false,
    liveReload: false,
    logLevel: 'warn',
  },
});
await worker.ready;
console.log(`ready ${(await worker.url).toString().replace(/\/$/, '')}`);

const stop = () => void worker.dispose().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
