// Starts buying a credit pack: a pending payment row, then a Stripe Checkout Session that carries
// the row's id. The row is written first so every session Stripe knows has a row to credit; the
// Stripe call runs outside any transaction (a database transaction never waits on the network).
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { payments, type User } from '../../db/schema';
import { apiError } from '../errors';
import { log } from '../lib/log';
import type { CreditPack } from '../lib/packs';
import type { Stripe } from '../lib/stripe';

export interface CheckoutStarterProps {
  /** The buyer, who becomes the session's client reference. */
  user: Pick<User, 'id' | 'email'>;
  /** The pack as configured now; its credits and price are copied onto the payment. */
  pack: CreditPack;
  stripe: Stripe;
  /** The web origin Stripe sends the browser back to. */
  appOrigin: string;
}

export interface CheckoutStarted {
  paymentId: string;
  url: string;
}

/** Creates the pending payment and its Checkout Session; a provider failure marks the payment failed and answers 502. */
export default async function checkoutStarter(db: Db, props: CheckoutStarterProps): Promise<CheckoutStarted> {
  const { user, pack } = props;
  const [payment] = await db
    .insert(payments)
    .values({
      userId: user.id,
      userEmail: user.email,
      provider: 'stripe',
      pack: pack.id,
      credits: pack.credits,
      amountCents: pack.amountCents,
      currency: pack.currency,
      status: 'pending',
    })
    .returning({ id: payments.id });
  const paymentId = payment!.id;
  const metadata = { userId: user.id, pack: pack.id, paymentId };

  let session: Stripe.Checkout.Session;
  try {
    session = await props.stripe.checkout.sessions.create(
      {
        mode: 'payment',
        client_reference_id: user.id,
        customer_email: user.email,
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: pack.currency,
              unit_amount: pack.amountCents,
              product_data: { name: `Seydam: ${pack.name}`, description: `${pack.credits} credits for writing reports. Credits never expire.` },
            },
          },
        ],
        metadata,
        // Copied onto the PaymentIntent and its charge, so a refund event names the payment too.
        payment_intent_data: { metadata },
        success_url: `${props.appOrigin}/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${props.appOrigin}/billing?checkout=cancelled`,
      },
      { idempotencyKey: `checkout:${paymentId}` },
    );
  } catch (err) {
    await db.update(payments).set({ status: 'failed', updatedAt: new Date() }).where(eq(payments.id, paymentId));
    log('error', 'stripe checkout session failed', { paymentId, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) });
    throw apiError(502, 'payment_provider_error', 'The payment provider could not start a checkout. Try again in a moment.');
  }
  if (!session.url) {
    await db.update(payments).set({ status: 'failed', updatedAt: new Date() }).where(eq(payments.id, paymentId));
    log('error', 'stripe checkout session without url', { paymentId, sessionId: session.id });
    throw apiError(502, 'payment_provider_error', 'The payment provider did not return a checkout page. Try again in a moment.');
  }
  await db.update(payments).set({ checkoutSessionId: session.id, updatedAt: new Date() }).where(eq(payments.id, paymentId));
  return { paymentId, url: session.url };
}
