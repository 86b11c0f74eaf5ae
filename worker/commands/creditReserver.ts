// Reserves a report's credits before its generation job starts (the generation issue calls this as
// `reserveCredits`). The user's row is locked while the balance is checked and the reservation
// written, so two reservations at once cannot both spend the same credits; the key
// `reserve:<job id>` makes a retried call return the first reservation instead of charging twice.
import type { DbOrTx } from '../../db/client';
import { balanceOf } from '../lib/credits';
import { appendEntry, entryByKey, insufficientCredits, lockUser, type LedgerEntry } from '../lib/ledger';
import { notFound } from '../errors';

export interface CreditReserverProps {
  /** Who pays: the report's owner. */
  userId: string;
  reportId: string;
  /** The generation job; one reservation per job. */
  jobId: string;
  /** Credits to hold (the report's creditCost), a positive integer. */
  amount: number;
}

export interface CreditReservation {
  /** The `report_reserve` entry (negative delta). */
  entry: LedgerEntry;
  /** The balance after it. */
  balance: number;
  /** True when this job already had its reservation and nothing new was written. */
  replayed: boolean;
}

/** Writes the `report_reserve` entry, or throws 402 insufficient_credits (details: balance, needed) when the balance is short. */
export default async function creditReserver(db: DbOrTx, props: CreditReserverProps): Promise<CreditReservation> {
  if (!Number.isInteger(props.amount) || props.amount <= 0) throw new RangeError(`reserve amount must be a positive integer, got ${props.amount}`);
  const key = `reserve:${props.jobId}`;
  return db.transaction(async (tx) => {
    if (!(await lockUser(tx, props.userId))) throw notFound('User');
    const existing = await entryByKey(tx, key);
    if (existing) return { entry: existing, balance: await balanceOf(tx, props.userId), replayed: true };
    const balance = await balanceOf(tx, props.userId);
    if (balance < props.amount) throw insufficientCredits(balance, props.amount);
    const entry = await appendEntry(tx, {
      userId: props.userId,
      delta: -props.amount,
      reason: 'report_reserve',
      idempotencyKey: key,
      reportId: props.reportId,
      jobId: props.jobId,
      note: 'Reserved for generating a report',
    });
    return { entry: entry!, balance: balance - props.amount, replayed: false };
  });
}
