// Debian's Chromium driven by playwright-core (never a downloaded browser build), pages pointed at a
// web dev server, and screenshots kept as test artefacts.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ROOT } from '../../../scripts/lib/worker';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(ROOT, 'test-artifacts', 'screenshots');

/** Launches headless Chromium offline and quiet. */
export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH. Never \`npx playwright install\`.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh browser profile (its own cookies) whose relative URLs resolve against the web server. */
export async function newContext(browser: Browser, baseURL: string, viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport, locale: 'en-US', timezoneId: 'UTC' });
  // Generous: on a 2-core CI machine the dev server compiles pages on first visit while other
  // suites (each with its own stack, dev server and browser) run; a first page load was seen to
  // take over 20 s under that load. These are waits, not speed checks (speed is in bench/web).
  context.setDefaultTimeout(45_000);
  context.setDefaultNavigationTimeout(60_000);
  return context;
}

/** Signs a context in with a session secret (a user made by the factories), as the API's cookie would. */
export async function signInContext(context: BrowserContext, baseURL: string, session: string): Promise<void> {
  await context.addCookies([{ name: 'seydam_session', value: session, url: baseURL, httpOnly: true, sameSite: 'Lax' }]);
}

/** Saves a full-page screenshot as test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Collects uncaught page errors and console errors, so a test can assert the app ran cleanly. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // A 4xx the app handles (e.g. /api/auth/me when signed out, a wrong password) is logged by the browser itself.
    if (msg.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

/** expect.poll with a patience fit for a browser on a busy machine (vitest's default is 1 s). */
export const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 30_000, interval: 100 });
