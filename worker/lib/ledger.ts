// Writing to the credit ledger safely: append an entry at most once per idempotency key, and take
// the per-user lock that makes "check the balance, then spend" atomic. Balances are read with
// `balanceOf` (./credits).
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { creditLedger, users } from '../../db/schema';
import { apiError } from '../errors';

export type LedgerEntry = typeof creditLedger.$inferSelect;
export type NewLedgerEntry = typeof creditLedger.$inferInsert;

/** Inserts the entry unless its idempotency key is taken; returns it, or null when it already was. */
export async function appendEntry(db: DbOrTx, values: NewLedgerEntry): Promise<LedgerEntry | null> {
  const [row] = await db.insert(creditLedger).values(values).onConflictDoNothing({ target: creditLedger.idempotencyKey }).returning();
  return row ?? null;
}

/** The entry written under this idempotency key, if any. */
export async function entryByKey(db: DbOrTx, idempotencyKey: string): Promise<LedgerEntry | undefined> {
  const [row] = await db.select().from(creditLedger).where(eq(creditLedger.idempotencyKey, idempotencyKey));
  return row;
}

/**
 * Locks the user's row until the transaction ends, so every debit for one user (reserve, staff
 * revoke) checks the balance and writes one at a time. Grants need no lock: they cannot overdraw.
 * False when there is no such user.
 */
export async function lockUser(tx: DbOrTx, userId: string): Promise<boolean> {
  const [row] = await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
  return Boolean(row);
}

/** Balances of several users in one query (0 for users without entries). */
export async function balancesOf(db: Db, userIds: string[]): Promise<Map<string, number>> {
  const out = new Map(userIds.map((id) => [id, 0]));
  if (userIds.length === 0) return out;
  const rows = await db
    .select({ userId: creditLedger.userId, balance: sql`sum(${creditLedger.delta})`.mapWith(Number) })
    .from(creditLedger)
    .where(inArray(creditLedger.userId, userIds))
    .groupBy(creditLedger.userId);
  for (const row of rows) out.set(row.userId, row.balance);
  return out;
}

/** 402 for a spend the balance does not cover, with both numbers for the client. */
export function insufficientCredits(balance: number, needed: number) {
  return apiError(402, 'insufficient_credits', `This needs ${needed} credits and the balance is ${balance}. Buy credits to continue.`, {
    details: { balance, needed },
  });
}
