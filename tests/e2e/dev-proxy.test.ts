// The web dev server's proxy: the browser's one origin reaches the API (cookie and same-origin write
// check included) and the live rooms' WebSockets, and a foreign origin is still refused.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, buildUser } from '../factories';
import { join, waitFor } from '../helpers/yclient';
import { startWeb, type RunningWeb } from './helpers/web';

let web: RunningWeb;

beforeAll(async () => {
  web = await startWeb();
});

afterAll(async () => {
  await web?.stop();
});

describe('dev proxy', () => {
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
