// Changes the password of a signed-in person and ends their other sessions, in one transaction.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users, type User } from '../../db/schema';
import { hashPassword } from '../lib/password';
import { revokeUserSessions } from '../lib/sessions';

export interface PasswordChangerProps {
  userId: string;
  /** Plain text, 8..200 characters; only its hash is kept. */
  newPassword: string;
  /** The session making the change stays signed in; undefined (an API token) ends them all. */
  keepSessionId?: string | undefined;
}

/** Stores the new hash and revokes every other session. */
export default async function passwordChanger(db: Db, props: PasswordChangerProps): Promise<User> {
  const passwordHash = await hashPassword(props.newPassword);
  return db.transaction(async (tx) => {
    const [user] = await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, props.userId)).returning();
    await revokeUserSessions(tx, props.userId, props.keepSessionId);
    return user!;
  });
}
