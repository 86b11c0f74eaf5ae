// Removes a membership (the owner revoking it, or the member leaving).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reportMembers } from '../../db/schema';
import type { MemberRow } from '../lib/report-members';

export interface MemberRemoverProps {
  reportId: string;
  /** A membership of that report. */
  memberId: string;
}

/** Deletes the membership; answers the removed row, or undefined when there was none. */
export default async function memberRemover(db: Db, props: MemberRemoverProps): Promise<MemberRow | undefined> {
  return db.transaction(async (tx) => {
    const [removed] = await tx
      .delete(reportMembers)
      .where(and(eq(reportMembers.id, props.memberId), eq(reportMembers.reportId, props.reportId)))
      .returning();
    return removed;
  });
}
