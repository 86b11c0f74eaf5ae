// A room that never answers the WebSocket handshake (a room answers only once it has loaded the
// document, so a load stuck on the server looks like this): the page must not sit on "Opening the
// live document…" for good. A TCP relay in front of the real rooms swallows the first upgrade
// request and relays everything after it; the page has to give up on that socket and connect again.
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildReport, buildUser } from '../factories';
import { sampleReport, seedDocument } from '../helpers/yclient';
import { launchBrowser, newContext, signInContext, watchErrors } from './helpers/browser';
import { explainFailure, tracePage } from './helpers/diagnose';
import { startWeb, type RunningWeb } from './helpers/web';

interface StallingRelay {
  url: string;
  /** Room upgrade requests swallowed so far. */
  stalled: () => number;
  /** Room connections relayed so far. */
  relayed: () => number;
  close(): Promise<void>;
}

/** Relays TCP to `target`, except that the first `stall` room upgrades are read and never answered. */
async function stallingRelay(target: URL, stall: number): Promise<StallingRelay> {
  let stalled = 0;
  let relayed = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.once('data', (first) => {
      const isRoomUpgrade = /^GET \/parties\/[^\r\n]*\r\n/.test(first.toString('latin1')) && /\r\nupgrade: websocket/i.test(first.toString('latin1'));
      if (isRoomUpgrade && stalled < stall) {
        stalled += 1;
        return; // Held open, never answered: the handshake of a room stuck loading.
      }
      if (isRoomUpgrade) relayed += 1;
      const upstream = createConnection({ host: target.hostname, port: Number(target.port) });
      sockets.add(upstream);
      upstream.on('close', () => (sockets.delete(upstream), client.destroy()));
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.write(first);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stalled: () => stalled,
    relayed: () => relayed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let relay: StallingRelay;
let web: RunningWeb;
let browser: Browser;

beforeAll(async () => {
  relay = await stallingRelay(new URL(inject('partyUrl')), 1);
  [web, browser] = await Promise.all([startWeb({ partyUrl: relay.url }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await relay?.close();
});

describe('a room that never answers the handshake', () => {
  it('is given up on, and the page connects again and shows the document', { timeout: 120_000 }, async () => {
    const owner = await buildUser({ fullName: 'Hana Handshake' });
    const report = await buildReport(owner.id, { topic: 'Stuck rooms', status: 'outlined' });
    await seedDocument(report.id, sampleReport('Stuck rooms'));
    const context = await newContext(browser, web.url);
    await signInContext(context, web.url, owner.session);
    const page = await context.newPage();
    const errors = watchErrors(page);
    const trace = tracePage(page);
    await page.goto(`/reports/${report.id}`);

    // The first socket hangs in its handshake: the page says it is still opening the document.
    await expect.poll(() => relay.stalled(), { timeout: 60_000 }).toBe(1);
    expect(await page.locator('.room-status').getAttribute('data-status')).toBe('connecting');

    // It drops that socket after its handshake timeout (20 s) and the next one, relayed, syncs.
    await explainFailure(
      page,
      trace,
      () => expect.poll(() => page.locator('.room-status').getAttribute('data-status'), { timeout: 60_000, interval: 200 }).toBe('connected'),
      report.id,
    );
    expect(relay.relayed()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => page.locator('[data-section-body="s11"] .tiptap').textContent()).toBe('Tide mills are old.');
    // The failed handshake is the browser's own console line, nothing the app threw.
    expect(errors.filter((e) => !/WebSocket/i.test(e))).toEqual([]);
    await page.goto('about:blank');
    await context.close();
  });
});
