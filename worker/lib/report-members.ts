// Reading a report's memberships: the rows behind the member list, and one membership by id.
import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { reportMembers, users } from '../../db/schema';

export type MemberRow = typeof reportMembers.$inferSelect;

/** A membership with its account (null while the invite waits for a sign-up). */
export interface MemberWithUser {
  member: MemberRow;
  user: { id: string; email: string; fullName: string } | null;
}

/**
 * Every membership of a report with the member's account when they have one: people on the report
 * first and invites still waiting last, each oldest first. Rows written in the same instant (an
 * embedded database's clock is coarse) fall back to editors before viewers, then id, so the list
 * never reorders between two reads.
 */
export async function loadMembers(db: DbOrTx, reportId: string): Promise<MemberWithUser[]> {
  return db
    .select({ member: reportMembers, user: { id: users.id, email: users.email, fullName: users.fullName } })
    .from(reportMembers)
    .leftJoin(users, eq(users.id, reportMembers.userId))
    .where(eq(reportMembers.reportId, reportId))
    .orderBy(
      sql`${reportMembers.userId} is null`,
      asc(reportMembers.createdAt),
      sql`${reportMembers.role} = 'viewer'`,
      asc(reportMembers.id),
    );
}

/** One membership of this report (a membership id of another report is not found). */
export async function loadMember(db: DbOrTx, reportId: string, memberId: string): Promise<MemberWithUser | undefined> {
  const [row] = await db
    .select({ member: reportMembers, user: { id: users.id, email: users.email, fullName: users.fullName } })
    .from(reportMembers)
    .leftJoin(users, eq(users.id, reportMembers.userId))
    .where(and(eq(reportMembers.reportId, reportId), eq(reportMembers.id, memberId)))
    .limit(1);
  return row;
}

/** The memberships a person already has on a report: by account, or a pending invite to their email. */
export async function membershipsOf(db: DbOrTx, reportId: string, person: { userId: string | null; email: string }): Promise<MemberRow[]> {
  const byEmail = sql`lower(${reportMembers.invitedEmail}) = lower(${person.email})`;
  return db
    .select()
    .from(reportMembers)
    .where(and(eq(reportMembers.reportId, reportId), person.userId ? or(eq(reportMembers.userId, person.userId), byEmail) : byEmail));
}

const rank = { viewer: 0, editor: 1 } as const;

/** The higher of two member roles. */
export function higherRole(a: 'editor' | 'viewer', b: 'editor' | 'viewer'): 'editor' | 'viewer' {
  return rank[a] >= rank[b] ? a : b;
}
