// What the API sends about the people on a report: the listed fields only. Emails are personal:
// the owner sees everyone's, each person sees their own, and pending invites are the owner's business.
import type { MemberDto } from '../../core/api/sharing';
import type { MemberWithUser } from '../lib/report-members';

/** Who is looking at the list. */
export interface MemberViewer {
  userId: string;
  isOwner: boolean;
}

/** The owner's entry (not a membership, so no id). */
export function presentOwner(owner: { id: string; email: string; fullName: string }, since: Date, viewer: MemberViewer): MemberDto {
  return {
    id: null,
    userId: owner.id,
    email: viewer.isOwner || viewer.userId === owner.id ? owner.email : null,
    fullName: owner.fullName,
    role: 'owner',
    pending: false,
    createdAt: since.toISOString(),
  };
}

/** A membership as `viewer` may see it. */
export function presentMember({ member, user }: MemberWithUser, viewer: MemberViewer): MemberDto {
  const own = user !== null && user.id === viewer.userId;
  return {
    id: member.id,
    userId: user?.id ?? null,
    email: viewer.isOwner || own ? (user?.email ?? member.invitedEmail) : null,
    fullName: user?.fullName ?? null,
    role: member.role,
    pending: user === null,
    createdAt: member.createdAt.toISOString(),
  };
}

/** The list a viewer gets: the owner first, then members oldest first; pending invites for the owner only. */
export function presentMemberList(
  owner: { id: string; email: string; fullName: string },
  since: Date,
  members: MemberWithUser[],
  viewer: MemberViewer,
): MemberDto[] {
  const visible = viewer.isOwner ? members : members.filter((m) => m.user !== null);
  return [presentOwner(owner, since, viewer), ...visible.map((m) => presentMember(m, viewer))];
}
