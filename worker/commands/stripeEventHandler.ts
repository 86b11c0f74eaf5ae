// Applies one verified Stripe event, exactly once. The event id is recorded first, in the same
// transaction as its effect: a redelivery (or the same event arriving twice at once, which waits on
// the first insert) finds the id taken and changes nothing, and a failure rolls back both so
// Stripe's retry applies it cleanly.
import type { DbOrTx } from '../../db/client';
import { stripeEvents } from '../../db/schema';
import { log } from '../lib/log';
import { paymentIdFrom, stripeId } from '../lib/payment-state';
import type { Stripe } from '../lib/stripe';
import paymentSettler, { type PaymentSettlerProps } from './paymentSettler';
import refundHandler from './refundHandler';

export interface StripeEventHandlerProps {
  /** An event whose signature was verified. */
  event: Stripe.Event;
}

export type StripeEventHandlerResult = { kind: 'duplicate' } | { kind: 'applied' } | { kind: 'ignored'; why: string };

const CHECKOUT_OUTCOMES: Partial<Record<Stripe.Event['type'], PaymentSettlerProps['outcome']>> = {
  'checkout.session.async_payment_succeeded': 'paid',
  'checkout.session.async_payment_failed': 'failed',
  'checkout.session.expired': 'expired',
};

/** Records the event and applies it to its payment; a known event id is acknowledged and skipped. */
export default async function stripeEventHandler(db: DbOrTx, props: StripeEventHandlerProps): Promise<StripeEventHandlerResult> {
  const { event } = props;
  return db.transaction(async (tx) => {
    const [fresh] = await tx
      .insert(stripeEvents)
      .values({ id: event.id, type: event.type })
      .onConflictDoNothing({ target: stripeEvents.id })
      .returning({ id: stripeEvents.id });
    if (!fresh) return { kind: 'duplicate' };

    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded':
      case 'checkout.session.async_payment_failed':
      case 'checkout.session.expired': {
        const session = event.data.object;
        if (session.mode !== 'payment') return ignored(event, 'not a payment session');
        // A completed session with a delayed method (bank debit) is not paid yet: the async events follow.
        const outcome =
          event.type === 'checkout.session.completed'
            ? session.payment_status === 'unpaid'
              ? 'awaiting_payment'
              : 'paid'
            : CHECKOUT_OUTCOMES[event.type]!;
        const result = await paymentSettler(tx, {
          paymentId: paymentIdFrom(session.metadata),
          checkoutSessionId: session.id,
          paymentIntentId: stripeId(session.payment_intent),
          outcome,
        });
        if (result.kind !== 'settled') return ignored(event, result.kind);
        return { kind: 'applied' };
      }
      case 'charge.refunded': {
        const charge = event.data.object;
        const result = await refundHandler(tx, {
          paymentId: paymentIdFrom(charge.metadata),
          paymentIntentId: stripeId(charge.payment_intent),
          chargeAmountCents: charge.amount,
          amountRefundedCents: charge.amount_refunded,
        });
        if (result.kind !== 'refunded') return ignored(event, result.kind);
        return { kind: 'applied' };
      }
      default:
        return ignored(event, 'event type not handled');
    }
  });
}

// Still recorded, so a redelivery is skipped too; logged because a payment we cannot find is worth a look.
function ignored(event: Stripe.Event, why: string): StripeEventHandlerResult {
  log(why === 'event type not handled' ? 'info' : 'warn', 'stripe event ignored', { eventId: event.id, type: event.type, why });
  return { kind: 'ignored', why };
}
