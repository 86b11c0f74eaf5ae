// Creates an account: the user row, the free-credit grant and the claim of any report invites that
// waited for this email, in one transaction. Used by email sign-up (once the code is verified) and
// by Google sign-in.
import { and, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { creditLedger, reportMembers, users, type User } from '../../db/schema';

export interface UserCreatorProps {
  /** Email as the person typed it (uniqueness is case-insensitive). */
  email: string;
  fullName: string;
  /** PBKDF2 hash, or null for an account that signs in only with Google. */
  passwordHash: string | null;
  /** Credits granted to a new account (the ledger's `signup_grant`). */
  signupCredits: number;
}

/** Inserts the user, its signup grant and its invites. A duplicate email surfaces as a unique violation (409). */
export default async function userCreator(db: DbOrTx, props: UserCreatorProps): Promise<User> {
  return db.transaction(async (tx) => {
    const now = new Date();
    const [user] = await tx
      .insert(users)
      .values({
        email: props.email.trim(),
        fullName: props.fullName.trim(),
        passwordHash: props.passwordHash,
        emailVerifiedAt: now,
        lastLoginAt: now,
      })
      .returning();
    if (props.signupCredits > 0) {
      await tx.insert(creditLedger).values({
        userId: user!.id,
        delta: props.signupCredits,
        reason: 'signup_grant',
        idempotencyKey: `signup_grant:${user!.id}`,
        note: 'Free credits for a new account',
      });
    }
    // Invites to this email become memberships now: the address was verified before we got here.
    await tx
      .update(reportMembers)
      .set({ userId: user!.id, acceptedAt: now })
      .where(and(isNull(reportMembers.userId), sql`lower(${reportMembers.invitedEmail}) = lower(${user!.email})`));
    return user!;
  });
}

/** The configured signup grant (SIGNUP_CREDITS, default 5). */
export function signupCredits(env: { SIGNUP_CREDITS?: string | undefined }): number {
  const n = Number(env.SIGNUP_CREDITS ?? 5);
  return Number.isInteger(n) && n >= 0 ? n : 5;
}
