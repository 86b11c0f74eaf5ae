// Revokes one of the owner's API tokens; it stops working at once.
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { apiTokens } from '../../db/schema';

export interface ApiTokenRevokerProps {
  tokenId: string;
  /** Only this owner's token is revoked. */
  userId: string;
}

/** True when a live token of the owner was revoked; false for an unknown, foreign or revoked one. */
export default async function apiTokenRevoker(db: Db, props: ApiTokenRevokerProps): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [token] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, props.tokenId), eq(apiTokens.userId, props.userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return Boolean(token);
  });
}
