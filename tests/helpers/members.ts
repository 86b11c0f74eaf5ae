// Sharing fixtures for tests: memberships made straight in the database, and reading API errors.
import { reportMembers } from '../../db/schema';
import type { BuiltUser } from '../factories';
import { testDb } from './db';

/** Makes `user` a member of the report as `role`, as an accepted invite would; answers the row. */
export async function addMember(reportId: string, user: Pick<BuiltUser, 'id' | 'email'>, role: 'editor' | 'viewer') {
  const [row] = await testDb()
    .insert(reportMembers)
    .values({ reportId, userId: user.id, invitedEmail: user.email, role, acceptedAt: new Date() })
    .returning();
  return row!;
}

/** A pending invite (no account yet) for `email`. */
export async function addPendingInvite(reportId: string, email: string, role: 'editor' | 'viewer') {
  const [row] = await testDb().insert(reportMembers).values({ reportId, invitedEmail: email, role }).returning();
  return row!;
}

/** The error object of an API error response. */
export async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; field?: string } }).error;
}
