// How a payment's status moves when Stripe events arrive in any order, and how an event finds its
// payment. Stripe does not promise delivery order, so a status only ever moves "up":
// pending < failed = expired < paid < refunded. Money that arrived (paid) outranks a failure or an
// expiry that was reported late, and a refund outranks everything: a refunded payment stays refunded
// whatever arrives after it.
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { creditLedger, payments } from '../../db/schema';
import { appendEntry } from './ledger';

export type PaymentStatus = (typeof payments.$inferSelect)['status'];
export type PaymentRow = typeof payments.$inferSelect;

const RANK: Record<PaymentStatus, number> = { pending: 0, failed: 1, expired: 1, paid: 2, refunded: 3 };

/** The status after `incoming` is reported for a payment that is `current`. */
export function nextStatus(current: PaymentStatus, incoming: PaymentStatus): PaymentStatus {
  return RANK[incoming] > RANK[current] ? incoming : current;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Our payment id from Stripe metadata, or null when absent or not one of ours. */
export function paymentIdFrom(metadata: Record<string, string> | null | undefined): string | null {
  const id = metadata?.paymentId;
  return id && UUID.test(id) ? id : null;
}

/** A Stripe id from a field that is either the id or the expanded object. */
export function stripeId(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

/**
 * Finds and locks the payment an event is about: by our id from the metadata first, else by the
 * Stripe id we stored. The lock makes events for one payment apply one after another.
 */
export async function lockPayment(
  tx: DbOrTx,
  ids: { paymentId: string | null; checkoutSessionId?: string | null; paymentIntentId?: string | null },
): Promise<PaymentRow | undefined> {
  const lookups = [
    ids.paymentId ? eq(payments.id, ids.paymentId) : null,
    ids.checkoutSessionId ? eq(payments.checkoutSessionId, ids.checkoutSessionId) : null,
    ids.paymentIntentId ? eq(payments.paymentIntentId, ids.paymentIntentId) : null,
  ];
  for (const where of lookups) {
    if (!where) continue;
    const [row] = await tx.select().from(payments).where(where).for('update');
    if (row) return row;
  }
  return undefined;
}

/**
 * A select column for queries on `payments`: the credits refunds took back from each row. Written
 * with explicit names because drizzle leaves columns unqualified in a one-table select, where
 * "id" inside the subquery would mean the ledger's.
 */
export const creditsRefundedColumn = sql`coalesce((select -sum(r.delta) from credit_ledger r where r.payment_id = "payments"."id" and r.reason = 'refund'), 0)`.mapWith(Number);

/** Credits already taken back from this payment by refunds (a positive number). */
export async function creditsRefunded(tx: DbOrTx, paymentId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql`coalesce(-sum(${creditLedger.delta}), 0)`.mapWith(Number) })
    .from(creditLedger)
    .where(sql`${creditLedger.paymentId} = ${paymentId} and ${creditLedger.reason} = 'refund'`);
  return row?.n ?? 0;
}

/**
 * Grants the payment's credits to its buyer unless they were granted already: the key
 * `purchase:<payment id>` allows one grant per payment, whichever event brings it. True when this
 * call granted them.
 */
export async function grantPurchase(tx: DbOrTx, payment: PaymentRow & { userId: string }): Promise<boolean> {
  const entry = await appendEntry(tx, {
    userId: payment.userId,
    delta: payment.credits,
    reason: 'purchase',
    idempotencyKey: `purchase:${payment.id}`,
    paymentId: payment.id,
    note: `Bought ${payment.credits} credits`,
  });
  return entry !== null;
}

/** Credits a refund of `refunded` out of `amount` cents takes back from a pack of `credits`: the same share, rounded down. */
export function refundedCredits(credits: number, amount: number, refunded: number): number {
  if (refunded <= 0) return 0;
  if (amount <= 0 || refunded >= amount) return credits;
  return Math.floor((credits * refunded) / amount);
}
