// Credit balances read from the append-only ledger: a balance is the sum of a user's entries.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { creditLedger } from '../../db/schema';

/** What generating a report costs, fixed on the report when it is created. */
export const REPORT_CREDIT_COST = 5;

export interface CreditSummary {
  /** What the user can spend now: the sum of every entry. */
  balance: number;
  /** Credits ever granted (sign-up, purchases, staff grants), less refunds and staff revocations. */
  total: number;
  /** Credits spent on reports and AI edits, net of reservations released back. */
  used: number;
}

// Entries that change what the user was given, as opposed to what they spent. Refunds and
// revocations are negative entries, so summing them takes them off the total.
const GRANTED = sql.raw(`'signup_grant','purchase','staff_grant','refund','staff_revoke'`);
const SPENT = sql.raw(`'report_reserve','report_release','ai_edit'`);

/** The user's spendable balance. */
export async function balanceOf(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ balance: sql`coalesce(sum(${creditLedger.delta}), 0)`.mapWith(Number) })
    .from(creditLedger)
    .where(eq(creditLedger.userId, userId));
  return row?.balance ?? 0;
}

/** Balance, credits granted and credits used, in one pass over the user's ledger. */
export async function creditSummary(db: Db, userId: string): Promise<CreditSummary> {
  const [row] = await db
    .select({
      balance: sql`coalesce(sum(${creditLedger.delta}), 0)`.mapWith(Number),
      total: sql`coalesce(sum(${creditLedger.delta}) filter (where ${creditLedger.reason} in (${GRANTED})), 0)`.mapWith(Number),
      spent: sql`coalesce(sum(${creditLedger.delta}) filter (where ${creditLedger.reason} in (${SPENT})), 0)`.mapWith(Number),
    })
    .from(creditLedger)
    .where(eq(creditLedger.userId, userId));
  const spent = row?.spent ?? 0;
  // A release larger than its reservation (a refund for a failed job) must not show as negative use.
  return { balance: row?.balance ?? 0, total: row?.total ?? 0, used: Math.max(0, -spent) };
}
