// Development and test mail: the message lands in mail_outbox (the test suites' mailbox) and, outside
// production, on the console so `npm run dev` shows the codes.
import type { Db } from '../../db/client';
import { mailOutbox } from '../../db/schema';
import { log } from './log';
import type { MailMessage, Mailer } from './mail-types';

export class OutboxMailer implements Mailer {
  constructor(
    private readonly db: Db,
    private readonly opts: { echo: boolean },
  ) {}

  /** Stores the message as sent. */
  async send(msg: MailMessage): Promise<void> {
    await this.db.insert(mailOutbox).values({ to: msg.to, subject: msg.subject, text: msg.text, transport: 'outbox', sentAt: new Date() });
    if (this.opts.echo) {
      // console.info, not log(): `wrangler dev --log-level info` (npm run dev) hides console.log lines.
      console.info(JSON.stringify({ level: 'info', msg: 'mail (outbox)', time: new Date().toISOString(), to: msg.to, subject: msg.subject, text: msg.text }));
    } else {
      log('warn', 'mail kept in the outbox, not sent: set MAIL_TRANSPORT=http in production', { to: msg.to, subject: msg.subject });
    }
  }
}
