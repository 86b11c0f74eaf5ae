// Deletes an account. The foreign keys do the rest: reports, folders, sessions, tokens, identities and
// the credit ledger go with the user (ON DELETE CASCADE); payments stay, with user_id set to null,
// for accounting.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { emailCodes, users } from '../../db/schema';

export interface AccountDeleterProps {
  userId: string;
}

/** Deletes the user row and any codes still pending for its email. */
export default async function accountDeleter(db: Db, props: AccountDeleterProps): Promise<void> {
  await db.transaction(async (tx) => {
    const [user] = await tx.delete(users).where(eq(users.id, props.userId)).returning({ email: users.email });
    if (user) await tx.delete(emailCodes).where(sql`lower(${emailCodes.email}) = lower(${user.email})`);
  });
}
