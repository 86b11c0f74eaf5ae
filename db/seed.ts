// Development seed data: a verified demo account with credits, a folder and two reports. Idempotent.
import { eq, sql } from 'drizzle-orm';
import { hashPassword } from '../worker/lib/password';
import type { Db } from './client';
import { creditLedger, reportFolders, reports, users } from './schema';

export const DEMO_EMAIL = 'demo@seydam.local';
export const DEMO_PASSWORD = 'seydam-demo-password';

/** Inserts the demo data unless the demo account already exists. Returns whether it wrote anything. */
export async function seedDevelopmentData(db: Db): Promise<boolean> {
  const existing = await db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, DEMO_EMAIL));
  if (existing.length > 0) return false;
  await db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        email: DEMO_EMAIL,
        fullName: 'Demo Writer',
        passwordHash: await hashPassword(DEMO_PASSWORD),
        emailVerifiedAt: new Date(),
      })
      .returning();
    const userId = user!.id;
    await tx.insert(creditLedger).values({ userId, delta: 25, reason: 'staff_grant', idempotencyKey: `seed:${userId}`, note: 'development seed' });
    const [folder] = await tx.insert(reportFolders).values({ ownerId: userId, name: 'Coursework' }).returning();
    await tx.insert(reports).values([
      {
        ownerId: userId,
        folderId: folder!.id,
        topic: 'The effect of urban green spaces on mental health',
        description: 'Parks seem to reduce stress; I want the evidence and the open questions.',
        referenceCount: 15,
      },
      {
        ownerId: userId,
        topic: 'Battery chemistries for grid storage',
        description: 'Lithium-ion dominates, but sodium-ion and flow batteries are rising.',
        referenceCount: 10,
        guidelines: 'Compare cost per kWh and cycle life.',
      },
    ]);
  });
  return true;
}
