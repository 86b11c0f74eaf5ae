// Account flows as a person goes through them: read the emailed code, sign up, read the session
// cookie, and check that nothing secret ever leaves the API.
import { desc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { mailOutbox } from '../../db/schema';
import { uniqueEmail, uniqueIp } from '../factories';
import { api } from './api';
import { testDb } from './db';

/** The newest mail sent to an address through the outbox transport (undefined when none). */
export async function latestMail(to: string) {
  const [mail] = await testDb()
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.to, to))
    .orderBy(desc(mailOutbox.createdAt))
    .limit(1);
  return mail;
}

/** How many mails went to an address. */
export async function mailCount(to: string): Promise<number> {
  return (await testDb().select({ id: mailOutbox.id }).from(mailOutbox).where(eq(mailOutbox.to, to))).length;
}

/** The 6-digit code in a mail's text. */
export function codeIn(text: string): string {
  const match = /\b(\d{6})\b/.exec(text);
  if (!match) throw new Error(`no 6-digit code in mail: ${text}`);
  return match[1]!;
}

/** The code in the newest mail to an address. */
export async function latestCode(to: string): Promise<string> {
  const mail = await latestMail(to);
  if (!mail) throw new Error(`no mail to ${to}`);
  return codeIn(mail.text);
}

/** The session secret a response set, or undefined. */
export function sessionFrom(res: Response): string | undefined {
  const header = res.headers.getSetCookie().find((c) => c.startsWith('seydam_session='));
  const value = header ? /^seydam_session=([^;]*)/.exec(header)![1] : undefined;
  return value || undefined;
}

/** Fails when a response body carries a password hash, a token hash or any field named like one. */
export function expectNoSecrets(body: unknown): void {
  const json = JSON.stringify(body);
  expect(json).not.toMatch(/pbkdf2/i);
  expect(json).not.toMatch(/password_?hash|token_?hash|code_?hash/i);
}

/** Signs up through the API (signup, code from the outbox, verify); returns the person and their session. */
export async function signUp(opts: { email?: string; password?: string; fullName?: string } = {}) {
  const email = opts.email ?? uniqueEmail('signup');
  const password = opts.password ?? 'a long enough password';
  const fullName = opts.fullName ?? 'Sam Signup';
  const ip = uniqueIp();
  const started = await api('/api/auth/signup', { ip, json: { fullName, email, password, passwordConfirm: password } });
  expect(started.status).toBe(202);
  const verified = await api('/api/auth/signup/verify', { ip, json: { email, code: await latestCode(email) } });
  expect(verified.status).toBe(201);
  const { data } = (await verified.json()) as { data: { user: { id: string } } };
  return { id: data.user.id, email, password, fullName, session: sessionFrom(verified)! };
}
