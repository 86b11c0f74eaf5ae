// The one way the worker sends email. MAIL_TRANSPORT picks the transport: `outbox` (default; the
// mail_outbox table plus the console, for development and tests) or `http` (a provider's send API).
import type { Db } from '../../db/client';
import type { Bindings } from '../env';
import { apiError } from '../errors';
import { HttpMailer } from './mail-http';
import { OutboxMailer } from './mail-outbox';
import { MailError, type Mailer } from './mail-types';

export { MailError, type MailMessage, type Mailer } from './mail-types';

export const DEFAULT_MAIL_FROM = 'Seydam <no-reply@seydam.local>';

/** The configured mailer for this request. */
export function mailerFor(env: Bindings, db: Db): Mailer {
  const transport = (env.MAIL_TRANSPORT ?? 'outbox').trim().toLowerCase();
  if (transport === 'outbox') return new OutboxMailer(db, { echo: env.ENVIRONMENT !== 'production' });
  if (transport === 'http') {
    return new HttpMailer(db, { url: env.MAIL_API_URL, apiKey: env.MAIL_API_KEY, from: env.MAIL_FROM || DEFAULT_MAIL_FROM });
  }
  // A typo in configuration must show up as failed mail (502 and a log line), not as silence.
  return {
    send: async () => {
      throw new MailError(`Unknown MAIL_TRANSPORT "${transport}" (use outbox or http).`);
    },
  };
}

/** 502 for a mail that could not be sent: the person must know no code is coming. */
export const mailFailed = () =>
  apiError(502, 'mail_failed', 'We could not send the email just now. Try again in a few minutes.');
