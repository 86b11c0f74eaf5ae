// Creates a share link: a random token (returned once) whose SHA-256 is all we keep.
import type { Db } from '../../db/client';
import { shareLinks } from '../../db/schema';
import type { MemberRole } from '../../core/api/sharing';
import { randomToken, sha256Hex } from '../lib/bytes';

/** Share-link tokens start with this, so secret scanners and people can tell what they are. */
export const SHARE_LINK_PREFIX = 'sdl_';

export interface ShareLinkCreatorProps {
  reportId: string;
  /** The owner creating it. */
  createdBy: string;
  /** The role whoever accepts the link gets. */
  role: MemberRole;
  /** Hours until the link stops working; undefined for a link that lasts until revoked. */
  expiresInHours?: number | undefined;
}

/** Inserts the link; answers its row and the token, which is never stored or shown again. */
export default async function shareLinkCreator(db: Db, props: ShareLinkCreatorProps) {
  const token = `${SHARE_LINK_PREFIX}${randomToken(32)}`;
  const tokenHash = await sha256Hex(token);
  const expiresAt = props.expiresInHours === undefined ? null : new Date(Date.now() + props.expiresInHours * 3_600_000);
  return db.transaction(async (tx) => {
    const [link] = await tx
      .insert(shareLinks)
      .values({ reportId: props.reportId, tokenHash, role: props.role, createdBy: props.createdBy, expiresAt })
      .returning();
    return { link: link!, token };
  });
}
