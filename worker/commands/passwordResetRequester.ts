// Forgot password: emails a reset code when the email has an active account. For any other email a
// code is stored but never sent, so neither this request nor the reset endpoint tells them apart.
import type { Db } from '../../db/client';
import type { Mailer } from '../lib/mailer';
import { findUserByEmail } from '../lib/users';
import emailCodeSender from './emailCodeSender';

export interface PasswordResetRequesterProps {
  email: string;
  mailer: Mailer;
}

/** Issues a reset code (mailed only to a real, active account); never throws for a failed mail. */
export default async function passwordResetRequester(db: Db, props: PasswordResetRequesterProps): Promise<{ expiresAt: Date; sent: boolean }> {
  const user = await findUserByEmail(db, props.email);
  const deliver = Boolean(user?.isActive);
  // A failed mail is logged and recorded in mail_outbox; saying so here would reveal the account.
  return emailCodeSender(db, { email: user?.email ?? props.email, purpose: 'reset', payload: {}, mailer: props.mailer, deliver });
}
