// Invites someone to a report by email. An email with an account becomes a member at once; any
// other email gets a pending invite that userCreator claims when that email signs up.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reportMembers, users } from '../../db/schema';
import type { MemberRole } from '../../core/api/sharing';
import { isUniqueViolation } from '../errors';
import { membershipsOf, type MemberRow } from '../lib/report-members';

export interface MemberInviterProps {
  reportId: string;
  /** The report's owner, who is sending the invite. */
  ownerId: string;
  /** As typed (trimmed); matched to accounts and memberships whatever its case. */
  email: string;
  role: MemberRole;
}

export type MemberInvite =
  | { kind: 'invited'; member: MemberRow; user: { id: string; email: string; fullName: string } | null }
  | { kind: 'is_owner' }
  | { kind: 'already_member' };

/** Adds the membership (accepted for an existing account, pending otherwise). */
export default async function memberInviter(db: Db, props: MemberInviterProps): Promise<MemberInvite> {
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .select({ id: users.id, email: users.email, fullName: users.fullName })
        .from(users)
        .where(sql`lower(${users.email}) = lower(${props.email})`)
        .limit(1);
      if (user?.id === props.ownerId) return { kind: 'is_owner' };
      if ((await membershipsOf(tx, props.reportId, { userId: user?.id ?? null, email: props.email })).length > 0) {
        return { kind: 'already_member' };
      }
      const [member] = await tx
        .insert(reportMembers)
        .values({
          reportId: props.reportId,
          userId: user?.id ?? null,
          invitedEmail: user?.email ?? props.email,
          role: props.role,
          invitedBy: props.ownerId,
          acceptedAt: user ? new Date() : null,
        })
        .returning();
      return { kind: 'invited', member: member!, user: user ?? null };
    });
  } catch (err) {
    // Two invites of the same email raced; the other one won.
    if (isUniqueViolation(err)) return { kind: 'already_member' };
    throw err;
  }
}
