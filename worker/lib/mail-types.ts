// What every mail transport accepts and throws (kept apart from mailer.ts so transports do not import it).

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Strings (codes) the stored copy must not keep when the mail really leaves us. */
  sensitive?: string[];
}

export interface Mailer {
  /** Sends one message; throws MailError when it could not be handed over. */
  send(msg: MailMessage): Promise<void>;
}

/** The mail could not be sent; the message says why (for logs, not for users). */
export class MailError extends Error {
  override name = 'MailError';
}
