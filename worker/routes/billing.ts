// /api/billing: the price list, buying a credit pack through Stripe Checkout, Stripe's webhook, and
// the caller's payments, ledger and balance.
import { and, desc, eq, getTableColumns, lt, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import { checkoutSchema, ledgerQuery, pageQuery } from '../../core/api/billing';
import { creditLedger, payments } from '../../db/schema';
import checkoutStarter from '../commands/checkoutStarter';
import stripeEventHandler from '../commands/stripeEventHandler';
import type { AppEnv } from '../env';
import { validationError } from '../errors';
import { creditSummary, REPORT_CREDIT_COST } from '../lib/credits';
import { primaryAppOrigin } from '../lib/origins';
import { creditPacks, findPack } from '../lib/packs';
import { olderThan, pageOf } from '../lib/pagination';
import { creditsRefundedColumn } from '../lib/payment-state';
import { enforce } from '../lib/rate-limit';
import { paymentsConfigured, stripeClient, verifyWebhook } from '../lib/stripe';
import { requireUser } from '../middleware/authenticate';
import { validate } from '../middleware/validate';
import {
  presentBalance,
  presentCheckout,
  presentLedgerEntry,
  presentPayment,
  presentPricing,
  presentWebhookReceipt,
} from '../presenters/billing';

/** Checkouts one user may start per hour: plenty for a person, too few to flood Stripe. */
export const CHECKOUT_LIMIT = { max: 20, windowSeconds: 3600 } as const;

export const billing = new Hono<AppEnv>()
  .get('/packs', (c) => c.json({ data: presentPricing(creditPacks(c.env), REPORT_CREDIT_COST, paymentsConfigured(c.env)) }))

  .post('/checkout', requireUser, validate('json', checkoutSchema), async (c) => {
    const db = c.get('db');
    const user = c.get('user');
    const packId = c.req.valid('json').pack;
    const pack = findPack(c.env, packId);
    if (!pack) throw validationError('pack', `Unknown pack; choose one of ${creditPacks(c.env).map((p) => p.id).join(', ')}`);
    const stripe = stripeClient(c.env);
    await enforce(db, { key: `checkout:${user.id}`, ...CHECKOUT_LIMIT });
    const started = await checkoutStarter(db, { user, pack, stripe, appOrigin: primaryAppOrigin(c.env.APP_ORIGIN) });
    return c.json({ data: presentCheckout(started) }, 201);
  })

  // Stripe calls this; the signature over the raw body is the only authentication.
  .post('/webhook', async (c) => {
    const event = await verifyWebhook(c.env, await c.req.text(), c.req.header('stripe-signature'));
    const result = await stripeEventHandler(c.get('db'), { event });
    return c.json({ data: presentWebhookReceipt(result.kind === 'duplicate') });
  })

  .get('/payments', requireUser, validate('query', pageQuery), async (c) => {
    const { limit, before } = c.req.valid('query');
    const where: SQL[] = [eq(payments.userId, c.get('user').id)];
    if (before) where.push(olderThan(payments, before));
    const rows = await c
      .get('db')
      .select({ ...getTableColumns(payments), creditsRefunded: creditsRefundedColumn })
      .from(payments)
      .where(and(...where))
      .orderBy(desc(payments.createdAt), desc(payments.id))
      .limit(limit + 1);
    const page = pageOf(rows, limit, (r) => r.id);
    return c.json({ data: page.rows.map(presentPayment), nextCursor: page.nextCursor });
  })

  .get('/ledger', requireUser, validate('query', ledgerQuery), async (c) => {
    const { limit, before } = c.req.valid('query');
    const where: SQL[] = [eq(creditLedger.userId, c.get('user').id)];
    if (before) where.push(lt(creditLedger.id, Number(before)));
    const rows = await c
      .get('db')
      .select()
      .from(creditLedger)
      .where(and(...where))
      .orderBy(desc(creditLedger.id))
      .limit(limit + 1);
    const page = pageOf(rows, limit, (r) => String(r.id));
    return c.json({ data: page.rows.map(presentLedgerEntry), nextCursor: page.nextCursor });
  })

  .get('/balance', requireUser, async (c) => {
    const credits = await creditSummary(c.get('db'), c.get('user').id);
    return c.json({ data: presentBalance(credits, REPORT_CREDIT_COST) });
  });
