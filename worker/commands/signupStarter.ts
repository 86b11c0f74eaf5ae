// Starts an email sign-up: no account yet, only a code by email that carries the name and the
// password hash (hashed now, so the password itself is never stored anywhere).
import type { Db } from '../../db/client';
import { mailFailed, type Mailer } from '../lib/mailer';
import { hashPassword } from '../lib/password';
import { emailTaken, findUserByEmail } from '../lib/users';
import emailCodeSender from './emailCodeSender';

export interface SignupStarterProps {
  /** Trimmed, as typed. */
  email: string;
  fullName: string;
  /** Plain text, 8..200 characters; only its hash is kept. */
  password: string;
  mailer: Mailer;
}

/** Emails a sign-up code; 409 email_taken when the email has an account, 502 when the mail failed. */
export default async function signupStarter(db: Db, props: SignupStarterProps): Promise<{ expiresAt: Date }> {
  if (await findUserByEmail(db, props.email)) throw emailTaken();
  const passwordHash = await hashPassword(props.password);
  const result = await emailCodeSender(db, {
    email: props.email,
    purpose: 'signup',
    payload: { fullName: props.fullName, passwordHash },
    mailer: props.mailer,
  });
  if (!result.sent) throw mailFailed();
  return { expiresAt: result.expiresAt };
}
