// The profile and the public forms in a real browser: name, password, API tokens (shown once,
// revoked), deleting the account; the contact form and the waitlist.
import { and, eq, isNull } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, contactMessages, users, waitlist } from '../../db/schema';
import { buildReport, buildUser, uniqueEmail, type BuiltUser } from '../factories';
import { api } from '../helpers/api';
import { testDb } from '../helpers/db';
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

async function open(path: string, user?: BuiltUser): Promise<{ page: Page; errors: string[] }> {
  const context = await newContext(browser, web.url);
  if (user) await signInContext(context, web.url, user.session);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(path);
  return { page, errors };
}

describe('profile', () => {
  it('changes the name and the password', { timeout: 90_000 }, async () => {
    const user = await buildUser({ fullName: 'Pat Profile', password: 'first password here' });
    const { page, errors } = await open('/profile', user);
    const nameSection = page.getByRole('region', { name: 'Your name' });
    await eventually(() => nameSection.getByLabel('Full name').inputValue()).toBe('Pat Profile');
    await nameSection.getByLabel('Full name').fill('Patricia Profile');
    await nameSection.getByRole('button', { name: 'Save name' }).click();
    await eventually(() => nameSection.getByText('Name saved.').count()).toBe(1);
    const [row] = await testDb().select().from(users).where(eq(users.id, user.id));
    expect(row!.fullName).toBe('Patricia Profile');

    const pw = page.getByRole('region', { name: 'Password' });
    await pw.getByLabel('Current password').fill('not my password');
    await pw.getByLabel('New password', { exact: true }).fill('second password here');
    await pw.getByLabel('Repeat the new password').fill('second password here');
    await pw.getByRole('button', { name: 'Change password' }).click();
    // The API's words, next to the field it names.
    await eventually(() => pw.locator('.field-error').textContent()).toBe('That is not your current password.');
    expect(await pw.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');

    await pw.getByLabel('Current password').fill('first password here');
    await pw.getByRole('button', { name: 'Change password' }).click();
    await eventually(() => pw.getByText('Password changed.').count()).toBe(1);
    expect(await pw.getByLabel('Current password').inputValue()).toBe('');
    const login = await api('/api/auth/login', { json: { email: user.email, password: 'second password here' } });
    expect(login.status).toBe(200);
    expect(errors).toEqual([]);
  });

  it('creates an API token shown once, which works, and revokes it', { timeout: 90_000 }, async () => {
    const user = await buildUser({ fullName: 'Tom Tokens' });
    const { page, errors } = await open('/profile', user);
    const tokens = page.getByRole('region', { name: 'API tokens' });
    await eventually(() => tokens.getByText('No tokens yet.').count()).toBe(1);
    await tokens.getByLabel('Token name').fill('nightly export');
    await tokens.getByRole('button', { name: 'Create token' }).click();
    await eventually(() => tokens.getByTestId('new-token').textContent()).toMatch(/^sdm_/);
    const secret = (await tokens.getByTestId('new-token').textContent())!;
    // The secret is a working credential.
    expect((await api('/api/auth/me', { bearer: secret })).status).toBe(200);
    await screenshot(page, 'profile-token');

    // Shown once: after a reload only its prefix is listed.
    await page.reload();
    await eventually(() => tokens.getByRole('listitem').filter({ hasText: 'nightly export' }).count()).toBe(1);
    expect(await tokens.getByTestId('new-token').count()).toBe(0);
    expect(await tokens.textContent()).not.toContain(secret);

    page.once('dialog', (d) => void d.accept());
    await tokens.getByRole('button', { name: 'Revoke token nightly export' }).click();
    await eventually(() => tokens.getByText('No tokens yet.').count()).toBe(1);
    expect(await testDb().select().from(apiTokens).where(and(eq(apiTokens.userId, user.id), isNull(apiTokens.revokedAt)))).toEqual([]);
    expect((await api('/api/auth/me', { bearer: secret })).status).toBe(401);
    expect(errors).toEqual([]);
  });

  it('deletes the account after the password and the confirmation', { timeout: 90_000 }, async () => {
    const user = await buildUser({ fullName: 'Del Delete', password: 'delete me please' });
    await buildReport(user.id, { topic: 'Soon gone' });
    const { page } = await open('/profile', user);
    const zone = page.getByRole('region', { name: 'Delete account' });
    await eventually(() => zone.isVisible()).toBe(true);
    await zone.getByLabel('Your password').fill('delete me please');
    await zone.getByLabel('I understand this cannot be undone.').check();
    await screenshot(page, 'profile');
    await zone.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('deleted') === '1');
    await eventually(() => page.getByText('Your account and its reports were deleted.').count()).toBe(1);
    expect(await testDb().select().from(users).where(eq(users.id, user.id))).toEqual([]);
  });
});

describe('public forms', () => {
  it('sends the contact form and joins the waitlist', { timeout: 60_000 }, async () => {
    const email = uniqueEmail('e2e-contact');
    const { page, errors } = await open('/contact');
    await page.getByLabel('Your name').fill('Carla Contact');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Subject (optional)').fill('Team plans');
    await page.getByLabel('Message').fill('Do you offer invoices for teams?');
    await page.getByRole('button', { name: 'Send message' }).click();
    await eventually(() => page.getByRole('status').textContent()).toContain('your message was sent');
    const [message] = await testDb().select().from(contactMessages).where(eq(contactMessages.email, email));
    expect(message).toMatchObject({ name: 'Carla Contact', subject: 'Team plans', message: 'Do you offer invoices for teams?' });

    await page.getByRole('contentinfo').getByRole('link', { name: 'Waitlist' }).click();
    const listed = uniqueEmail('e2e-waitlist');
    await page.getByLabel('Email').fill(listed);
    await page.getByRole('button', { name: 'Join the waitlist' }).click();
    await eventually(() => page.getByRole('status').textContent()).toBe(`You are on the list as ${listed}.`);
    expect(await testDb().select().from(waitlist).where(eq(waitlist.email, listed))).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
