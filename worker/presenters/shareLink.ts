// What the API sends for a share link: the listed fields only (the token only once, at creation).
import type { AcceptedShareLinkDto, CreatedShareLinkDto, ShareLinkDto } from '../../core/api/sharing';
import type { shareLinks } from '../../db/schema';

type ShareLinkRow = typeof shareLinks.$inferSelect;

/** A link as listed, without any secret. */
export function presentShareLink(link: ShareLinkRow, now = Date.now()): ShareLinkDto {
  return {
    id: link.id,
    role: link.role,
    expiresAt: link.expiresAt?.toISOString() ?? null,
    revokedAt: link.revokedAt?.toISOString() ?? null,
    active: !link.revokedAt && (!link.expiresAt || link.expiresAt.getTime() > now),
    createdAt: link.createdAt.toISOString(),
  };
}

/** A link just created, with its token and the URL to hand out. */
export function presentCreatedShareLink(link: ShareLinkRow, token: string, url: string): CreatedShareLinkDto {
  return { ...presentShareLink(link), token, url };
}

/** What accepting a link gave the caller. */
export function presentAcceptedShareLink(reportId: string, role: AcceptedShareLinkDto['role']): AcceptedShareLinkDto {
  return { reportId, role };
}
