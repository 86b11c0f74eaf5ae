// What the API sends about credits and payments: the listed fields only (never Stripe ids, which
// the buyer does not need, or who on staff wrote an entry).
import type { BalanceDto, CheckoutDto, LedgerEntryDto, PackDto, PaymentDto, PricingDto } from '../../core/api/billing';
import type { creditLedger, payments } from '../../db/schema';
import type { CreditSummary } from '../lib/credits';
import { reportsFor, type CreditPack } from '../lib/packs';

type PaymentRow = typeof payments.$inferSelect;
type LedgerRow = typeof creditLedger.$inferSelect;

/** A pack for sale. */
export function presentPack(pack: CreditPack): PackDto {
  return { id: pack.id, name: pack.name, credits: pack.credits, amountCents: pack.amountCents, currency: pack.currency, reports: reportsFor(pack.credits) };
}

/** The price list. */
export function presentPricing(packs: readonly CreditPack[], reportCost: number, paymentsEnabled: boolean): PricingDto {
  return { reportCost, paymentsEnabled, packs: packs.map(presentPack) };
}

/** Where to send the buyer. */
export function presentCheckout(started: { paymentId: string; url: string }): CheckoutDto {
  return { url: started.url, paymentId: started.paymentId };
}

/** One of the caller's payments, with the credits refunds took back from it. */
export function presentPayment(row: PaymentRow & { creditsRefunded: number }): PaymentDto {
  return {
    id: row.id,
    pack: row.pack,
    credits: row.credits,
    amountCents: row.amountCents,
    currency: row.currency,
    status: row.status,
    creditsRefunded: row.creditsRefunded,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** One ledger entry. */
export function presentLedgerEntry(row: LedgerRow): LedgerEntryDto {
  return {
    id: String(row.id),
    delta: row.delta,
    reason: row.reason,
    note: row.note,
    paymentId: row.paymentId,
    reportId: row.reportId,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The caller's credits, as the dashboard counts them. */
export function presentBalance(credits: CreditSummary, reportCost: number): BalanceDto {
  return {
    balance: credits.balance,
    total: credits.total,
    used: credits.used,
    reportCost,
    reportsAvailable: reportsFor(credits.balance),
  };
}

/** The acknowledgement Stripe gets for a webhook (any 2xx stops its retries). */
export function presentWebhookReceipt(duplicate: boolean): { received: true; duplicate: boolean } {
  return { received: true, duplicate };
}
