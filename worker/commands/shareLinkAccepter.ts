// Accepting a share link: the caller becomes a member with the link's role. It never lowers a role
// they already have and never touches the owner; a pending invite to their email is claimed.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { reportMembers, reports, shareLinks } from '../../db/schema';
import type { ReportRole } from '../../core/api/reports';
import { sha256Hex } from '../lib/bytes';
import { higherRole, membershipsOf } from '../lib/report-members';

export interface ShareLinkAccepterProps {
  /** The token from the link, as pasted. */
  token: string;
  /** The signed-in person accepting it. */
  user: { id: string; email: string };
}

export type ShareLinkAcceptance = { kind: 'accepted'; reportId: string; role: ReportRole } | { kind: 'invalid' };

/** Grants (or raises to) the link's role; `invalid` for an unknown, revoked or expired link. */
export default async function shareLinkAccepter(db: Db, props: ShareLinkAccepterProps): Promise<ShareLinkAcceptance> {
  const tokenHash = await sha256Hex(props.token);
  return db.transaction(async (tx) => {
    const [link] = await tx.select().from(shareLinks).where(eq(shareLinks.tokenHash, tokenHash)).limit(1);
    if (!link || link.revokedAt || (link.expiresAt && link.expiresAt.getTime() <= Date.now())) return { kind: 'invalid' };
    // Locks the report so an ownership transfer cannot interleave with this membership change.
    const [report] = await tx.select({ ownerId: reports.ownerId }).from(reports).where(eq(reports.id, link.reportId)).for('update');
    if (!report) return { kind: 'invalid' };
    if (report.ownerId === props.user.id) return { kind: 'accepted', reportId: link.reportId, role: 'owner' };

    const rows = await membershipsOf(tx, link.reportId, { userId: props.user.id, email: props.user.email });
    const existing = rows.find((r) => r.userId === props.user.id) ?? rows.find((r) => r.userId === null);
    if (existing) {
      const role = higherRole(existing.role, link.role);
      await tx
        .update(reportMembers)
        .set({ role, userId: props.user.id, acceptedAt: existing.acceptedAt ?? new Date() })
        .where(eq(reportMembers.id, existing.id));
      return { kind: 'accepted', reportId: link.reportId, role };
    }
    await tx.insert(reportMembers).values({
      reportId: link.reportId,
      userId: props.user.id,
      invitedEmail: props.user.email,
      role: link.role,
      invitedBy: link.createdBy,
      acceptedAt: new Date(),
    });
    return { kind: 'accepted', reportId: link.reportId, role: link.role };
  });
}
