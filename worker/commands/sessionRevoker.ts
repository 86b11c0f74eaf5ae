// Ends one session (sign out).
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { sessions } from '../../db/schema';

export interface SessionRevokerProps {
  sessionId: string;
}

/** Marks the session revoked; its secret stops working at once. */
export default async function sessionRevoker(db: Db, props: SessionRevokerProps): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.id, props.sessionId), isNull(sessions.revokedAt)));
  });
}
