// Credits and payments: what the worker accepts for buying credits and reading one's own history,
// and what it answers, shared with the web client.
import { z } from 'zod';

export const paymentStatuses = ['pending', 'paid', 'failed', 'refunded', 'expired'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const ledgerReasons = [
  'signup_grant',
  'purchase',
  'refund',
  'report_reserve',
  'report_release',
  'ai_edit',
  'staff_grant',
  'staff_revoke',
] as const;
export type LedgerReason = (typeof ledgerReasons)[number];

/** A credit pack for sale. */
export interface PackDto {
  /** Stable id, sent back as `pack` to start a checkout. */
  id: string;
  name: string;
  credits: number;
  /** Price in the currency's smallest unit (cents). */
  amountCents: number;
  /** ISO currency code, lower case (`usd`). */
  currency: string;
  /** Full reports the pack pays for at today's report cost. */
  reports: number;
}

/** GET /api/billing/packs. */
export interface PricingDto {
  /** Credits one full report costs. */
  reportCost: number;
  /** False when this server has no Stripe keys: checkout would answer 503. */
  paymentsEnabled: boolean;
  packs: PackDto[];
}

/** POST /api/billing/checkout. */
export const checkoutSchema = z.object({
  pack: z.string().trim().min(1, 'Required').max(50),
});
export type CheckoutInput = z.input<typeof checkoutSchema>;

/** The answer to POST /api/billing/checkout: where to send the browser. */
export interface CheckoutDto {
  /** The Stripe Checkout page. */
  url: string;
  paymentId: string;
}

/** One of my payments. */
export interface PaymentDto {
  id: string;
  pack: string;
  credits: number;
  amountCents: number;
  currency: string;
  status: PaymentStatus;
  /** Credits taken back by refunds of this payment (a partial refund leaves the status `paid`). */
  creditsRefunded: number;
  createdAt: string;
  updatedAt: string;
}

/** One entry of my credit ledger. */
export interface LedgerEntryDto {
  /** Entries are numbered in the order they were written. */
  id: string;
  /** Positive grants credits, negative spends or takes them back. */
  delta: number;
  reason: LedgerReason;
  note: string | null;
  paymentId: string | null;
  reportId: string | null;
  createdAt: string;
}

/** GET /api/billing/balance: the same numbers as the dashboard, from the ledger. */
export interface BalanceDto {
  /** Spendable now (may be negative after a refund of credits already spent). */
  balance: number;
  /** Ever granted or bought, less refunds and revocations. */
  total: number;
  /** Spent on reports and AI edits. */
  used: number;
  reportCost: number;
  /** Full reports the balance pays for now. */
  reportsAvailable: number;
}

const limit = z.coerce.number().int().min(1).max(100).default(50);

/** `?limit=&before=` on paginated lists: newest first, `before` is the previous page's `nextCursor` (a row id). */
export const pageQuery = z.object({ limit, before: z.uuid().optional() });
export type PageQuery = z.input<typeof pageQuery>;

/** GET /api/billing/ledger: the same, with ledger entry ids as cursors. */
export const ledgerQuery = z.object({ limit, before: z.string().regex(/^\d{1,15}$/, 'Must be a ledger entry id').optional() });
export type LedgerQuery = z.input<typeof ledgerQuery>;

/** A page of a list: `nextCursor` is null on the last page. */
export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}
