// Puts an email on the waitlist, once: signing up again (in any case) changes nothing.
import type { Db } from '../../db/client';
import { waitlist } from '../../db/schema';

export interface WaitlistEntryCreatorProps {
  /** Stored lower-cased; the unique index is on lower(email) too. */
  email: string;
  /** Where the visitor signed up. */
  source: string;
}

/** Inserts the entry unless the email is already there; true when it was new. */
export default async function waitlistEntryCreator(db: Db, props: WaitlistEntryCreatorProps): Promise<boolean> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(waitlist)
      .values({ email: props.email.toLowerCase(), source: props.source })
      .onConflictDoNothing()
      .returning({ id: waitlist.id });
    return inserted.length > 0;
  });
}
