// What a page went through, for a failure message: its room sockets (opened, first frames, closed),
// failed and refused requests and console lines, each with the time since the trace began. A wait
// for the live document that times out then says where it stopped instead of only "not in time".
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { inject } from 'vitest';

const MAX_EVENTS = 300;

export interface PageTrace {
  events: string[];
  /** Requests sent and not answered yet, with when they were sent. */
  pending: Map<unknown, { what: string; at: number }>;
  started: number;
}

/** Starts noting what `page` does from now on. */
export function tracePage(page: Page): PageTrace {
  const started = Date.now();
  const trace: PageTrace = { events: [], pending: new Map(), started };
  const note = (what: string) => {
    trace.events.push(`+${Date.now() - started}ms ${what}`);
    if (trace.events.length > MAX_EVENTS) trace.events.splice(0, trace.events.length - MAX_EVENTS);
  };
  const pathOf = (url: string) => {
    const u = new URL(url);
    return u.pathname;
  };
  page.on('websocket', (ws) => {
    const path = pathOf(ws.url());
    let received = 0;
    let sent = 0;
    note(`ws opening ${path}`);
    ws.on('framereceived', () => {
      if (received++ === 0) note(`ws first frame in ${path}`);
    });
    ws.on('framesent', () => {
      if (sent++ === 0) note(`ws first frame out ${path}`);
    });
    ws.on('socketerror', (err) => note(`ws error ${path}: ${err}`));
    ws.on('close', () => note(`ws closed ${path} (${received} frames in, ${sent} out)`));
  });
  page.on('request', (req) => trace.pending.set(req, { what: `${req.method()} ${pathOf(req.url())}`, at: Date.now() - started }));
  page.on('requestfinished', (req) => trace.pending.delete(req));
  page.on('requestfailed', (req) => {
    trace.pending.delete(req);
    note(`failed ${req.method()} ${pathOf(req.url())}: ${req.failure()?.errorText ?? '?'}`);
  });
  page.on('response', (res) => {
    const method = res.request().method();
    // Every answer to a change (a POST that failed to refresh the page shows here), and every refusal.
    if (res.status() >= 400 || method !== 'GET') note(`${res.status()} ${method} ${pathOf(res.url())}`);
  });
  page.on('console', (msg) => note(`console.${msg.type()}: ${msg.text().slice(0, 300)}`));
  page.on('pageerror', (err) => note(`pageerror: ${err.message.slice(0, 300)}`));
  return trace;
}

/** The page's URL, room status, alerts and visible text, with the trace: what a reader needs to see why a wait failed. */
export async function describePage(page: Page, trace: PageTrace): Promise<string> {
  const status = await page
    .locator('.room-status')
    .getAttribute('data-status', { timeout: 1_000 })
    .catch(() => null);
  const alerts = await page
    .getByRole('alert')
    .allTextContents()
    .catch(() => []);
  const text = await page
    .evaluate(() => document.body.innerText)
    .catch((err: Error) => `(unreadable: ${err.message})`);
  return [
    `page ${page.url()}, room status ${status ?? '(none shown)'}, alerts ${JSON.stringify(alerts)}`,
    `visible text: ${JSON.stringify(text.replace(/\s+/g, ' ').slice(0, 600))}`,
    'trace:',
    ...trace.events.map((e) => `  ${e}`),
    `unanswered requests at +${Date.now() - trace.started}ms:`,
    ...[...trace.pending.values()].map((p) => `  ${p.what} (sent at +${p.at}ms)`),
  ].join('\n');
}

/** The shared rooms' output lines that name `reportId` (the rooms log it in every line about a report). */
export function roomLogLines(reportId: string, max = 40): string[] {
  let text = '';
  try {
    text = readFileSync(inject('partyLog'), 'utf8');
  } catch (err) {
    return [`(no room log: ${(err as Error).message})`];
  }
  return text
    .split('\n')
    .filter((line) => line.includes(reportId))
    .slice(-max);
}

/** Runs `wait`; when it fails, fails with the page described (and the room's log lines) after the original message. */
export async function explainFailure<T>(page: Page, trace: PageTrace, wait: () => Promise<T>, reportId?: string): Promise<T> {
  try {
    return await wait();
  } catch (err) {
    let described = await describePage(page, trace);
    if (reportId) described += `\nroom log for ${reportId}:\n${roomLogLines(reportId).map((l) => `  ${l}`).join('\n') || '  (nothing)'}`;
    const error = new Error(`${err instanceof Error ? err.message : String(err)}\n${described}`);
    if (err instanceof Error && err.stack) error.stack = `${error.message}\n${err.stack.split('\n').slice(1).join('\n')}`;
    throw error;
  }
}
