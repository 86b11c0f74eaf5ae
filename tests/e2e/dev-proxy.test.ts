// The web dev server (sources compiled on request) and its proxy: the browser's one origin reaches the API (cookie and same-origin write
// check included) and the live rooms' WebSockets, and a foreign origin is still refused.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, buildUser } from '../factories';
import { join, waitFor } from '../helpers/yclient';
import { startWeb, type RunningWeb } from './helpers/web';

let web: RunningWeb;

beforeAll(async () => {
  web = await startWeb({ dev: true });
});

afterAll(async () => {
  await web?.stop();
});

describe('dev proxy', () => {
  it('serves the app from its sources, compiled on request (what `npm run dev` opens)', async () => {
    const page = await fetch(`${web.url}/reports/any-report`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/src/main.tsx">');
    const main = await fetch(`${web.url}/src/main.tsx`);
    expect(main.status).toBe(200);
    expect(main.headers.get('content-type')).toMatch(/javascript/);
    // Compiled: the JSX is gone, imports point at what the dev server serves.
    expect(await main.text()).not.toMatch(/<App\b/);
  });

  it('accepts cookie writes from its own origin and refuses a foreign one', async () => {
    const user = await buildUser({ fullName: 'Olly Origin' });
    const write = (origin: string) =>
      fetch(`${web.url}/api/folders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `seydam_session=${user.session}`, origin },
        body: JSON.stringify({ name: `From ${origin}` }),
      });
    expect((await write(web.url)).status).toBe(201);
    const foreign = await write('http://evil.example');
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: { message: string } }).error.message).toBe('Cross-origin request refused.');
  });

  it('carries the live room WebSocket: a client through the web origin syncs the room', async () => {
    const user = await buildUser({ fullName: 'Ria Rooms' });
    const report = await buildReport(user.id, { topic: 'Proxied room' });
    const direct = await join(report.id, user.session);
    // join() resolves only once the provider synced with the room, here through the proxy.
    const viaWeb = await join(report.id, user.session, { base: web.url });
    try {
      expect(Y.encodeStateVector(viaWeb.doc)).toEqual(Y.encodeStateVector(direct.doc));
      // Presence crosses the proxy both ways.
      viaWeb.awareness.setLocalStateField('probe', 'via web');
      await waitFor(() => [...direct.awareness.getStates().values()].some((s) => s.probe === 'via web'), { message: 'presence never arrived' });
    } finally {
      viaWeb.close();
      direct.close();
    }
  });
});
