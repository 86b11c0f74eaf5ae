// Takes credits back when Stripe reports a refund (`charge.refunded`). The charge carries the total
// refunded so far, so the credits to take back are computed from it, not added up from events: a
// replayed or late event for a smaller refund takes nothing more. A partial refund takes back the
// same share of the pack's credits, rounded down (in the buyer's favour); a full refund takes all
// of them. The balance may go negative when the credits were already spent: the buyer then cannot
// start a report until they top up. A refund also proves the payment was made, so it grants the
// purchase first if the "paid" event has not arrived yet; that later event then grants nothing.
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { payments } from '../../db/schema';
import { appendEntry } from '../lib/ledger';
import { log } from '../lib/log';
import { creditsRefunded, grantPurchase, lockPayment, nextStatus, refundedCredits, type PaymentRow } from '../lib/payment-state';

export interface RefundHandlerProps {
  /** Our payment id from the charge's metadata (copied from the PaymentIntent), or null. */
  paymentId: string | null;
  /** The charge's PaymentIntent, to find the payment when the metadata is missing. */
  paymentIntentId: string | null;
  /** What the charge was for, in cents. */
  chargeAmountCents: number;
  /** Refunded so far on this charge, in cents (Stripe's `amount_refunded`, cumulative). */
  amountRefundedCents: number;
}

export type RefundHandlerResult =
  | { kind: 'refunded'; payment: PaymentRow; creditsTaken: number }
  | { kind: 'payment_not_found' };

/** Brings the payment's refund entries up to what the charge's refunded amount calls for. */
export default async function refundHandler(db: DbOrTx, props: RefundHandlerProps): Promise<RefundHandlerResult> {
  return db.transaction(async (tx) => {
    const payment = await lockPayment(tx, { paymentId: props.paymentId, paymentIntentId: props.paymentIntentId });
    if (!payment) return { kind: 'payment_not_found' };
    const amount = props.chargeAmountCents > 0 ? props.chargeAmountCents : payment.amountCents;
    const target = refundedCredits(payment.credits, amount, props.amountRefundedCents);
    const full = props.amountRefundedCents >= amount;
    let creditsTaken = 0;
    if (payment.userId) {
      await grantPurchase(tx, { ...payment, userId: payment.userId });
      const already = await creditsRefunded(tx, payment.id);
      if (target > already) {
        const entry = await appendEntry(tx, {
          userId: payment.userId,
          delta: -(target - already),
          reason: 'refund',
          // One key per cumulative amount taken back: the payment lock orders them, the key makes
          // a second write of the same step impossible.
          idempotencyKey: `refund:${payment.id}:${target}`,
          paymentId: payment.id,
          note: full ? 'Payment refunded' : 'Payment partly refunded',
        });
        creditsTaken = entry ? target - already : 0;
      }
    } else {
      log('warn', 'refund for a deleted account; no ledger entry', { paymentId: payment.id });
    }
    const [updated] = await tx
      .update(payments)
      .set({
        status: nextStatus(payment.status, full ? 'refunded' : 'paid'),
        paymentIntentId: payment.paymentIntentId ?? props.paymentIntentId,
        updatedAt: new Date(),
      })
      .where(eq(payments.id, payment.id))
      .returning();
    return { kind: 'refunded', payment: updated!, creditsTaken };
  });
}
