// The dashboard in a real browser: the new-report dialog with every field, the report listed and
// opened, folders, reports shared with me, the layout at 375 px wide, and where the focus goes
// after moving to another page.
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reports } from '../../db/schema';
import { buildFolder, buildReport, buildUser, type BuiltUser } from '../factories';
import { testDb } from '../helpers/db';
import { addMember } from '../helpers/members';
import { eventually, launchBrowser, newContext, screenshot, signInContext, watchErrors } from './helpers/browser';
import { startWeb, type RunningWeb } from './helpers/web';

let web: RunningWeb;
let browser: Browser;

beforeAll(async () => {
  [web, browser] = await Promise.all([startWeb(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

/** A signed-in page for `user` on its dashboard. */
async function dashboardOf(user: BuiltUser, viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const context = await newContext(browser, web.url, viewport);
  await signInContext(context, web.url, user.session);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto('/dashboard');
  await eventually(() => page.getByRole('heading', { name: `Hello, ${user.fullName}` }).count()).toBe(1);
  return { page, errors };
}

const myReports = (page: Page) => page.getByRole('region', { name: 'My reports' });

describe('new report dialog', () => {
  it('creates a report from every field, lists it and opens it', { timeout: 90_000 }, async () => {
    const user = await buildUser({ fullName: 'Dora Dashboard', credits: 5 });
    const folder = await buildFolder(user.id, 'Coursework');
    const { page, errors } = await dashboardOf(user);
    const topic = `Tidal energy in small harbours ${Date.now()}`;

    await page.getByRole('button', { name: 'New report' }).click();
    const dialog = page.getByRole('dialog', { name: 'New report' });
    await eventually(() => dialog.isVisible()).toBe(true);
    // The topic field has the focus, so typing starts right away.
    await page.keyboard.type(topic);
    await dialog.getByLabel('Your understanding of the topic').fill('Tidal range, turbines in harbour walls, costs.');
    const counts = await dialog.getByLabel('Number of references').locator('option').allTextContents();
    expect(counts[0]).toBe('5');
    expect(counts.at(-1)).toBe('100');
    expect(counts).toHaveLength(20);
    expect(await dialog.getByLabel('Number of references').inputValue()).toBe('10');
    await dialog.getByLabel('Number of references').selectOption('25');
    await dialog.getByLabel('Folder').selectOption({ label: 'Coursework' });
    await dialog.getByLabel('Guideline documents (optional)').setInputFiles({ name: 'brief.txt', mimeType: 'text/plain', buffer: Buffer.from('Write for engineers. Use SI units.\n') });
    await dialog.getByLabel('Additional guidelines (optional)').fill('Keep it under 3,000 words.');
    await screenshot(page, 'new-report-dialog');
    await dialog.getByRole('button', { name: 'Create report' }).click();

    const note = page.getByRole('status').filter({ hasText: 'created' });
    await eventually(() => note.textContent()).toContain(`Report “${topic}” created.`);
    // The document went up, or (while the uploads route is not deployed) the note says it did not.
    expect(await note.textContent()).toMatch(/Guideline documents uploaded: brief\.txt|brief\.txt was not uploaded/);
    expect(await dialog.isVisible()).toBe(false);

    const [row] = await testDb().select().from(reports).where(eq(reports.topic, topic));
    expect(row).toMatchObject({
      ownerId: user.id,
      description: 'Tidal range, turbines in harbour walls, costs.',
      referenceCount: 25,
      guidelines: 'Keep it under 3,000 words.',
      folderId: folder.id,
      status: 'draft',
    });

    const item = myReports(page).getByRole('listitem').filter({ hasText: topic });
    await eventually(() => item.count()).toBe(1);
    expect(await item.locator('.badge').textContent()).toBe('Draft');
    expect(await item.textContent()).toContain('in Coursework');
    // The summary counts it.
    await eventually(() => page.locator('.summary').textContent()).toMatch(/Reports created\s*1/);
    await screenshot(page, 'dashboard');

    await item.getByRole('link', { name: topic }).click();
    await page.waitForURL(`**/reports/${row!.id}`);
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(topic);
    expect(await page.locator('.report-header .badge').textContent()).toBe('Draft');
    expect(await page.locator('main').textContent()).toContain('25 references');
    await screenshot(page, 'report');
    expect(errors).toEqual([]);
  });

  it('keeps the dialog open and names the field when the form is refused', { timeout: 60_000 }, async () => {
    const user = await buildUser({ fullName: 'Ivo Invalid' });
    const { page } = await dashboardOf(user);
    await page.getByRole('button', { name: 'New report' }).click();
    const dialog = page.getByRole('dialog', { name: 'New report' });
    await dialog.getByLabel('Topic', { exact: true }).fill('   ');
    await dialog.getByLabel('Your understanding of the topic').fill('Something.');
    await dialog.locator('form').evaluate((f) => f.setAttribute('novalidate', ''));
    await dialog.getByRole('button', { name: 'Create report' }).click();
    await eventually(() => dialog.getByLabel('Topic', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('.field-error').textContent()).toBe('Required');
    expect(await testDb().select().from(reports).where(eq(reports.ownerId, user.id))).toEqual([]);
    // Escape closes it, as any dialog.
    await page.keyboard.press('Escape');
    await eventually(() => dialog.isVisible()).toBe(false);
  });
});

describe('folders and shared reports', () => {
  it('creates, renames and deletes a folder, files a report in it, and lists reports shared with me', { timeout: 90_000 }, async () => {
    const user = await buildUser({ fullName: 'Fay Folders' });
    const other = await buildUser({ fullName: 'Otto Owner' });
    await buildReport(user.id, { topic: 'Unfiled thoughts on moss' });
    const shared = await buildReport(other.id, { topic: 'Otto’s shared study', status: 'completed' });
    await addMember(shared.id, user, 'editor');
    const { page, errors } = await dashboardOf(user);

    const sharedList = page.getByRole('region', { name: 'Shared with me' });
    await eventually(() => sharedList.getByRole('listitem').filter({ hasText: 'Otto’s shared study' }).textContent()).toContain('By Otto Owner · you are an editor');
    expect(await sharedList.locator('.badge').textContent()).toBe('Completed');

    await page.getByLabel('New folder').fill('Botany');
    await page.getByRole('button', { name: 'Create folder' }).click();
    const folders = page.getByRole('complementary', { name: 'Folders' });
    await eventually(() => folders.getByRole('button', { name: /^Botany \(0\)$/ }).count()).toBe(1);

    // File the report through its folder menu.
    const item = myReports(page).getByRole('listitem').filter({ hasText: 'Unfiled thoughts on moss' });
    await item.getByLabel('Folder').selectOption({ label: 'Botany' });
    await eventually(() => item.textContent()).toContain('in Botany');
    await eventually(() => folders.getByRole('button', { name: /^Botany \(1\)$/ }).count()).toBe(1);

    // Filter by the folder (kept in the URL), then by "Unfiled".
    await folders.getByRole('button', { name: /^Botany/ }).click();
    await page.waitForURL(/folder=/);
    await eventually(() => myReports(page).getByRole('listitem').count()).toBe(1);
    await folders.getByRole('button', { name: 'Unfiled' }).click();
    await eventually(() => myReports(page).textContent()).toContain('No reports here yet');

    await folders.getByRole('button', { name: 'Rename folder Botany' }).click();
    await folders.getByLabel('New name for Botany').fill('Mosses');
    await folders.getByRole('button', { name: 'Save' }).click();
    await eventually(() => folders.getByRole('button', { name: /^Mosses \(1\)$/ }).count()).toBe(1);

    page.once('dialog', (d) => void d.accept());
    await folders.getByRole('button', { name: 'Delete folder Mosses' }).click();
    await eventually(() => folders.getByRole('button', { name: /^Mosses/ }).count()).toBe(0);
    await folders.getByRole('button', { name: 'All reports' }).click();
    await eventually(() => myReports(page).getByRole('listitem').filter({ hasText: 'Unfiled thoughts on moss' }).textContent()).not.toContain('in Mosses');
    expect(errors).toEqual([]);
  });
});

describe('status badges', () => {
  it('follow a running job without a reload', { timeout: 60_000 }, async () => {
    const user = await buildUser({ fullName: 'Sid Status' });
    const report = await buildReport(user.id, { topic: 'Being outlined', status: 'outlining' });
    const { page } = await dashboardOf(user);
    const badge = myReports(page).getByRole('listitem').filter({ hasText: 'Being outlined' }).locator('.badge');
    await eventually(() => badge.textContent()).toBe('Outlining…');
    await testDb().update(reports).set({ status: 'outlined' }).where(eq(reports.id, report.id));
    await eventually(() => badge.textContent()).toBe('Outline ready');
  });
});

describe('small screens', () => {
  it('renders the dashboard and the new-report dialog at 375 px without horizontal scrolling', { timeout: 60_000 }, async () => {
    const user = await buildUser({ fullName: 'Mia Mobile-Layout-With-A-Rather-Long-Name' });
    const folder = await buildFolder(user.id, 'A folder with a long name that must wrap somewhere');
    await buildReport(user.id, { topic: 'An unusually long report topic about the hydrodynamics of very small tidal harbours', folderId: folder.id });
    await buildReport(user.id, { topic: 'Generating one', status: 'generating' });
    const { page, errors } = await dashboardOf(user, { width: 375, height: 812 });
    await eventually(() => myReports(page).getByRole('listitem').count()).toBe(2);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await screenshot(page, 'dashboard-375');
    expect(await overflow()).toBe(0);

    await page.getByRole('button', { name: 'New report' }).click();
    await eventually(() => page.getByRole('dialog', { name: 'New report' }).isVisible()).toBe(true);
    expect(await overflow()).toBe(0);
    const box = await page.getByRole('dialog', { name: 'New report' }).boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    await screenshot(page, 'new-report-dialog-375');
    expect(errors).toEqual([]);
  });
});

describe('focus after navigation', () => {
  it('starts keyboard users on the new page’s main content, but leaves the first load alone', { timeout: 90_000 }, async () => {
    const focused = (page: Page) => page.evaluate(() => (document.activeElement?.id || document.activeElement?.tagName) ?? '');

    // A signed-out visitor redirected to the login page on arrival: nothing is focused for them.
    const visitor = await (await newContext(browser, web.url)).newPage();
    await visitor.goto('/dashboard');
    await visitor.waitForURL(/\/login\?next=/);
    await eventually(() => visitor.getByRole('heading', { name: 'Log in' }).count()).toBe(1);
    expect(await focused(visitor)).toBe('BODY');

    const user = await buildUser({ fullName: 'Fay Focus' });
    const { page, errors } = await dashboardOf(user);
    expect(await focused(page)).toBe('BODY');
    const nav = page.getByRole('navigation', { name: 'Main' });

    // By keyboard: Enter on the header's Billing link lands on the billing page's main content…
    await nav.getByRole('link', { name: 'Billing' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/billing$/);
    await eventually(() => focused(page)).toBe('main');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
    // …so the next Tab goes on into the page, not back through the header.
    await eventually(() => page.getByRole('heading', { level: 1, name: 'Billing' }).count()).toBe(1);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.querySelector('main')?.contains(document.activeElement) ?? false)).toBe(true);

    // By click, the same.
    await nav.getByRole('link', { name: 'Profile' }).click();
    await page.waitForURL(/\/profile$/);
    await eventually(() => focused(page)).toBe('main');
    expect(errors).toEqual([]);
  });
});
