// Sharing a report: members (invited by email), share links and ownership transfer. Request shapes
// and answers, shared with the web client.
import { z } from 'zod';
import { emailField } from './auth';
import type { ReportRole } from './reports';

/** What a member can be made: the owner is not a membership. */
export const memberRoles = ['editor', 'viewer'] as const;
export type MemberRole = (typeof memberRoles)[number];

const memberRole = z.enum(memberRoles);

/** POST /api/reports/:id/members: invite by email. An email without an account waits for its sign-up. */
export const inviteMemberSchema = z.object({ email: emailField, role: memberRole });
export type InviteMemberInput = z.input<typeof inviteMemberSchema>;

/** PATCH /api/reports/:id/members/:memberId. */
export const updateMemberSchema = z.object({ role: memberRole });
export type UpdateMemberInput = z.input<typeof updateMemberSchema>;

/** `:id` and `:memberId` in member routes. */
export const memberParams = z.object({ id: z.uuid(), memberId: z.uuid() });

/** Share links last at most 30 days; without `expiresInHours` a link lasts until revoked. */
export const SHARE_LINK_MAX_HOURS = 720;

/** POST /api/reports/:id/links. */
export const createShareLinkSchema = z.object({
  role: memberRole,
  expiresInHours: z.number().int().min(1).max(SHARE_LINK_MAX_HOURS).optional(),
});
export type CreateShareLinkInput = z.input<typeof createShareLinkSchema>;

/** `:id` and `:linkId` in share-link routes. */
export const shareLinkParams = z.object({ id: z.uuid(), linkId: z.uuid() });

/** POST /api/share-links/accept: the token from the link. */
export const acceptShareLinkSchema = z.object({ token: z.string().trim().min(1, 'Required').max(200) });
export type AcceptShareLinkInput = z.input<typeof acceptShareLinkSchema>;

/** POST /api/reports/:id/transfer: the member (by user id) who becomes the owner. */
export const transferReportSchema = z.object({ userId: z.uuid() });
export type TransferReportInput = z.input<typeof transferReportSchema>;

/**
 * Someone with a role on a report. The owner's entry has `id: null` (it is not a membership).
 * `email` is shown to the owner, and to each person for their own entry; others get null.
 * Pending invites (no account yet) are listed to the owner only.
 */
export interface MemberDto {
  id: string | null;
  userId: string | null;
  email: string | null;
  fullName: string | null;
  role: ReportRole;
  pending: boolean;
  createdAt: string;
}

/** A share link as listed: never its token. */
export interface ShareLinkDto {
  id: string;
  role: MemberRole;
  expiresAt: string | null;
  revokedAt: string | null;
  /** Neither expired nor revoked. */
  active: boolean;
  createdAt: string;
}

/** A share link just created: the only time its token and URL are shown. */
export interface CreatedShareLinkDto extends ShareLinkDto {
  token: string;
  url: string;
}

/** What accepting a share link gave the caller (their role after it, which it never lowers). */
export interface AcceptedShareLinkDto {
  reportId: string;
  role: ReportRole;
}
