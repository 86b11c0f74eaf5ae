// Looking people up by email, the way sign-in needs it: whatever the case they type it in.
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users, type User } from '../../db/schema';
import { conflict } from '../errors';

/** The account with this email, ignoring case (the unique index is on lower(email)). */
export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`).limit(1);
  return user;
}

/** 409 for an email that already has an account. */
export const emailTaken = () => conflict('email_taken', 'An account with this email already exists. Sign in instead.', 'email');
