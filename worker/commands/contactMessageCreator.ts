// Stores a message from the contact form.
import type { Db } from '../../db/client';
import { contactMessages } from '../../db/schema';

export interface ContactMessageCreatorProps {
  /** The signed-in sender, or null for a visitor. */
  userId: string | null;
  name: string;
  /** Where to answer, as the sender typed it. */
  email: string;
  /** '' when none was given. */
  subject: string;
  message: string;
}

/** Inserts the message. */
export default async function contactMessageCreator(db: Db, props: ContactMessageCreatorProps) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(contactMessages)
      .values({ userId: props.userId, name: props.name, email: props.email, subject: props.subject, message: props.message })
      .returning({ id: contactMessages.id, createdAt: contactMessages.createdAt });
    return row!;
  });
}
