// Applies what a Checkout Session event says about a payment: paid grants the pack's credits (once,
// keyed `purchase:<payment id>`, whichever event brings it), failed and expired only mark the row.
// The status moves by `nextStatus`, so late or repeated events never undo a later state.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { payments } from '../../db/schema';
import { log } from '../lib/log';
import { grantPurchase, lockPayment, nextStatus, type PaymentRow, type PaymentStatus } from '../lib/payment-state';

export interface PaymentSettlerProps {
  /** Our payment id from the session's metadata (null when absent). */
  paymentId: string | null;
  /** The Checkout Session the event is about. */
  checkoutSessionId: string;
  /** The session's PaymentIntent, once Stripe has one. */
  paymentIntentId: string | null;
  /** paid: money arrived; awaiting_payment: completed, but an async method is still pending. */
  outcome: 'paid' | 'awaiting_payment' | 'failed' | 'expired';
}

export type PaymentSettlerResult =
  | { kind: 'settled'; payment: PaymentRow; granted: boolean }
  | { kind: 'payment_not_found' }
  | { kind: 'session_mismatch'; paymentId: string };

const STATUS_OF: Record<PaymentSettlerProps['outcome'], PaymentStatus> = {
  paid: 'paid',
  awaiting_payment: 'pending',
  failed: 'failed',
  expired: 'expired',
};

/** Moves the payment's status and, for a paid outcome, grants its credits if not granted yet. */
export default async function paymentSettler(db: DbOrTx, props: PaymentSettlerProps): Promise<PaymentSettlerResult> {
  return db.transaction(async (tx) => {
    const payment = await lockPayment(tx, { paymentId: props.paymentId, checkoutSessionId: props.checkoutSessionId });
    if (!payment) return { kind: 'payment_not_found' };
    // Metadata pointing at a payment of another session is not ours to settle.
    if (payment.checkoutSessionId && payment.checkoutSessionId !== props.checkoutSessionId) {
      return { kind: 'session_mismatch', paymentId: payment.id };
    }
    let granted = false;
    if (props.outcome === 'paid') {
      if (payment.userId) {
        granted = await grantPurchase(tx, { ...payment, userId: payment.userId });
      } else {
        log('warn', 'payment paid for a deleted account; no credits granted', { paymentId: payment.id });
      }
    }
    const [updated] = await tx
      .update(payments)
      .set({
        status: nextStatus(payment.status, STATUS_OF[props.outcome]),
        checkoutSessionId: payment.checkoutSessionId ?? props.checkoutSessionId,
        paymentIntentId: payment.paymentIntentId ?? props.paymentIntentId,
        updatedAt: new Date(),
      })
      .where(eq(payments.id, payment.id))
      .returning();
    return { kind: 'settled', payment: updated!, granted };
  });
}
