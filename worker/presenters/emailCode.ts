// What the API says after emailing a code: where it went and until when it works (never the code).
import type { CodeSentDto } from '../../core/api/auth';

/** The answer to signup, resend and forgot. */
export function presentCodeSent(email: string, expiresAt: Date): CodeSentDto {
  return { email, expiresAt: expiresAt.toISOString() };
}
