// Ties a verified Google identity to an account: the account already linked to it, else the
// account with the same email (Google verified that address), else a new account.
import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client';
import { oauthIdentities, users, type User } from '../../db/schema';
import { isUniqueViolation } from '../errors';
import type { GoogleProfile } from '../lib/google';
import userCreator from './userCreator';

const PROVIDER = 'google';

export interface GoogleAccountLinkerProps {
  /** The claims of an ID token that passed `checkIdToken` (email verified by Google). */
  profile: GoogleProfile;
  /** Credits granted if this sign-in creates the account. */
  signupCredits: number;
}

/** How the account was found. */
export type GoogleAccountLink = { kind: 'existing' | 'linked' | 'created'; user: User };

/** Finds, links or creates the account for a Google sign-in and stamps its last login. */
export default async function googleAccountLinker(db: Db, props: GoogleAccountLinkerProps): Promise<GoogleAccountLink> {
  try {
    return await link(db, props);
  } catch (err) {
    // Two callbacks for the same new person raced (double click, two tabs): the loser's insert hits
    // a unique index. By now the winner has committed, so a second pass finds its rows.
    if (!isUniqueViolation(err)) throw err;
    return link(db, props);
  }
}

function link(db: Db, { profile, signupCredits }: GoogleAccountLinkerProps): Promise<GoogleAccountLink> {
  return db.transaction(async (tx) => {
    const now = new Date();
    const [known] = await tx
      .select({ user: users, identityId: oauthIdentities.id })
      .from(oauthIdentities)
      .innerJoin(users, eq(users.id, oauthIdentities.userId))
      .where(and(eq(oauthIdentities.provider, PROVIDER), eq(oauthIdentities.providerUserId, profile.sub)))
      .limit(1);
    if (known) {
      await tx.update(oauthIdentities).set({ email: profile.email, lastLoginAt: now }).where(eq(oauthIdentities.id, known.identityId));
      return { kind: 'existing', user: await stampLogin(tx, known.user.id, now) };
    }

    const [sameEmail] = await tx
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = lower(${profile.email})`)
      .limit(1);
    // userCreator opens a savepoint inside this transaction, so the account, its signup grant and
    // the identity commit together.
    const user =
      sameEmail ??
      (await userCreator(tx, {
        email: profile.email,
        fullName: profile.name ?? profile.email.split('@')[0]!,
        passwordHash: null,
        signupCredits,
      }));
    await tx.insert(oauthIdentities).values({
      userId: user.id,
      provider: PROVIDER,
      providerUserId: profile.sub,
      email: profile.email,
      lastLoginAt: now,
    });
    return { kind: sameEmail ? 'linked' : 'created', user: await stampLogin(tx, user.id, now) };
  });
}

// A Google sign-in proves the address, so an account that had not confirmed it yet now has.
async function stampLogin(tx: Pick<DbOrTx, 'update'>, userId: string, now: Date): Promise<User> {
  const [user] = await tx
    .update(users)
    .set({ lastLoginAt: now, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: now })
    .where(eq(users.id, userId))
    .returning();
  return user!;
}
