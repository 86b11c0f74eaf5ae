// Money and credits. Replaces seed `seydam_payment`; the credit ledger is new: a balance is the
// sum of a user's entries, and every entry carries a unique idempotency key so no grant or charge
// can land twice.
import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { reports } from './reports';
import { users } from './users';

export const paymentStatus = pgEnum('payment_status', ['pending', 'paid', 'failed', 'refunded', 'expired']);

export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Kept (set null) when the account is deleted: payments stay for accounting.
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    userEmail: text('user_email').notNull(),
    provider: text('provider').notNull().default('stripe'),
    checkoutSessionId: text('checkout_session_id'),
    paymentIntentId: text('payment_intent_id'),
    pack: text('pack').notNull(),
    credits: integer('credits').notNull(),
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull().default('usd'),
    status: paymentStatus('status').notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('payments_checkout_session_unique').on(t.checkoutSessionId),
    index('payments_user_idx').on(t.userId, t.createdAt),
    check('payments_amounts_positive', sql`${t.credits} > 0 and ${t.amountCents} >= 0`),
  ],
);

export const ledgerReason = pgEnum('ledger_reason', [
  'signup_grant',
  'purchase',
  'refund',
  'report_reserve',
  'report_release',
  'ai_edit',
  'staff_grant',
  'staff_revoke',
]);

// Append-only: a trigger in the migrations refuses UPDATE (rows only leave with their user).
export const creditLedger = pgTable(
  'credit_ledger',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // Positive grants credits, negative spends them.
    delta: integer('delta').notNull(),
    reason: ledgerReason('reason').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    paymentId: uuid('payment_id').references(() => payments.id, { onDelete: 'set null' }),
    reportId: uuid('report_id').references(() => reports.id, { onDelete: 'set null' }),
    jobId: uuid('job_id'),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('credit_ledger_idempotency_unique').on(t.idempotencyKey),
    index('credit_ledger_user_idx').on(t.userId, t.createdAt),
    check('credit_ledger_delta_nonzero', sql`${t.delta} <> 0`),
  ],
);

// Stripe events already processed, so a redelivered webhook is acknowledged and ignored.
export const stripeEvents = pgTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});
