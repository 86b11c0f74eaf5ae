// Staff grant or take back credits by hand, with a reason: one `staff_grant` / `staff_revoke`
// ledger entry and its audit-log line in one transaction. The idempotency key (the client's, or a
// random one) makes a retried request write nothing new; the user's row is locked so a revocation
// checks the balance and writes before anyone else spends.
import type { DbOrTx } from '../../db/client';
import type { User } from '../../db/schema';
import { balanceOf } from '../lib/credits';
import { appendEntry, entryByKey, lockUser, type LedgerEntry } from '../lib/ledger';
import staffActionRecorder from './staffActionRecorder';

export interface CreditGranterProps {
  /** The staff member. */
  actor: Pick<User, 'id' | 'email'>;
  /** Whose balance changes. */
  userId: string;
  /** Credits to add (positive) or take back (negative); never 0. */
  delta: number;
  /** Why, in words; kept on the entry and in the audit log. */
  reason: string;
  /** Makes the request safe to retry; stored as `staff:<key>`. */
  idempotencyKey: string;
}

export type CreditGranterResult =
  | { kind: 'granted'; entry: LedgerEntry; balance: number }
  /** The same key was used before for this same change: nothing new was written. */
  | { kind: 'replayed'; entry: LedgerEntry; balance: number }
  /** The key was used before for a different change. */
  | { kind: 'key_reused' }
  | { kind: 'user_not_found' }
  /** A revocation larger than the balance: staff take back at most what is there. */
  | { kind: 'balance_too_low'; balance: number };

/** Writes the entry and its audit line, or says why not. */
export default async function creditGranter(db: DbOrTx, props: CreditGranterProps): Promise<CreditGranterResult> {
  const key = `staff:${props.idempotencyKey}`;
  return db.transaction(async (tx) => {
    if (!(await lockUser(tx, props.userId))) return { kind: 'user_not_found' };
    const earlier = await entryByKey(tx, key);
    if (earlier) {
      if (earlier.userId !== props.userId || earlier.delta !== props.delta) return { kind: 'key_reused' };
      return { kind: 'replayed', entry: earlier, balance: await balanceOf(tx, props.userId) };
    }
    const before = await balanceOf(tx, props.userId);
    if (props.delta < 0 && before + props.delta < 0) return { kind: 'balance_too_low', balance: before };
    const grant = props.delta > 0;
    const entry = await appendEntry(tx, {
      userId: props.userId,
      delta: props.delta,
      reason: grant ? 'staff_grant' : 'staff_revoke',
      idempotencyKey: key,
      note: props.reason,
      createdBy: props.actor.id,
    });
    // Another user's entry already holds this key (only a reused client key can do that).
    if (!entry) return { kind: 'key_reused' };
    await staffActionRecorder(tx, {
      actor: props.actor,
      action: grant ? 'credits.grant' : 'credits.revoke',
      targetType: 'user',
      targetId: props.userId,
      details: { delta: props.delta, reason: props.reason, ledgerEntryId: entry.id, balanceBefore: before, balanceAfter: before + props.delta },
    });
    return { kind: 'granted', entry, balance: before + props.delta };
  });
}
