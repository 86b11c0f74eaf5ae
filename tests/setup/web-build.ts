// The web client as the browser suites load it: built once per run (a couple of seconds) and served
// by `vite preview` with the dev proxy, instead of each suite's own Vite dev server. The dev server
// compiles every module on first request in each suite and each new browser profile then fetches
// them one by one (≈400 requests for the report page); on a busy two-core machine that alone once
// took a page 80 s to reach its room. Built in mode "test", which routes the rooms through the
// page's own origin as development does (web/src/pages/Report/room/connection.ts).
import { build } from 'vite';
import { webConfig } from '../../web/vite.config';

export const WEB_TEST_MODE = 'test';

/** Builds web/ into `outDir` for the tests. */
export async function buildWebForTests(outDir: string): Promise<void> {
  const base = webConfig({ apiUrl: 'http://127.0.0.1:1', partyUrl: 'http://127.0.0.1:1' });
  await build({
    ...base,
    configFile: false,
    mode: WEB_TEST_MODE,
    logLevel: 'warn',
    // Stack traces in a failing page point at the sources.
    build: { ...base.build, outDir, emptyOutDir: true, sourcemap: true },
  });
}
