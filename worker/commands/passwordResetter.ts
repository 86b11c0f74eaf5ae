// Sets a new password from an emailed reset code and ends every session of the account, in one
// transaction with claiming the code.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users } from '../../db/schema';
import { checkEmailCode, claimEmailCode, invalidCode } from '../lib/email-codes';
import { hashPassword } from '../lib/password';
import { revokeUserSessions } from '../lib/sessions';

export interface PasswordResetterProps {
  email: string;
  /** The 6 digits from the email. */
  code: string;
  /** The new password, 8..200 characters. */
  password: string;
}

/** Replaces the password hash and revokes all sessions; 400 for a wrong/expired/used/exhausted code. */
export default async function passwordResetter(db: Db, props: PasswordResetterProps): Promise<void> {
  // Counted outside the transaction below: a wrong try must stay counted.
  const code = await checkEmailCode(db, { email: props.email, purpose: 'reset', code: props.code });
  const passwordHash = await hashPassword(props.password);
  await db.transaction(async (tx) => {
    await claimEmailCode(tx, code.id);
    const [user] = await tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date() })
      .where(sql`lower(${users.email}) = lower(${code.email}) and ${users.isActive}`)
      .returning({ id: users.id });
    // A code stored for an unknown email was never sent; guessing it changes nothing.
    if (!user) throw invalidCode();
    await revokeUserSessions(tx, user.id);
  });
}
