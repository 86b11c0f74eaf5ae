// The account flows in a real browser (Debian Chromium) against the real stack through the web
// client's dev server: sign up with the emailed code, log out and in, a wrong password, a
// forgotten password reset with the emailed code, a share link opened while signed out that still
// leads to its report after signing up or logging in, and no redirect after login off the app.
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportMembers, sessions, users } from '../../db/schema';
import { buildReport, buildUser, uniqueEmail, type BuiltUser } from '../factories';
import { latestCode } from '../helpers/accounts';
import { api } from '../helpers/api';
import { testDb } from '../helpers/db';
import { eventually, launchBrowser, newContext, screenshot, watchErrors } from './helpers/browser';
import { fillSignUpForm } from './helpers/forms';
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

async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await newContext(browser, web.url);
  const page = await context.newPage();
  return { page, errors: watchErrors(page) };
}

async function logIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

describe('sign up', () => {
  it('signs up with the code from the email and lands on the dashboard greeted by name', { timeout: 90_000 }, async () => {
    const { page, errors } = await openPage();
    const email = uniqueEmail('e2e-signup');
    await page.goto('/');
    await eventually(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Referenced reports/);
    // Pricing comes from the packs API.
    await eventually(() => page.locator('#pricing .pack').count()).toBe(4);
    expect(await page.locator('#pricing').textContent()).toContain('$11.25');
    await screenshot(page, 'landing');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign up' }).click();
    await fillSignUpForm(page, { fullName: 'Nora Newcomer', email });
    await screenshot(page, 'signup');
    await page.getByRole('button', { name: 'Sign up' }).click();

    await page.waitForURL(/\/signup\/verify\?email=/);
    await eventually(() => page.locator('main').textContent()).toContain(email);
    const first = await latestCode(email);

    // A new code replaces the first one.
    await page.getByRole('button', { name: 'Send a new code' }).click();
    await eventually(() => page.getByText(`A new code was sent to ${email}`).count()).toBe(1);
    const second = await latestCode(email);
    await screenshot(page, 'signup-code');

    await page.getByLabel('Code').fill(second);
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.waitForURL(/\/dashboard$/);
    await eventually(() => page.getByRole('heading', { name: 'Hello, Nora Newcomer' }).count()).toBe(1);
    // The sign-up grant: 5 credits, none used.
    expect(await page.locator('.summary').textContent()).toMatch(/Credits used \/ total\s*0 \/ 5/);
    const [user] = await testDb().select().from(users).where(eq(users.email, email));
    expect(user?.emailVerifiedAt).toBeTruthy();
    expect(first).toMatch(/^\d{6}$/);
    expect(errors).toEqual([]);
  });

  it('names the field the API refused, next to it', { timeout: 60_000 }, async () => {
    const { page } = await openPage();
    await page.goto('/signup');
    await fillSignUpForm(page, { fullName: 'Short Password', email: uniqueEmail('e2e-short'), password: 'short12' });
    // Skip the browser's own minlength check to see ours.
    await page.locator('form').evaluate((f) => f.setAttribute('novalidate', ''));
    await page.getByRole('button', { name: 'Sign up' }).click();
    const password = page.getByLabel('Password', { exact: true });
    await eventually(() => password.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('.field-error').textContent()).toBe('Use at least 8 characters.');
    expect(page.url()).toMatch(/\/signup$/);
  });
});

describe('log in and out', () => {
  it('shows the API’s message for a wrong password, then logs in, out, and guards the dashboard', { timeout: 90_000 }, async () => {
    const user = await buildUser({ fullName: 'Lena Login', password: 'the right password' });
    const { page, errors } = await openPage();
    await page.goto('/dashboard');
    // Anonymous: sent to the login page, which remembers where to go back to.
    await page.waitForURL(/\/login\?next=%2Fdashboard/);

    await logIn(page, user.email, 'not the password');
    const alert = page.getByRole('alert');
    await eventually(() => alert.textContent()).toBe('That email and password do not match an account.');
    await screenshot(page, 'login-wrong-password');

    await logIn(page, user.email, 'the right password');
    await page.waitForURL(/\/dashboard$/);
    await eventually(() => page.getByRole('heading', { name: 'Hello, Lena Login' }).count()).toBe(1);

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await eventually(() => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log in' }).count()).toBe(1);
    // The session is over on the server too, not only in this tab.
    const fromBrowser = (await testDb().select().from(sessions).where(eq(sessions.userId, user.id))).filter((s) => s.userAgent?.includes('Chrome'));
    expect(fromBrowser).toHaveLength(1);
    expect(fromBrowser[0]!.revokedAt).not.toBeNull();
    await page.goto('/dashboard');
    await page.waitForURL(/\/login\?next=/);
    expect(errors).toEqual([]);
  });
});

describe('forgotten password', () => {
  it('resets the password with the emailed code, then logs in with the new one', { timeout: 90_000 }, async () => {
    const user = await buildUser({ fullName: 'Rhea Reset', password: 'the old password' });
    const { page, errors } = await openPage();
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email', { exact: true }).fill(user.email);
    await page.getByRole('button', { name: 'Send the code' }).click();
    await page.waitForURL(/\/reset\?email=/);
    await eventually(() => page.getByLabel('Email', { exact: true }).inputValue()).toBe(user.email);

    await page.getByLabel('Code from the email').fill(await latestCode(user.email));
    await page.getByLabel('New password', { exact: true }).fill('a brand new password');
    await page.getByLabel('Repeat the new password').fill('a brand new password');
    await screenshot(page, 'reset-password');
    await page.getByRole('button', { name: 'Set the new password' }).click();

    await page.waitForURL(/\/login\?email=.*&reset=1/);
    await eventually(() => page.getByText('Your password was changed').count()).toBe(1);
    await eventually(() => page.getByLabel('Email', { exact: true }).inputValue()).toBe(user.email);
    await page.getByLabel('Password', { exact: true }).fill('the old password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await eventually(() => page.getByRole('alert').textContent()).toBe('That email and password do not match an account.');
    await page.getByLabel('Password', { exact: true }).fill('a brand new password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/dashboard$/);
    await eventually(() => page.getByRole('heading', { name: 'Hello, Rhea Reset' }).count()).toBe(1);
    expect(errors).toEqual([]);
  });
});

describe('a share link opened while signed out', () => {
  /** A report of a new owner and a share link to it giving `role`; answers the link as "/share#<token>". */
  async function sharedLink(role: 'editor' | 'viewer') {
    const owner = await buildUser({ fullName: 'Sandra Sharer' });
    const report = await buildReport(owner.id, { topic: `Shared tides ${Date.now()}` });
    const res = await api(`/api/reports/${report.id}/links`, { cookie: owner.session, json: { role } });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: { url: string; token: string } };
    const url = new URL(data.url);
    return { report, token: data.token, path: url.pathname + url.hash };
  }

  /** Every address the page asks for, to check the token never leaves the fragment. */
  function watchRequests(page: Page): string[] {
    const urls: string[] = [];
    page.on('request', (req) => urls.push(req.url()));
    return urls;
  }

  async function role(reportId: string, user: Pick<BuiltUser, 'id'>) {
    const [row] = await testDb().select().from(reportMembers).where(and(eq(reportMembers.reportId, reportId), eq(reportMembers.userId, user.id)));
    return row?.role;
  }

  it('signs up with the emailed code and lands on the shared report, as a viewer', { timeout: 90_000 }, async () => {
    const { report, token, path } = await sharedLink('viewer');
    const { page, errors } = await openPage();
    const requested = watchRequests(page);
    const email = uniqueEmail('e2e-share-signup');
    await page.goto(path);
    await page.waitForURL(/\/login\?next=%2Fshare$/);
    await eventually(() => page.getByText('Log in or create an account to open the report shared with you.').count()).toBe(1);
    await page.getByRole('main').getByRole('link', { name: 'Create an account' }).click();
    await fillSignUpForm(page, { fullName: 'Sven Shared', email });
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(/\/signup\/verify\?email=/);
    await page.getByLabel('Code').fill(await latestCode(email));
    await page.getByRole('button', { name: 'Create my account' }).click();

    await page.waitForURL(`${web.url}/reports/${report.id}`);
    await eventually(() => page.getByText('View only', { exact: true }).isVisible()).toBe(true);
    const [user] = await testDb().select().from(users).where(eq(users.email, email));
    expect(await role(report.id, user!)).toBe('viewer');
    // The token stayed in the fragment and this tab: no address the page asked for carried it, and it is gone once used.
    expect(requested.filter((u) => u.includes(token))).toEqual([]);
    expect(await page.evaluate(() => Object.values(sessionStorage).join(' '))).not.toContain(token);
    expect(errors).toEqual([]);
  });

  it('logs in, even after wandering to the sign-up page and back, and lands on the shared report as an editor', { timeout: 90_000 }, async () => {
    const { report, token, path } = await sharedLink('editor');
    const user = await buildUser({ fullName: 'Lola Later', password: 'the right password' });
    const { page, errors } = await openPage();
    const requested = watchRequests(page);
    await page.goto(path);
    await page.waitForURL(/\/login\?next=%2Fshare$/);
    // The header's links carry no "next"; the link still waits in this tab.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sign up' }).click();
    await page.waitForURL(/\/signup$/);
    await page.getByRole('main').getByRole('link', { name: 'Log in' }).click();
    await page.waitForURL(/\/login/);
    await logIn(page, user.email, 'the right password');

    await page.waitForURL(`${web.url}/reports/${report.id}`);
    await eventually(() => page.getByRole('tab', { name: 'AI edit', exact: true }).count()).toBe(1);
    expect(await role(report.id, user)).toBe('editor');
    expect(requested.filter((u) => u.includes(token))).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('where login leads', () => {
  it('never off the app: a "next" that names another site or a script lands on the dashboard', { timeout: 90_000 }, async () => {
    const user = await buildUser({ fullName: 'Nico Next', password: 'the right password' });
    for (const next of ['//evil.example/x', 'https://evil.example/', 'javascript:alert(1)', '/\\evil.example', '/\t/evil.example']) {
      const { page } = await openPage();
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await logIn(page, user.email, 'the right password');
      await page.waitForURL(`${web.url}/dashboard`);
      await eventually(() => page.getByRole('heading', { name: 'Hello, Nico Next' }).count()).toBe(1);
      await page.context().close();
    }
  });
});
