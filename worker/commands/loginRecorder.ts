// Records a successful password sign-in: last login, a stronger hash when the parameters were
// raised since it was made, and a new session, in one transaction.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users, type User } from '../../db/schema';
import { hashPassword, needsRehash } from '../lib/password';
import { createSession } from '../lib/sessions';

export interface LoginRecorderProps {
  /** The account whose password was just verified. */
  user: User;
  /** The verified password, to re-hash it when needed. */
  password: string;
  userAgent?: string | undefined;
  ip?: string | undefined;
}

/** Starts the session and returns it with the updated user. */
export default async function loginRecorder(db: Db, props: LoginRecorderProps) {
  const rehashed = props.user.passwordHash && needsRehash(props.user.passwordHash) ? await hashPassword(props.password) : undefined;
  return db.transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ lastLoginAt: new Date(), ...(rehashed ? { passwordHash: rehashed } : {}) })
      .where(eq(users.id, props.user.id))
      .returning();
    const session = await createSession(tx, props.user.id, { userAgent: props.userAgent, ip: props.ip });
    return { user: user!, session };
  });
}
