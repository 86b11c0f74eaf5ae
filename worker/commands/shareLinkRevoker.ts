// Revokes a share link: it stops working for anyone who has not used it yet. People who already
// joined through it stay members until they are removed on their own.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { shareLinks } from '../../db/schema';

export interface ShareLinkRevokerProps {
  reportId: string;
  /** A link of that report. */
  linkId: string;
}

/** Stamps revokedAt (once); false when the report has no such link. Revoking twice is not an error. */
export default async function shareLinkRevoker(db: Db, props: ShareLinkRevokerProps): Promise<boolean> {
  return db.transaction(async (tx) => {
    const ofReport = and(eq(shareLinks.id, props.linkId), eq(shareLinks.reportId, props.reportId));
    const [revoked] = await tx
      .update(shareLinks)
      .set({ revokedAt: new Date() })
      .where(and(ofReport, isNull(shareLinks.revokedAt)))
      .returning({ id: shareLinks.id });
    if (revoked) return true;
    const [exists] = await tx.select({ id: shareLinks.id }).from(shareLinks).where(ofReport);
    return Boolean(exists);
  });
}
