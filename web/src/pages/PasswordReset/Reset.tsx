// Set a new password with the emailed code.
import { A, useSearchParams, useSubmission } from '@solidjs/router';
import { CODE_TTL_MINUTES, PASSWORD_MIN_LENGTH } from '../../../../core/api/auth';
import { Field } from '../../components/Field';
import { FormError } from '../../components/Notices';
import { resetAction } from '../../state/auth';

const FIELDS = ['email', 'code', 'password', 'passwordConfirm'] as const;

/** "/reset?email=" */
export default function Reset() {
  const [params] = useSearchParams();
  const sub = useSubmission(resetAction);
  return (
    <div class="narrow">
      <h1>Choose a new password</h1>
      <p>If an account exists for this email, a code is on its way. It works for {CODE_TTL_MINUTES} minutes.</p>
      <form action={resetAction} method="post" class="form">
        <Field name="email" label="Email" type="email" autocomplete="email" required value={typeof params.email === 'string' ? params.email : ''} error={sub.error} />
        <Field name="code" label="Code from the email" inputmode="numeric" autocomplete="one-time-code" pattern="\d{6}" maxLength={6} required error={sub.error} />
        <Field
          name="password"
          label="New password"
          type="password"
          autocomplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. You will be signed out everywhere.`}
          error={sub.error}
        />
        <Field name="passwordConfirm" label="Repeat the new password" type="password" autocomplete="new-password" required error={sub.error} />
        <FormError error={sub.error} fields={FIELDS} />
        <button type="submit" disabled={sub.pending}>
          {sub.pending ? 'Saving…' : 'Set the new password'}
        </button>
      </form>
      <p>
        No code? <A href="/forgot">Send another</A>.
      </p>
    </div>
  );
}
