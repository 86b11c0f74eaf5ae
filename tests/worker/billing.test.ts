// Buying credits end to end: a second worker configured for Stripe and pointed at the fake Stripe
// API, the real SDK on both sides, and webhooks signed with the SDK's test header helper.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CheckoutDto, LedgerEntryDto, PaymentDto, PricingDto } from '../../core/api/billing';
import { creditLedger, payments, stripeEvents } from '../../db/schema';
import { startTestWorker, type RunningWorker } from '../helpers/worker';
import creditReserver from '../../worker/commands/creditReserver';
import { balanceOf } from '../../worker/lib/credits';
import { creditPacks, DEFAULT_PACKS } from '../../worker/lib/packs';
import { signPayload, startFakeStripe, stripeEvent, type FakeStripe } from '../fakes/stripe';
import { buildReport, buildUser, type BuiltUser } from '../factories';
import { api, fetchWorker } from '../helpers/api';
import { testDb } from '../helpers/db';
import { TEST_WORKER_VARS } from '../setup/vars';

const SECRET_KEY = `sk_test_${randomBytes(12).toString('hex')}`;
const WEBHOOK_SECRET = `whsec_${randomBytes(16).toString('hex')}`;
const APP = 'http://localhost:5173';
// The Stripe worker sells the default packs plus a small one, through CREDIT_PACKS.
const PACKS = [...DEFAULT_PACKS, { id: 'tiny', credits: 3, amountCents: 150, currency: 'eur' }];

let fake: FakeStripe;
let worker: RunningWorker;
let persistTo: string;

beforeAll(async () => {
  fake = await startFakeStripe({ secretKey: SECRET_KEY });
  persistTo = mkdtempSync(join(tmpdir(), 'seydam-wrangler-billing-'));
  worker = await startTestWorker({
    persistTo,
    vars: {
      ...TEST_WORKER_VARS,
      APP_ORIGIN: `${APP},http://127.0.0.1:5173`,
      DATABASE_URL: inject('databaseUrl'),
      DB_WS_PROXY: inject('dbWsProxy'),
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: fake.url,
      CREDIT_PACKS: JSON.stringify(PACKS),
    },
  });
});

afterAll(async () => {
  await worker?.stop();
  await fake?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

/** fetch() against the Stripe-configured worker. */
function call(path: string, opts: { method?: string; json?: unknown; cookie?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = {};
  if (opts.json !== undefined) headers['content-type'] = 'application/json';
  if (opts.cookie) headers.cookie = `seydam_session=${opts.cookie}`;
  return fetchWorker(`${worker.url}${path}`, {
    method: opts.method ?? (opts.json !== undefined ? 'POST' : 'GET'),
    headers,
    body: opts.json !== undefined ? JSON.stringify(opts.json) : null,
  });
}

/** Posts an event to the webhook as Stripe would: the JSON body and its Stripe-Signature. */
async function deliver(
  event: object,
  opts: { secret?: string; timestamp?: number; body?: string; signature?: string | null } = {},
): Promise<Response> {
  const payload = JSON.stringify(event);
  const signature = opts.signature === undefined ? await signPayload(payload, opts.secret ?? WEBHOOK_SECRET, opts.timestamp) : opts.signature;
  return fetchWorker(`${worker.url}/api/billing/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...(signature === null ? {} : { 'stripe-signature': signature }) },
    body: opts.body ?? payload,
  });
}

/** Delivers and expects Stripe's 2xx; returns whether the worker saw it as a duplicate. */
async function deliverOk(event: object): Promise<boolean> {
  const res = await deliver(event);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: { received: boolean; duplicate: boolean } };
  expect(body.data.received).toBe(true);
  return body.data.duplicate;
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; field?: string; details?: Record<string, unknown> } }).error;
}

async function paymentRow(id: string) {
  const [row] = await testDb().select().from(payments).where(eq(payments.id, id));
  return row!;
}

async function ledgerOf(userId: string) {
  return testDb().select().from(creditLedger).where(eq(creditLedger.userId, userId)).orderBy(asc(creditLedger.id));
}

async function eventRecorded(id: string): Promise<boolean> {
  const rows = await testDb().select().from(stripeEvents).where(eq(stripeEvents.id, id));
  return rows.length === 1;
}

interface Checkout {
  paymentId: string;
  sessionId: string;
  url: string;
}

/** Starts a checkout for `pack` through the API. */
async function startCheckout(user: BuiltUser, pack = 'credits_25'): Promise<Checkout> {
  const res = await call('/api/billing/checkout', { cookie: user.session, json: { pack } });
  expect(res.status).toBe(201);
  const { data } = (await res.json()) as { data: CheckoutDto };
  const row = await paymentRow(data.paymentId);
  return { paymentId: data.paymentId, sessionId: row.checkoutSessionId!, url: data.url };
}

/** Checkout, then the buyer pays and Stripe reports it. */
async function buy(user: BuiltUser, pack = 'credits_25'): Promise<Checkout> {
  const checkout = await startCheckout(user, pack);
  expect(await deliverOk(stripeEvent('checkout.session.completed', fake.complete(checkout.sessionId)))).toBe(false);
  return checkout;
}

describe('GET /api/billing/packs', () => {
  it('lists the default packs with their price and the report cost, to anyone', async () => {
    const res = await api('/api/billing/packs');
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: PricingDto };
    expect(data).toEqual({
      reportCost: 5,
      // The main test worker has no Stripe keys.
      paymentsEnabled: false,
      packs: [
        { id: 'credits_10', name: '10 credits', credits: 10, amountCents: 500, currency: 'usd', reports: 2 },
        { id: 'credits_25', name: '25 credits', credits: 25, amountCents: 1125, currency: 'usd', reports: 5 },
        { id: 'credits_50', name: '50 credits', credits: 50, amountCents: 2000, currency: 'usd', reports: 10 },
        { id: 'credits_100', name: '100 credits', credits: 100, amountCents: 3500, currency: 'usd', reports: 20 },
      ],
    });
    // The volume discount: each larger pack costs less per credit.
    const perCredit = data.packs.map((p) => p.amountCents / p.credits);
    expect(perCredit).toEqual([...perCredit].sort((a, b) => b - a));
    expect(new Set(perCredit).size).toBe(4);
  });

  it('answers the packs from CREDIT_PACKS when it is set', async () => {
    const res = await call('/api/billing/packs');
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: PricingDto };
    expect(data.paymentsEnabled).toBe(true);
    expect(data.packs.map((p) => p.id)).toEqual(['credits_10', 'credits_25', 'credits_50', 'credits_100', 'tiny']);
    expect(data.packs.at(-1)).toEqual({ id: 'tiny', name: '3 credits', credits: 3, amountCents: 150, currency: 'eur', reports: 0 });
  });

  it('refuses a malformed CREDIT_PACKS instead of selling at a price nobody chose', () => {
    expect(() => creditPacks({ CREDIT_PACKS: 'not json' })).toThrow(/not valid JSON/);
    expect(() => creditPacks({ CREDIT_PACKS: '[{"id":"a","credits":0,"amountCents":100}]' })).toThrow(/credits/);
    expect(() => creditPacks({ CREDIT_PACKS: '[{"id":"a","credits":1,"amountCents":100},{"id":"a","credits":2,"amountCents":200}]' })).toThrow(/unique/);
    expect(creditPacks({ CREDIT_PACKS: '' })).toBe(DEFAULT_PACKS);
  });
});

describe('POST /api/billing/checkout', () => {
  it('creates a Stripe Checkout Session for the pack and a pending payment', async () => {
    const me = await buildUser();
    const before = fake.requests.length;
    const res = await call('/api/billing/checkout', { cookie: me.session, json: { pack: 'credits_25' } });
    expect(res.status).toBe(201);
    const { data } = (await res.json()) as { data: CheckoutDto };
    expect(Object.keys(data).sort()).toEqual(['paymentId', 'url']);

    const sent = fake.requests.slice(before);
    expect(sent).toHaveLength(1);
    const request = sent[0]!;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions', authorization: `Bearer ${SECRET_KEY}`, status: 200 });
    expect(request.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request.idempotencyKey).toBe(`checkout:${data.paymentId}`);
    const metadata = { userId: me.id, pack: 'credits_25', paymentId: data.paymentId };
    expect(request.body).toEqual({
      mode: 'payment',
      client_reference_id: me.id,
      customer_email: me.email,
      line_items: [
        {
          quantity: '1',
          price_data: { currency: 'usd', unit_amount: '1125', product_data: { name: 'Seydam: 25 credits', description: expect.stringContaining('25 credits') } },
        },
      ],
      metadata,
      payment_intent_data: { metadata },
      success_url: `${APP}/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${APP}/billing?checkout=cancelled`,
    });

    const session = [...fake.sessions.values()].find((s) => s.metadata.paymentId === data.paymentId)!;
    expect(data.url).toBe(session.url);
    expect(session.amount_total).toBe(1125);
    const row = await paymentRow(data.paymentId);
    expect(row).toMatchObject({
      userId: me.id,
      userEmail: me.email,
      provider: 'stripe',
      checkoutSessionId: session.id,
      paymentIntentId: null,
      pack: 'credits_25',
      credits: 25,
      amountCents: 1125,
      currency: 'usd',
      status: 'pending',
    });
    // Nothing is credited before Stripe says the money arrived.
    expect(await balanceOf(testDb(), me.id)).toBe(0);
  });

  it('charges the configured pack in its own currency', async () => {
    const me = await buildUser();
    const { paymentId } = await startCheckout(me, 'tiny');
    expect(await paymentRow(paymentId)).toMatchObject({ pack: 'tiny', credits: 3, amountCents: 150, currency: 'eur' });
  });

  it('answers 401 without a session, and calls nobody', async () => {
    const before = fake.requests.length;
    const res = await call('/api/billing/checkout', { json: { pack: 'credits_10' } });
    expect(res.status).toBe(401);
    expect(fake.requests.length).toBe(before);
  });

  it.each([
    ['missing', {}, 'pack: Required'],
    ['not a string', { pack: 10 }, 'pack:'],
    ['unknown', { pack: 'credits_1000' }, 'pack: Unknown pack'],
  ])('answers 400 naming pack when it is %s, and writes nothing', async (_, json, message) => {
    const me = await buildUser();
    const before = fake.requests.length;
    const res = await call('/api/billing/checkout', { cookie: me.session, json });
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error).toMatchObject({ code: 'validation_error', field: 'pack' });
    expect(error.message).toContain(message);
    expect(await testDb().select().from(payments).where(eq(payments.userId, me.id))).toEqual([]);
    expect(fake.requests.length).toBe(before);
  });

  it('answers 503 payments_not_configured on a server without Stripe keys', async () => {
    const me = await buildUser();
    const res = await api('/api/billing/checkout', { cookie: me.session, json: { pack: 'credits_10' } });
    expect(res.status).toBe(503);
    const error = await errorOf(res);
    expect(error.code).toBe('payments_not_configured');
    expect(error.message).toMatch(/STRIPE_SECRET_KEY/);
    expect(await testDb().select().from(payments).where(eq(payments.userId, me.id))).toEqual([]);
  });

  it('answers 502 and marks the payment failed when Stripe fails', async () => {
    const me = await buildUser();
    // The SDK retries a 500 twice (with the same idempotency key) before giving up.
    fake.failNext(500, 3);
    const res = await call('/api/billing/checkout', { cookie: me.session, json: { pack: 'credits_10' } });
    expect(res.status).toBe(502);
    expect((await errorOf(res)).code).toBe('payment_provider_error');
    const rows = await testDb().select().from(payments).where(eq(payments.userId, me.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'failed', checkoutSessionId: null });
    const attempts = fake.requests.filter((r) => r.idempotencyKey === `checkout:${rows[0]!.id}`);
    expect(attempts.map((r) => r.status)).toEqual([500, 500, 500]);
  });

  it('limits how many checkouts one user starts in an hour', async () => {
    const me = await buildUser();
    for (let i = 0; i < 20; i++) {
      const res = await call('/api/billing/checkout', { cookie: me.session, json: { pack: 'credits_10' } });
      expect(res.status).toBe(201);
    }
    const res = await call('/api/billing/checkout', { cookie: me.session, json: { pack: 'credits_10' } });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await testDb().select().from(payments).where(eq(payments.userId, me.id))).toHaveLength(20);
  });
});

describe('POST /api/billing/webhook', () => {
  it('credits the pack once Stripe reports the session paid', async () => {
    const me = await buildUser();
    const checkout = await startCheckout(me, 'credits_25');
    const paid = fake.complete(checkout.sessionId);
    const event = stripeEvent('checkout.session.completed', paid);
    expect(await deliverOk(event)).toBe(false);

    expect(await balanceOf(testDb(), me.id)).toBe(25);
    expect(await paymentRow(checkout.paymentId)).toMatchObject({ status: 'paid', paymentIntentId: paid.payment_intent });
    const ledger = await ledgerOf(me.id);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ delta: 25, reason: 'purchase', idempotencyKey: `purchase:${checkout.paymentId}`, paymentId: checkout.paymentId });
    expect(await eventRecorded(event.id)).toBe(true);

    // The user sees it in their balance and on the dashboard.
    const balance = await call('/api/billing/balance', { cookie: me.session });
    expect((await balance.json()) as unknown).toEqual({ data: { balance: 25, total: 25, used: 0, reportCost: 5, reportsAvailable: 5 } });
    const dashboard = await call('/api/dashboard', { cookie: me.session });
    expect(((await dashboard.json()) as { data: { credits: unknown } }).data.credits).toEqual({ balance: 25, total: 25, used: 0 });
  });

  it('credits once when the same event is delivered ten times in a row', async () => {
    const me = await buildUser();
    const checkout = await startCheckout(me, 'credits_10');
    const event = stripeEvent('checkout.session.completed', fake.complete(checkout.sessionId));
    const duplicates: boolean[] = [];
    for (let i = 0; i < 10; i++) duplicates.push(await deliverOk(event));
    expect(duplicates).toEqual([false, ...Array(9).fill(true)]);
    expect(await balanceOf(testDb(), me.id)).toBe(10);
    expect(await ledgerOf(me.id)).toHaveLength(1);
  });

  it('credits once when the same event arrives ten times at the same moment', async () => {
    const me = await buildUser();
    const checkout = await startCheckout(me, 'credits_50');
    const event = stripeEvent('checkout.session.completed', fake.complete(checkout.sessionId));
    const duplicates = await Promise.all(Array.from({ length: 10 }, () => deliverOk(event)));
    expect(duplicates.filter((d) => !d)).toHaveLength(1);
    expect(await balanceOf(testDb(), me.id)).toBe(50);
    expect(await ledgerOf(me.id)).toHaveLength(1);
    expect(await paymentRow(checkout.paymentId)).toMatchObject({ status: 'paid' });
  });

  it('credits once when two different events report the same payment at once', async () => {
    const me = await buildUser();
    const checkout = await startCheckout(me, 'credits_10');
    const paid = fake.complete(checkout.sessionId);
    const events = [
      stripeEvent('checkout.session.completed', paid),
      stripeEvent('checkout.session.async_payment_succeeded', paid),
      stripeEvent('checkout.session.completed', paid),
    ];
    const duplicates = await Promise.all(events.map((e) => deliverOk(e)));
    expect(duplicates).toEqual([false, false, false]);
    expect(await balanceOf(testDb(), me.id)).toBe(10);
    expect((await ledgerOf(me.id)).map((e) => e.reason)).toEqual(['purchase']);
  });

  describe('refuses an event it cannot trust with 400, and changes nothing', () => {
    async function expectNothingChanged(user: BuiltUser, checkout: Checkout, eventId: string) {
      expect(await balanceOf(testDb(), user.id)).toBe(0);
      expect(await paymentRow(checkout.paymentId)).toMatchObject({ status: 'pending' });
      expect(await eventRecorded(eventId)).toBe(false);
    }

    it('a tampered body', async () => {
      const me = await buildUser();
      const checkout = await startCheckout(me, 'credits_10');
      const event = stripeEvent('checkout.session.completed', fake.complete(checkout.sessionId, 'unpaid'));
      const signature = await signPayload(JSON.stringify(event), WEBHOOK_SECRET);
      const forged = JSON.stringify({ ...event, data: { object: { ...event.data.object, payment_status: 'paid' } } });
      const res = await deliver(event, { signature, body: forged });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('invalid_signature');
      await expectNothingChanged(me, checkout, event.id);
    });

    it('a signature made with another secret', async () => {
      const me = await buildUser();
      const checkout = await startCheckout(me, 'credits_10');
      const event = stripeEvent('checkout.session.completed', fake.complete(checkout.sessionId));
      const res = await deliver(event, { secret: `whsec_${randomBytes(16).toString('hex')}` });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('invalid_signature');
      await expectNothingChanged(me, checkout, event.id);
    });

    it('a stale timestamp (older than the SDK’s 300 s tolerance), then the fresh delivery still counts', async () => {
      const me = await buildUser();
      const checkout = await startCheckout(me, 'credits_10');
      const event = stripeEvent('checkout.session.completed', fake.complete(checkout.sessionId));
      const res = await deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 301 });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('invalid_signature');
      await expectNothingChanged(me, checkout, event.id);
      // The refused delivery did not use up the event id.
      expect(await deliverOk(event)).toBe(false);
      expect(await balanceOf(testDb(), me.id)).toBe(10);
    });

    it('a missing or malformed Stripe-Signature header', async () => {
      const me = await buildUser();
      const checkout = await startCheckout(me, 'credits_10');
      const event = stripeEvent('checkout.session.completed', fake.complete(checkout.sessionId));
      for (const signature of [null, '', 'garbage', 't=123']) {
        const res = await deliver(event, { signature });
        expect(res.status).toBe(400);
        expect((await errorOf(res)).code).toBe('invalid_signature');
      }
      await expectNothingChanged(me, checkout, event.id);
    });

    it('a correctly signed body that is not an event', async () => {
      const body = 'this is not json';
      const res = await deliver({}, { body, signature: await signPayload(body, WEBHOOK_SECRET) });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('invalid_payload');
    });
  });

  it('waits for an async payment: completed but unpaid grants nothing, then success grants', async () => {
    const me = await buildUser();
    const checkout = await startCheckout(me, 'credits_25');
    await deliverOk(stripeEvent('checkout.session.completed', fake.complete(checkout.sessionId, 'unpaid')));
    expect(await balanceOf(testDb(), me.id)).toBe(0);
    const pending = await paymentRow(checkout.paymentId);
    expect(pending.status).toBe('pending');
    expect(pending.paymentIntentId).toMatch(/^pi_test_/);

    await deliverOk(stripeEvent('checkout.session.async_payment_succeeded', fake.settleAsync(checkout.sessionId, true)));
    expect(await balanceOf(testDb(), me.id)).toBe(25);
    expect((await paymentRow(checkout.paymentId)).status).toBe('paid');
  });

  it('grants nothing when the async payment fails', async () => {
    const me = await buildUser();
    const checkout = await startCheckout(me, 'credits_25');
    await deliverOk(stripeEvent('checkout.session.completed', fake.complete(checkout.sessionId, 'unpaid')));
    await deliverOk(stripeEvent('checkout.session.async_payment_failed', fake.settleAsync(checkout.sessionId, false)));
    expect(await balanceOf(testDb(), me.id)).toBe(0);
    expect(await ledgerOf(me.id)).toEqual([]);
    expect((await paymentRow(checkout.paymentId)).status).toBe('failed');
  });

  it('marks an abandoned checkout expired, without credits', async () => {
    const me = await buildUser();
    const checkout = await startCheckout(me, 'credits_10');
    await deliverOk(stripeEvent('checkout.session.expired', fake.expire(checkout.sessionId)));
    expect((await paymentRow(checkout.paymentId)).status).toBe('expired');
    expect(await balanceOf(testDb(), me.id)).toBe(0);
  });

  describe('ends in the right state whatever order the events arrive in', () => {
    it('async success before the (unpaid) completed event: paid, credited once', async () => {
      const me = await buildUser();
      const checkout = await startCheckout(me, 'credits_10');
      const unpaid = fake.complete(checkout.sessionId, 'unpaid');
      const succeeded = fake.settleAsync(checkout.sessionId, true);
      await deliverOk(stripeEvent('checkout.session.async_payment_succeeded', succeeded));
      await deliverOk(stripeEvent('checkout.session.completed', unpaid));
      expect((await paymentRow(checkout.paymentId)).status).toBe('paid');
      expect(await balanceOf(testDb(), me.id)).toBe(10);
    });

    it('a failure or an expiry reported after the payment succeeded takes nothing back', async () => {
      const me = await buildUser();
      const checkout = await buy(me, 'credits_10');
      await deliverOk(stripeEvent('checkout.session.async_payment_failed', fake.settleAsync(checkout.sessionId, false)));
      await deliverOk(stripeEvent('checkout.session.expired', fake.expire(checkout.sessionId)));
      expect((await paymentRow(checkout.paymentId)).status).toBe('paid');
      expect(await balanceOf(testDb(), me.id)).toBe(10);
    });

    it('a success reported after a failure still credits: the money arrived', async () => {
      const me = await buildUser();
      const checkout = await startCheckout(me, 'credits_10');
      await deliverOk(stripeEvent('checkout.session.async_payment_failed', fake.settleAsync(checkout.sessionId, false)));
      await deliverOk(stripeEvent('checkout.session.async_payment_succeeded', fake.settleAsync(checkout.sessionId, true)));
      expect((await paymentRow(checkout.paymentId)).status).toBe('paid');
      expect(await balanceOf(testDb(), me.id)).toBe(10);
    });

    it('a refund before the completed event: refunded, with net 0 credits', async () => {
      const me = await buildUser();
      const checkout = await startCheckout(me, 'credits_25');
      const paid = fake.complete(checkout.sessionId);
      await deliverOk(stripeEvent('charge.refunded', fake.refundedCharge(checkout.sessionId, 1125)));
      await deliverOk(stripeEvent('checkout.session.completed', paid));
      expect((await paymentRow(checkout.paymentId)).status).toBe('refunded');
      expect(await balanceOf(testDb(), me.id)).toBe(0);
      expect((await ledgerOf(me.id)).map((e) => [e.reason, e.delta])).toEqual([
        ['purchase', 25],
        ['refund', -25],
      ]);
    });
  });

  describe('charge.refunded', () => {
    it('takes the credits back out', async () => {
      const me = await buildUser();
      const checkout = await buy(me, 'credits_25');
      expect(await balanceOf(testDb(), me.id)).toBe(25);
      await deliverOk(stripeEvent('charge.refunded', fake.refundedCharge(checkout.sessionId, 1125)));
      expect(await balanceOf(testDb(), me.id)).toBe(0);
      expect((await paymentRow(checkout.paymentId)).status).toBe('refunded');
      const refund = (await ledgerOf(me.id)).find((e) => e.reason === 'refund');
      expect(refund).toMatchObject({ delta: -25, paymentId: checkout.paymentId, idempotencyKey: `refund:${checkout.paymentId}:25` });
    });

    it('takes back a partial refund’s share, rounded down, and the rest when it is refunded in full', async () => {
      const me = await buildUser();
      const checkout = await buy(me, 'credits_25');
      // $5.00 of $11.25 is 44.4% of 25 credits: 11 credits.
      const partial = stripeEvent('charge.refunded', fake.refundedCharge(checkout.sessionId, 500));
      await deliverOk(partial);
      expect(await balanceOf(testDb(), me.id)).toBe(14);
      expect((await paymentRow(checkout.paymentId)).status).toBe('paid');

      await deliverOk(stripeEvent('charge.refunded', fake.refundedCharge(checkout.sessionId, 1125)));
      expect(await balanceOf(testDb(), me.id)).toBe(0);
      expect((await paymentRow(checkout.paymentId)).status).toBe('refunded');

      // A late copy of the partial refund (a different event, the same cumulative amount) takes nothing more.
      await deliverOk(stripeEvent('charge.refunded', fake.refundedCharge(checkout.sessionId, 500)));
      expect(await balanceOf(testDb(), me.id)).toBe(0);
      expect((await ledgerOf(me.id)).map((e) => e.delta)).toEqual([25, -11, -14]);

      const res = await call('/api/billing/payments', { cookie: me.session });
      const { data } = (await res.json()) as { data: PaymentDto[] };
      expect(data[0]).toMatchObject({ id: checkout.paymentId, status: 'refunded', creditsRefunded: 25 });
    });

    it('leaves the balance negative when the credits were already spent, and new reports are refused until a top-up', async () => {
      const me = await buildUser();
      const checkout = await buy(me, 'credits_10');
      const report = await buildReport(me.id);
      await creditReserver(testDb(), { userId: me.id, reportId: report.id, jobId: crypto.randomUUID(), amount: 10 });
      expect(await balanceOf(testDb(), me.id)).toBe(0);

      await deliverOk(stripeEvent('charge.refunded', fake.refundedCharge(checkout.sessionId, 500)));
      expect(await balanceOf(testDb(), me.id)).toBe(-10);
      const balance = await call('/api/billing/balance', { cookie: me.session });
      expect(((await balance.json()) as { data: { balance: number; reportsAvailable: number } }).data).toMatchObject({ balance: -10, reportsAvailable: 0 });
      await expect(creditReserver(testDb(), { userId: me.id, reportId: report.id, jobId: crypto.randomUUID(), amount: 5 })).rejects.toMatchObject({
        status: 402,
      });

      // A new purchase pays the debt first.
      await buy(me, 'credits_25');
      expect(await balanceOf(testDb(), me.id)).toBe(15);
    });
  });

  it('acknowledges events it does not handle, or for sessions that are not ours, and changes nothing', async () => {
    const me = await buildUser();
    const other = stripeEvent('customer.created', { id: 'cus_test_1', object: 'customer' });
    expect(await deliverOk(other)).toBe(false);
    expect(await eventRecorded(other.id)).toBe(true);

    const foreign = stripeEvent('checkout.session.completed', {
      id: 'cs_test_not_ours',
      object: 'checkout.session',
      mode: 'payment',
      payment_status: 'paid',
      status: 'complete',
      metadata: {},
      payment_intent: 'pi_test_not_ours',
    });
    expect(await deliverOk(foreign)).toBe(false);
    // Metadata naming someone's payment, on a session that is not that payment's, settles nothing.
    const checkout = await startCheckout(me, 'credits_10');
    const misdirected = stripeEvent('checkout.session.completed', {
      ...fake.complete(checkout.sessionId),
      id: 'cs_test_other_session',
    });
    expect(await deliverOk(misdirected)).toBe(false);
    expect(await balanceOf(testDb(), me.id)).toBe(0);
    expect((await paymentRow(checkout.paymentId)).status).toBe('pending');
  });

  it('answers 503 on a server without Stripe keys, so Stripe retries once it is configured', async () => {
    const event = stripeEvent('customer.created', { id: 'cus_test_2', object: 'customer' });
    const payload = JSON.stringify(event);
    const res = await api('/api/billing/webhook', { body: payload, headers: { 'stripe-signature': await signPayload(payload, WEBHOOK_SECRET) } });
    expect(res.status).toBe(503);
    expect((await errorOf(res)).code).toBe('payments_not_configured');
    expect(await eventRecorded(event.id)).toBe(false);
  });
});

describe('GET /api/billing/payments', () => {
  it('lists my payments, newest first, and never anyone else’s', async () => {
    const me = await buildUser();
    const other = await buildUser();
    const first = await buy(me, 'credits_10');
    const second = await startCheckout(me, 'credits_50');
    await startCheckout(other, 'credits_100');
    const res = await call('/api/billing/payments', { cookie: me.session });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: PaymentDto[]; nextCursor: string | null };
    expect(body.nextCursor).toBeNull();
    expect(body.data.map((p) => p.id)).toEqual([second.paymentId, first.paymentId]);
    expect(body.data[1]).toEqual({
      id: first.paymentId,
      pack: 'credits_10',
      credits: 10,
      amountCents: 500,
      currency: 'usd',
      status: 'paid',
      creditsRefunded: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(body.data[0]!.status).toBe('pending');
  });

  it('pages with limit and before', async () => {
    const me = await buildUser();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.unshift((await startCheckout(me, 'credits_10')).paymentId);
    const page1 = (await (await call('/api/billing/payments?limit=2', { cookie: me.session })).json()) as { data: PaymentDto[]; nextCursor: string };
    expect(page1.data.map((p) => p.id)).toEqual(ids.slice(0, 2));
    expect(page1.nextCursor).toBe(ids[1]);
    const page2 = (await (await call(`/api/billing/payments?limit=2&before=${page1.nextCursor}`, { cookie: me.session })).json()) as {
      data: PaymentDto[];
      nextCursor: string | null;
    };
    expect(page2.data.map((p) => p.id)).toEqual(ids.slice(2));
    expect(page2.nextCursor).toBeNull();
  });

  it('answers 401 without a session and 400 naming a bad limit or cursor', async () => {
    expect((await call('/api/billing/payments')).status).toBe(401);
    const me = await buildUser();
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=101', 'limit'],
      ['before=nope', 'before'],
    ]) {
      const res = await call(`/api/billing/payments?${query}`, { cookie: me.session });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe(field);
    }
  });
});

describe('GET /api/billing/ledger', () => {
  it('lists my entries newest first, page by page', async () => {
    const me = await buildUser({ credits: 5 });
    const other = await buildUser({ credits: 7 });
    const checkout = await buy(me, 'credits_10');
    const report = await buildReport(me.id);
    for (let i = 0; i < 3; i++) await creditReserver(testDb(), { userId: me.id, reportId: report.id, jobId: crypto.randomUUID(), amount: 1 });

    const seen: LedgerEntryDto[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&before=${cursor}` : '?limit=2';
      const res = await call(`/api/billing/ledger${query}`, { cookie: me.session });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { data: LedgerEntryDto[]; nextCursor: string | null };
      expect(body.data.length).toBeLessThanOrEqual(2);
      seen.push(...body.data);
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.map((e) => [e.reason, e.delta])).toEqual([
      ['report_reserve', -1],
      ['report_reserve', -1],
      ['report_reserve', -1],
      ['purchase', 10],
      ['staff_grant', 5],
    ]);
    expect(seen[3]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      delta: 10,
      reason: 'purchase',
      note: 'Bought 10 credits',
      paymentId: checkout.paymentId,
      reportId: null,
      createdAt: expect.any(String),
    });
    expect(seen[0]!.reportId).toBe(report.id);
    // The other user's entry is not in my ledger.
    const otherEntries = await ledgerOf(other.id);
    expect(seen.map((e) => e.id)).not.toContain(String(otherEntries[0]!.id));
  });

  it('answers 401 without a session and 400 naming a bad cursor', async () => {
    expect((await call('/api/billing/ledger')).status).toBe(401);
    const me = await buildUser();
    const res = await call('/api/billing/ledger?before=abc', { cookie: me.session });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).field).toBe('before');
  });
});

describe('GET /api/billing/balance', () => {
  it('answers my balance, total and use from the ledger', async () => {
    const me = await buildUser({ credits: 5 });
    await buy(me, 'credits_10');
    const report = await buildReport(me.id);
    await creditReserver(testDb(), { userId: me.id, reportId: report.id, jobId: crypto.randomUUID(), amount: 5 });
    const res = await call('/api/billing/balance', { cookie: me.session });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { balance: 10, total: 15, used: 5, reportCost: 5, reportsAvailable: 2 } });
    const dashboard = await call('/api/dashboard', { cookie: me.session });
    expect(((await dashboard.json()) as { data: { credits: unknown } }).data.credits).toEqual({ balance: 10, total: 15, used: 5 });
  });

  it('answers 401 without a session', async () => {
    expect((await call('/api/billing/balance')).status).toBe(401);
  });
});

describe('purchases and reservations at once', () => {
  it('never lose a ledger entry', async () => {
    const me = await buildUser({ credits: 10 });
    const report = await buildReport(me.id);
    const checkout = await startCheckout(me, 'credits_25');
    const paid = stripeEvent('checkout.session.completed', fake.complete(checkout.sessionId));
    const reserves = Array.from({ length: 8 }, () =>
      creditReserver(testDb(), { userId: me.id, reportId: report.id, jobId: crypto.randomUUID(), amount: 5 }).then(
        () => true,
        (err: { status?: number }) => {
          expect(err.status).toBe(402);
          return false;
        },
      ),
    );
    const [results] = await Promise.all([Promise.all(reserves), deliverOk(paid)]);
    const reserved = results.filter(Boolean).length;
    // At least the 10 credits held before; at most everything once the purchase landed.
    expect(reserved).toBeGreaterThanOrEqual(2);
    expect(reserved).toBeLessThanOrEqual(7);
    const ledger = await ledgerOf(me.id);
    expect(ledger.filter((e) => e.reason === 'report_reserve')).toHaveLength(reserved);
    expect(ledger.filter((e) => e.reason === 'purchase')).toHaveLength(1);
    expect(await balanceOf(testDb(), me.id)).toBe(35 - 5 * reserved);
    expect(await balanceOf(testDb(), me.id)).toBeGreaterThanOrEqual(0);
    expect(
      await testDb()
        .select()
        .from(creditLedger)
        .where(and(eq(creditLedger.userId, me.id), eq(creditLedger.reason, 'purchase'))),
    ).toHaveLength(1);
  });
});
