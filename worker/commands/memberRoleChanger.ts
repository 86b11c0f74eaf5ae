// Changes a member's role on a report.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reportMembers } from '../../db/schema';
import type { MemberRole } from '../../core/api/sharing';
import type { MemberRow } from '../lib/report-members';

export interface MemberRoleChangerProps {
  reportId: string;
  /** A membership of that report. */
  memberId: string;
  role: MemberRole;
}

export type MemberRoleChange = { kind: 'changed'; member: MemberRow; previousRole: MemberRole } | { kind: 'not_found' };

/** Sets the role and answers what it was before (a demotion must close live editor connections). */
export default async function memberRoleChanger(db: Db, props: MemberRoleChangerProps): Promise<MemberRoleChange> {
  return db.transaction(async (tx) => {
    const where = and(eq(reportMembers.id, props.memberId), eq(reportMembers.reportId, props.reportId));
    const [before] = await tx.select({ role: reportMembers.role }).from(reportMembers).where(where).for('update');
    if (!before) return { kind: 'not_found' };
    const [member] = await tx.update(reportMembers).set({ role: props.role }).where(where).returning();
    return { kind: 'changed', member: member!, previousRole: before.role };
  });
}
