// Buying credits in a real browser: a worker configured for Stripe and pointed at the fake Stripe,
// the web client in front of it, the buyer sent to the (fake) hosted checkout and back, the return
// page waiting for Stripe's webhook and then showing the payment as paid; and the usage tables.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payments, tokenUsage } from '../../db/schema';
import { startTestWorker, type RunningWorker } from '../helpers/worker';
import { signPayload, startFakeStripe, stripeEvent, type FakeStripe } from '../fakes/stripe';
import { buildReport, buildUser, type BuiltUser } from '../factories';
import { testDb } from '../helpers/db';
import { sharedStackVars } from '../helpers/stack-vars';
import { eventually, launchBrowser, newContext, screenshot, signInContext, watchErrors } from './helpers/browser';
import { reserveWebPort, startWeb, type RunningWeb } from './helpers/web';
import { fetchWorker } from '../helpers/api';

const SECRET_KEY = `sk_test_${randomBytes(12).toString('hex')}`;
const WEBHOOK_SECRET = `whsec_${randomBytes(16).toString('hex')}`;

let fake: FakeStripe;
let worker: RunningWorker;
let web: RunningWeb;
let browser: Browser;
let persistTo: string;

beforeAll(async () => {
  // The web origin must be known first: the worker sends Stripe's buyers back to APP_ORIGIN.
  const port = await reserveWebPort();
  fake = await startFakeStripe({ secretKey: SECRET_KEY });
  persistTo = mkdtempSync(join(tmpdir(), 'seydam-wrangler-e2e-billing-'));
  [worker, browser] = await Promise.all([
    startTestWorker({
      persistTo,
      vars: {
        ...sharedStackVars(),
        APP_ORIGIN: `http://127.0.0.1:${port}`,
        STRIPE_SECRET_KEY: SECRET_KEY,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_API_BASE: fake.url,
      },
    }),
    launchBrowser(),
  ]);
  web = await startWeb({ apiUrl: worker.url, port });
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await worker?.stop();
  await fake?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

async function billingPageOf(user: BuiltUser): Promise<{ page: Page; errors: string[] }> {
  const context = await newContext(browser, web.url);
  await signInContext(context, web.url, user.session);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto('/billing');
  await eventually(() => page.getByTestId('balance').textContent()).toBe('0');
  return { page, errors };
}

/** Stripe's webhook for a session, signed as Stripe signs it. */
async function deliverCompleted(sessionId: string): Promise<void> {
  const payload = JSON.stringify(stripeEvent('checkout.session.completed', fake.sessions.get(sessionId)!));
  const res = await fetchWorker(`${worker.url}/api/billing/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': await signPayload(payload, WEBHOOK_SECRET) },
    body: payload,
  });
  expect(res.status).toBe(200);
}

/**
 * Delivers the webhook for `sessionId` at the worst moment for the page: a balance request the page
 * makes is answered with what the server said before the webhook, and a payments request waits until
 * the webhook is in (it delivers it itself when no balance request comes within 3 s). Resolves once
 * the webhook has been delivered.
 */
async function webhookBetweenBalanceAndPayment(page: Page, sessionId: string): Promise<void> {
  let startDelivery!: () => void;
  const deliveryAsked = new Promise<void>((resolve) => (startDelivery = resolve));
  let delivery: Promise<void> | undefined;
  let delivered = false;
  const deliverOnce = () => {
    startDelivery();
    return (delivery ??= deliverCompleted(sessionId).then(() => void (delivered = true)));
  };
  await page.route('**/api/billing/balance', async (route) => {
    if (delivered) return route.continue();
    const before = await route.fetch();
    await deliverOnce();
    await route.fulfill({ response: before });
  });
  await page.route('**/api/billing/payments?*', async (route) => {
    if (delivered) return route.continue();
    await Promise.race([deliveryAsked, new Promise((resolve) => setTimeout(resolve, 3000))]);
    await deliverOnce();
    await route.continue();
  });
  await deliveryAsked;
  await delivery;
}

describe('buying credits', () => {
  it('goes to checkout, comes back, waits for the webhook and shows the payment as paid', { timeout: 120_000 }, async () => {
    const user = await buildUser({ fullName: 'Bea Buyer' });
    const { page, errors } = await billingPageOf(user);
    await page.getByRole('button', { name: 'Buy 25 credits for $11.25' }).click();

    // The browser is on the provider's hosted page.
    await page.waitForURL(`${fake.url}/c/pay/**`);
    const sessionId = new URL(page.url()).pathname.split('/').pop()!;
    const [pending] = await testDb().select().from(payments).where(eq(payments.userId, user.id));
    expect(pending).toMatchObject({ status: 'pending', credits: 25, amountCents: 1125, checkoutSessionId: sessionId });
    await screenshot(page, 'stripe-checkout');
    await page.getByRole('button', { name: 'Pay 11.25 USD' }).click();

    // Back on our return page before Stripe's webhook: paid at Stripe, not yet confirmed here.
    await page.waitForURL(`${web.url}/billing?checkout=success&session_id=${sessionId}`);
    const result = page.getByTestId('checkout-result');
    await eventually(() => result.textContent()).toContain('waiting for its confirmation');
    await screenshot(page, 'checkout-return-pending');

    // Stripe's webhook lands in the middle of one of the page's checks: after it has read the
    // balance, before it reads the payment. The page must still end with the new balance.
    await webhookBetweenBalanceAndPayment(page, sessionId);
    await eventually(() => result.textContent()).toContain('Payment confirmed: $11.25. 25 credits added to your balance.');
    await eventually(() => page.getByTestId('balance').textContent()).toBe('25');
    const history = page.getByRole('region', { name: 'Payment history' });
    await eventually(() => history.getByRole('row').filter({ hasText: '25 credits' }).textContent()).toContain('Paid');
    await screenshot(page, 'billing-paid');
    expect(errors).toEqual([]);
  });

  it('says nothing was charged when the buyer cancels at checkout', { timeout: 120_000 }, async () => {
    const user = await buildUser({ fullName: 'Cal Cancel' });
    const { page } = await billingPageOf(user);
    await page.getByRole('button', { name: 'Buy 10 credits for $5.00' }).click();
    await page.waitForURL(`${fake.url}/c/pay/**`);
    await page.getByRole('link', { name: 'Cancel and go back' }).click();
    await page.waitForURL(`${web.url}/billing?checkout=cancelled`);
    await eventually(() => page.getByText('Checkout was cancelled. You were not charged.').count()).toBe(1);
    expect(await page.getByTestId('balance').textContent()).toBe('0');
  });
});

describe('usage', () => {
  it('shows token usage per report and per month', { timeout: 60_000 }, async () => {
    const user = await buildUser({ fullName: 'Uma Usage' });
    const report = await buildReport(user.id, { topic: 'Lichen growth rates' });
    await testDb().insert(tokenUsage).values([
      { userId: user.id, reportId: report.id, task: 'outline', model: 'm', promptTokens: 1200, completionTokens: 300, costMicroUsd: 4500 },
      { userId: user.id, reportId: report.id, task: 'section', model: 'm', promptTokens: 800, completionTokens: 2200, costMicroUsd: 12_000 },
    ]);
    const { page, errors } = await billingPageOf(user);
    const usage = page.getByRole('region', { name: 'Usage' });
    const row = usage.getByRole('row').filter({ hasText: 'Lichen growth rates' });
    await eventually(() => row.textContent()).toContain('2,000');
    expect(await row.textContent()).toContain('2,500');
    expect(await row.getByRole('link', { name: 'Lichen growth rates' }).getAttribute('href')).toBe(`/reports/${report.id}`);

    await usage.getByLabel('Month').check();
    const month = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date());
    await eventually(() => usage.getByRole('row').filter({ hasText: month }).first().textContent()).toContain('2,000');
    await screenshot(page, 'billing-usage');
    expect(errors).toEqual([]);
  });
});
