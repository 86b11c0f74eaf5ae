// Test fixtures built straight in the database (like outline's buildUser): fast, and independent of
// the routes under test. Flows that a user goes through are tested through the API instead.
import { randomBytes, createHash } from 'node:crypto';
import { creditLedger, reportFolders, reports, sessions, users } from '../db/schema';
import { hashPassword } from '../worker/lib/password';
import { testDb } from './helpers/db';

let seq = 0;
/** A unique email for this run. */
export function uniqueEmail(prefix = 'user'): string {
  seq += 1;
  return `${prefix}.${Date.now().toString(36)}.${process.pid}.${seq}@example.test`;
}

/** A unique IP (for CF-Connecting-IP) so per-IP limits of one test never trip another's. */
export function uniqueIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

export interface BuiltUser {
  id: string;
  email: string;
  fullName: string;
  password: string;
  /** Session secret: pass as `cookie` (or `bearer`) to `api()`. */
  session: string;
}

const passwordHashCache = new Map<string, string>();

/** A verified, active user with a live session. */
export async function buildUser(opts: { email?: string; password?: string; fullName?: string; isStaff?: boolean; credits?: number } = {}): Promise<BuiltUser> {
  const db = testDb();
  const email = opts.email ?? uniqueEmail();
  const password = opts.password ?? 'correct horse battery';
  let passwordHash = passwordHashCache.get(password);
  if (!passwordHash) {
    passwordHash = await hashPassword(password);
    passwordHashCache.set(password, passwordHash);
  }
  const fullName = opts.fullName ?? 'Test Person';
  const [user] = await db
    .insert(users)
    .values({ email, fullName, passwordHash, emailVerifiedAt: new Date(), isStaff: opts.isStaff ?? false })
    .returning();
  const session = randomBytes(32).toString('base64url');
  await db.insert(sessions).values({
    userId: user!.id,
    tokenHash: createHash('sha256').update(session).digest('hex'),
    expiresAt: new Date(Date.now() + 86_400_000),
  });
  if (opts.credits) {
    await db.insert(creditLedger).values({ userId: user!.id, delta: opts.credits, reason: 'staff_grant', idempotencyKey: `test:${user!.id}` });
  }
  return { id: user!.id, email, fullName, password, session };
}

/** A report owned by `ownerId`. */
export async function buildReport(ownerId: string, overrides: Partial<typeof reports.$inferInsert> = {}) {
  const [row] = await testDb()
    .insert(reports)
    .values({ ownerId, topic: 'Test topic', description: 'What I know', referenceCount: 10, ...overrides })
    .returning();
  return row!;
}

/** A folder owned by `ownerId`. */
export async function buildFolder(ownerId: string, name = `Folder ${++seq}`) {
  const [row] = await testDb().insert(reportFolders).values({ ownerId, name }).returning();
  return row!;
}
