// Emailed 6-digit codes: stored only as a hash keyed by the row id, valid for 10 minutes, burnt by the
// 5th wrong try, usable once. Every rule is enforced in SQL so concurrent requests cannot bend it.
import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { CODE_MAX_ATTEMPTS, CODE_TTL_MINUTES } from '../../core/api/auth';
import type { Db } from '../../db/client';
import { emailCodes } from '../../db/schema';
import { apiError } from '../errors';
import { randomDigits, sha256Hex, timingSafeEqualString } from './bytes';

export type EmailCode = typeof emailCodes.$inferSelect;
export type CodePurpose = EmailCode['purpose'];
export type CodePayload = EmailCode['payload'];

export const CODE_TTL_MS = CODE_TTL_MINUTES * 60 * 1000;

const sameEmail = (email: string) => sql`lower(${emailCodes.email}) = lower(${email})`;

/** The stored form of a code: SHA-256 of `<row id>:<digits>`, so equal codes never hash alike. */
export function hashEmailCode(id: string, code: string): Promise<string> {
  return sha256Hex(`${id}:${code}`);
}

/** Creates a fresh code for an email and purpose, invalidating the older unused ones. */
export async function issueEmailCode(
  db: Db,
  props: { email: string; purpose: CodePurpose; payload: CodePayload },
): Promise<{ id: string; code: string; expiresAt: Date }> {
  const id = crypto.randomUUID();
  const code = randomDigits(6);
  const expiresAt = new Date(Date.now() + CODE_TTL_MS);
  const codeHash = await hashEmailCode(id, code);
  await db.transaction(async (tx) => {
    await tx
      .update(emailCodes)
      .set({ expiresAt: sql`least(${emailCodes.expiresAt}, now())` })
      .where(and(sameEmail(props.email), eq(emailCodes.purpose, props.purpose), isNull(emailCodes.usedAt), gt(emailCodes.expiresAt, sql`now()`)));
    await tx.insert(emailCodes).values({ id, email: props.email, purpose: props.purpose, codeHash, payload: props.payload, expiresAt });
  });
  return { id, code, expiresAt };
}

/** Makes a code unusable at once (its mail never left), while keeping the pending sign-up resendable. */
export async function expireEmailCode(db: Db, id: string): Promise<void> {
  await db.update(emailCodes).set({ expiresAt: sql`least(${emailCodes.expiresAt}, now())` }).where(eq(emailCodes.id, id));
}

/** The newest code of an email and purpose that was not used, whatever its state. */
export async function newestUnusedCode(db: Db, email: string, purpose: CodePurpose): Promise<EmailCode | undefined> {
  const [row] = await db
    .select()
    .from(emailCodes)
    .where(and(sameEmail(email), eq(emailCodes.purpose, purpose), isNull(emailCodes.usedAt)))
    .orderBy(desc(emailCodes.createdAt))
    .limit(1);
  return row;
}

/** 400 invalid_code, with the tries left when a real code was tried. */
export const invalidCode = (attemptsLeft?: number) =>
  apiError(400, 'invalid_code', 'That code is not right. Check the email, or ask for a new code.', {
    field: 'code',
    ...(attemptsLeft === undefined ? {} : { details: { attemptsLeft } }),
  });

/**
 * Checks a typed code against the newest unused one, counting the try first (atomically, so at most
 * 5 comparisons ever happen per code). Returns the matching row, not yet claimed: the caller claims it
 * with `claimEmailCode` inside the transaction that acts on it.
 */
export async function checkEmailCode(db: Db, props: { email: string; purpose: CodePurpose; code: string }): Promise<EmailCode> {
  const row = await newestUnusedCode(db, props.email, props.purpose);
  // Said the same way as a wrong code, so the endpoint does not tell which emails have a code pending.
  if (!row) throw invalidCode();
  if (row.expiresAt.getTime() <= Date.now()) {
    throw apiError(400, 'code_expired', 'That code has expired. Ask for a new one.', { field: 'code' });
  }
  const [counted] = await db
    .update(emailCodes)
    .set({ attempts: sql`${emailCodes.attempts} + 1` })
    .where(and(eq(emailCodes.id, row.id), lt(emailCodes.attempts, CODE_MAX_ATTEMPTS), isNull(emailCodes.usedAt)))
    .returning({ attempts: emailCodes.attempts });
  if (!counted) {
    throw apiError(400, 'code_exhausted', 'Too many wrong tries for that code. Ask for a new one.', { field: 'code' });
  }
  const expected = await hashEmailCode(row.id, props.code);
  if (!timingSafeEqualString(expected, row.codeHash)) throw invalidCode(CODE_MAX_ATTEMPTS - counted.attempts);
  return row;
}

/** Marks a checked code used; throws invalid_code if a concurrent request used it first. */
export async function claimEmailCode(db: Db, id: string): Promise<void> {
  const [claimed] = await db
    .update(emailCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(emailCodes.id, id), isNull(emailCodes.usedAt), gt(emailCodes.expiresAt, sql`now()`)))
    .returning({ id: emailCodes.id });
  if (!claimed) throw invalidCode();
}
