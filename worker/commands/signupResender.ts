// Sends a new code for a sign-up still waiting for one, with the name and password hash it started with.
import type { Db } from '../../db/client';
import { CODE_TTL_MS, newestUnusedCode } from '../lib/email-codes';
import { mailFailed, type Mailer } from '../lib/mailer';
import { findUserByEmail } from '../lib/users';
import emailCodeSender from './emailCodeSender';

// A sign-up older than this must be started again (its password hash should not live for ever).
const PENDING_SIGNUP_MS = 24 * 60 * 60 * 1000;

export interface SignupResenderProps {
  email: string;
  mailer: Mailer;
}

/** Emails a fresh code when a sign-up is pending; otherwise sends nothing and answers `pending: false`. */
export default async function signupResender(db: Db, props: SignupResenderProps): Promise<{ expiresAt: Date; pending: boolean }> {
  const pending = await newestUnusedCode(db, props.email, 'signup');
  const fresh = pending && Date.now() - pending.createdAt.getTime() < PENDING_SIGNUP_MS;
  if (!pending || !fresh || !('passwordHash' in pending.payload) || (await findUserByEmail(db, props.email))) {
    return { expiresAt: new Date(Date.now() + CODE_TTL_MS), pending: false };
  }
  const result = await emailCodeSender(db, { email: pending.email, purpose: 'signup', payload: pending.payload, mailer: props.mailer });
  if (!result.sent) throw mailFailed();
  return { expiresAt: result.expiresAt, pending: true };
}
