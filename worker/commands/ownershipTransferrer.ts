// Hands a report to one of its members: they become the owner, the previous owner stays on as an
// editor, and the report leaves the previous owner's folder (folders are private to their owner).
import { and, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reportMembers, reports, users } from '../../db/schema';

export interface OwnershipTransferrerProps {
  reportId: string;
  /** The current owner, who asked for the transfer. */
  fromUserId: string;
  /** A member with an account. */
  toUserId: string;
}

export type OwnershipTransfer = { kind: 'transferred' } | { kind: 'not_owner' } | { kind: 'not_a_member' };

/** Swaps owner and member in one transaction. */
export default async function ownershipTransferrer(db: Db, props: OwnershipTransferrerProps): Promise<OwnershipTransfer> {
  return db.transaction(async (tx) => {
    const [report] = await tx.select({ ownerId: reports.ownerId }).from(reports).where(eq(reports.id, props.reportId)).for('update');
    if (!report || report.ownerId !== props.fromUserId) return { kind: 'not_owner' };
    const ofReport = eq(reportMembers.reportId, props.reportId);
    const [target] = await tx
      .select({ id: reportMembers.id })
      .from(reportMembers)
      .where(and(ofReport, eq(reportMembers.userId, props.toUserId)))
      .limit(1);
    if (!target) return { kind: 'not_a_member' };
    const [previous] = await tx.select({ email: users.email }).from(users).where(eq(users.id, props.fromUserId));
    // The new owner's memberships end (owning is not a membership); any old row for the previous
    // owner's email would collide with the editor row below.
    await tx
      .delete(reportMembers)
      .where(
        and(
          ofReport,
          or(
            eq(reportMembers.userId, props.toUserId),
            eq(reportMembers.userId, props.fromUserId),
            sql`lower(${reportMembers.invitedEmail}) = lower(${previous!.email})`,
          ),
        ),
      );
    await tx.insert(reportMembers).values({
      reportId: props.reportId,
      userId: props.fromUserId,
      invitedEmail: previous!.email,
      role: 'editor',
      invitedBy: props.toUserId,
      acceptedAt: new Date(),
    });
    await tx.update(reports).set({ ownerId: props.toUserId, folderId: null, updatedAt: new Date() }).where(eq(reports.id, props.reportId));
    return { kind: 'transferred' };
  });
}
