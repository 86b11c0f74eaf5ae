// Settles a generation job's reservation when the job ends (the generation issue calls this as
// `releaseCredits`): the credits not charged go back to the user as one `report_release` entry,
// keyed `release:<job id>`, so a job settles once however often its end is reported.
import type { DbOrTx } from '../../db/client';
import { appendEntry, entryByKey, type LedgerEntry } from '../lib/ledger';

export interface CreditSettlerProps {
  /** The job whose reservation (`reserve:<job id>`) is settled. */
  jobId: string;
  /** Credits to give back: 0..reserved (the reservation less what the job is charged). */
  amount: number;
}

export type CreditSettlerResult =
  /** The release entry (new, or the one an earlier call wrote). */
  | { kind: 'released'; entry: LedgerEntry; replayed: boolean }
  /** Nothing to give back: the job is charged its whole reservation. */
  | { kind: 'nothing_to_release' }
  | { kind: 'not_reserved' };

/** Writes the `report_release` entry for the job; refuses to give back more than was reserved. */
export default async function creditSettler(db: DbOrTx, props: CreditSettlerProps): Promise<CreditSettlerResult> {
  if (!Number.isInteger(props.amount) || props.amount < 0) throw new RangeError(`release amount must be a non-negative integer, got ${props.amount}`);
  return db.transaction(async (tx) => {
    const reservation = await entryByKey(tx, `reserve:${props.jobId}`);
    if (!reservation) return { kind: 'not_reserved' };
    if (props.amount > -reservation.delta) {
      throw new RangeError(`cannot release ${props.amount} credits of a ${-reservation.delta}-credit reservation`);
    }
    const key = `release:${props.jobId}`;
    const earlier = await entryByKey(tx, key);
    if (earlier) return { kind: 'released', entry: earlier, replayed: true };
    if (props.amount === 0) return { kind: 'nothing_to_release' };
    const entry = await appendEntry(tx, {
      userId: reservation.userId,
      delta: props.amount,
      reason: 'report_release',
      idempotencyKey: key,
      reportId: reservation.reportId,
      jobId: props.jobId,
      note: 'Credits not used by the report returned',
    });
    // A concurrent settle of the same job won the insert: answer with its entry.
    if (!entry) return { kind: 'released', entry: (await entryByKey(tx, key))!, replayed: true };
    return { kind: 'released', entry, replayed: false };
  });
}
