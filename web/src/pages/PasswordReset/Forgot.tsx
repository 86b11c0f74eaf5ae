// Forgot password: email → a reset code is emailed → the reset page.
import { A, useSubmission } from '@solidjs/router';
import { Field } from '../../components/Field';
import { FormError } from '../../components/Notices';
import { forgotAction } from '../../state/auth';

/** "/forgot" */
export default function Forgot() {
  const sub = useSubmission(forgotAction);
  return (
    <div class="narrow">
      <h1>Reset your password</h1>
      <p>Enter your account’s email and we will send a code to set a new password.</p>
      <form action={forgotAction} method="post" class="form">
        <Field name="email" label="Email" type="email" autocomplete="email" required error={sub.error} />
        <FormError error={sub.error} fields={['email']} />
        <button type="submit" disabled={sub.pending}>
          {sub.pending ? 'Sending…' : 'Send the code'}
        </button>
      </form>
      <p>
        Remembered it? <A href="/login">Log in</A>.
      </p>
    </div>
  );
}
