// Production mail: POST {from, to, subject, text} with a bearer key to a provider's send API (the
// shape Resend's POST /emails takes), and a record of each attempt in mail_outbox.
import type { Db } from '../../db/client';
import { mailOutbox } from '../../db/schema';
import { log } from './log';
import { MailError, type MailMessage, type Mailer } from './mail-types';

const TIMEOUT_MS = 10_000;

export interface HttpMailerConfig {
  url: string | undefined;
  apiKey: string | undefined;
  from: string;
}

export class HttpMailer implements Mailer {
  constructor(
    private readonly db: Db,
    private readonly config: HttpMailerConfig,
  ) {}

  /** Hands the message to the provider; records the outcome; throws MailError on any failure. */
  async send(msg: MailMessage): Promise<void> {
    let error: string | null = null;
    try {
      await this.post(msg);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    // The stored copy is a record, not a mailbox: live codes stay out of the database.
    let stored = msg.text;
    for (const secret of msg.sensitive ?? []) if (secret) stored = stored.split(secret).join('[redacted]');
    await this.db
      .insert(mailOutbox)
      .values({ to: msg.to, subject: msg.subject, text: stored, transport: 'http', sentAt: error ? null : new Date(), error });
    if (error) {
      log('error', 'mail failed', { to: msg.to, subject: msg.subject, error });
      throw new MailError(error);
    }
  }

  private async post(msg: MailMessage): Promise<void> {
    const { url, apiKey, from } = this.config;
    if (!url || !apiKey) throw new MailError('MAIL_TRANSPORT=http needs MAIL_API_URL and MAIL_API_KEY.');
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ from, to: msg.to, subject: msg.subject, text: msg.text }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) {
      const body = (await res.text().catch(() => '')).slice(0, 300);
      throw new MailError(`mail provider answered ${res.status}${body ? `: ${body}` : ''}`);
    }
    await res.body?.cancel();
  }
}
