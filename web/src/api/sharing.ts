// Sharing a report: members invited by email, share links, and accepting a link someone was given.
import type {
  AcceptedShareLinkDto,
  CreatedShareLinkDto,
  CreateShareLinkInput,
  InviteMemberInput,
  MemberDto,
  MemberRole,
  ShareLinkDto,
} from '../../../core/api/sharing';
import { request } from './client';

const base = (reportId: string) => `/api/reports/${encodeURIComponent(reportId)}`;

/** Everyone with a role on the report, the owner first. */
export const listMembers = (reportId: string) => request<MemberDto[]>(`${base(reportId)}/members`);

/** Invites an email as editor or viewer (an email without an account waits for its sign-up). */
export const inviteMember = (reportId: string, input: InviteMemberInput) => request<MemberDto>(`${base(reportId)}/members`, { json: input });

/** Changes a member's role. */
export const changeMemberRole = (reportId: string, memberId: string, role: MemberRole) =>
  request<MemberDto>(`${base(reportId)}/members/${encodeURIComponent(memberId)}`, { method: 'PATCH', json: { role } });

/** Takes someone off the report (or, for oneself, leaves it). */
export const removeMember = (reportId: string, memberId: string) =>
  request<void>(`${base(reportId)}/members/${encodeURIComponent(memberId)}`, { method: 'DELETE' });

/** The report's share links (never their tokens). */
export const listShareLinks = (reportId: string) => request<ShareLinkDto[]>(`${base(reportId)}/links`);

/** Creates a link; its URL is in the answer and shown only this once. */
export const createShareLink = (reportId: string, input: CreateShareLinkInput) => request<CreatedShareLinkDto>(`${base(reportId)}/links`, { json: input });

/** Revokes a link: it stops working at once. */
export const revokeShareLink = (reportId: string, linkId: string) =>
  request<void>(`${base(reportId)}/links/${encodeURIComponent(linkId)}`, { method: 'DELETE' });

/** Accepts a link's token: the caller joins the report with the link's role. */
export const acceptShareLink = (token: string) => request<AcceptedShareLinkDto>('/api/share-links/accept', { json: { token } });
