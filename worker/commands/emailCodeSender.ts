// Issues a sign-up or reset code and emails it. A code whose mail could not be sent is expired at
// once, so no code exists that its owner never received.
import type { Db } from '../../db/client';
import { expireEmailCode, issueEmailCode, type CodePayload, type CodePurpose } from '../lib/email-codes';
import { codeMail } from '../lib/mail-templates';
import { MailError, type Mailer } from '../lib/mailer';

export interface EmailCodeSenderProps {
  /** Where the code goes, as the person typed it. */
  email: string;
  purpose: CodePurpose;
  /** For a sign-up: the name and password hash the account will get. */
  payload: CodePayload;
  mailer: Mailer;
  /**
   * False stores a code and sends nothing: a forgot-password request for an unknown email then
   * leaves the same trace as a real one, so the reset endpoint cannot tell them apart.
   */
  deliver?: boolean;
}

/** Issues the code (older unused ones stop working) and sends it; `sent` is false when the mail failed. */
export default async function emailCodeSender(db: Db, props: EmailCodeSenderProps): Promise<{ expiresAt: Date; sent: boolean }> {
  const issued = await issueEmailCode(db, { email: props.email, purpose: props.purpose, payload: props.payload });
  if (props.deliver === false) return { expiresAt: issued.expiresAt, sent: false };
  try {
    await props.mailer.send(codeMail(props.email, props.purpose, issued.code));
    return { expiresAt: issued.expiresAt, sent: true };
  } catch (err) {
    if (!(err instanceof MailError)) throw err;
    await expireEmailCode(db, issued.id);
    return { expiresAt: issued.expiresAt, sent: false };
  }
}
