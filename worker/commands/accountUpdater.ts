// Updates the editable parts of one's own profile.
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users, type User } from '../../db/schema';

export interface AccountUpdaterProps {
  userId: string;
  /** Trimmed, 1..200 characters. */
  fullName: string;
}

/** Saves the name and returns the updated user. */
export default async function accountUpdater(db: Db, props: AccountUpdaterProps): Promise<User> {
  return db.transaction(async (tx) => {
    const [user] = await tx.update(users).set({ fullName: props.fullName, updatedAt: new Date() }).where(eq(users.id, props.userId)).returning();
    return user!;
  });
}
