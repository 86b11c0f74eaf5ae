// The words of the emails we send. Plain text: every client shows it, and nothing in it can be spoofed.
import { CODE_TTL_MINUTES } from '../../core/api/auth';
import type { MailMessage } from './mail-types';

export type CodePurpose = 'signup' | 'reset';

/** The email carrying a sign-up or password-reset code. */
export function codeMail(to: string, purpose: CodePurpose, code: string): MailMessage {
  const what = purpose === 'signup' ? 'finish creating your Seydam account' : 'set a new Seydam password';
  const subject = purpose === 'signup' ? 'Your Seydam sign-up code' : 'Your Seydam password reset code';
  const text = [
    `Your code is ${code}`,
    '',
    `Enter it to ${what}. It expires in ${CODE_TTL_MINUTES} minutes.`,
    '',
    purpose === 'signup'
      ? 'If you did not sign up for Seydam, ignore this email: no account is created without the code.'
      : 'If you did not ask to reset your password, ignore this email: your password stays as it is.',
    '',
    '— Seydam',
  ].join('\n');
  return { to, subject, text, sensitive: [code] };
}
