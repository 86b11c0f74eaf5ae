// Writes one line of the staff audit log. Staff writes call it inside their own transaction, so an
// action and its record commit together; staff reads call it before answering.
import type { DbOrTx } from '../../db/client';
import { staffAuditLog, type User } from '../../db/schema';

export interface StaffActionRecorderProps {
  /** The staff member acting. */
  actor: Pick<User, 'id' | 'email'>;
  /** What they did, as `<resource>.<verb>` (e.g. `users.list`, `credits.grant`). */
  action: string;
  /** The kind of thing acted on (`user`, `report`, `payment`, `contact_message`). */
  targetType: string;
  /** The one row acted on; null for lists and searches. */
  targetId?: string | null;
  /** The parameters that say exactly what was read or changed. */
  details?: Record<string, unknown>;
}

/** Appends the audit row. */
export default async function staffActionRecorder(db: DbOrTx, props: StaffActionRecorderProps): Promise<void> {
  await db.insert(staffAuditLog).values({
    actorId: props.actor.id,
    actorEmail: props.actor.email,
    action: props.action,
    targetType: props.targetType,
    targetId: props.targetId ?? null,
    details: props.details ?? {},
  });
}
