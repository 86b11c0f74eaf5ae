// The email telling someone a report was shared with them. Plain text, like every mail we send.
import type { MemberRole } from '../../core/api/sharing';
import type { MailMessage } from './mail-types';

export interface InviteMailProps {
  to: string;
  inviterName: string;
  topic: string;
  role: MemberRole;
  /** Where the report opens in the web app. */
  url: string;
  /** False when the address has no account yet: the mail then says how to get in. */
  hasAccount: boolean;
}

/** The invitation to a shared report. */
export function inviteMail(p: InviteMailProps): MailMessage {
  const what = p.role === 'editor' ? 'edit' : 'view';
  const text = [
    `${p.inviterName} invited you to ${what} the report "${p.topic}" on Seydam.`,
    '',
    `Open it: ${p.url}`,
    '',
    p.hasAccount
      ? 'It is also on your dashboard, under reports shared with you.'
      : `Sign up with this email address (${p.to}) to open it; the invitation waits for you.`,
    '',
    '— Seydam',
  ].join('\n');
  return { to: p.to, subject: `${p.inviterName} shared a report with you on Seydam`, text };
}
