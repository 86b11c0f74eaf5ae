// Sign up: name, email, password → a 6-digit code is emailed → the code page. A `next` (where the
// person was going) rides along to the code page.
import { A, useSearchParams, useSubmission } from '@solidjs/router';
import { PASSWORD_MIN_LENGTH } from '../../../../core/api/auth';
import { Field } from '../../components/Field';
import { FormError } from '../../components/Notices';
import { GoogleButton } from '../../components/GoogleButton';
import { landingAfterSignIn, withNext } from '../../lib/after-sign-in';
import { safeNextPath } from '../../lib/forms';
import { signupAction } from '../../state/auth';

const FIELDS = ['fullName', 'email', 'password', 'passwordConfirm'] as const;

/** "/signup?next=" */
export default function Signup() {
  const [params] = useSearchParams();
  const next = () => (typeof params.next === 'string' ? params.next : '');
  const sub = useSubmission(signupAction);
  return (
    <div class="narrow">
      <h1>Create your account</h1>
      <form action={signupAction} method="post" class="form">
        <input type="hidden" name="next" value={safeNextPath(next()) ?? ''} />
        <Field name="fullName" label="Full name" autocomplete="name" required maxLength={200} error={sub.error} />
        <Field name="email" label="Email" type="email" autocomplete="email" required error={sub.error} />
        <Field
          name="password"
          label="Password"
          type="password"
          autocomplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
          error={sub.error}
        />
        <Field name="passwordConfirm" label="Repeat the password" type="password" autocomplete="new-password" required error={sub.error} />
        <FormError error={sub.error} fields={FIELDS} />
        <button type="submit" disabled={sub.pending}>
          {sub.pending ? 'Sending the code…' : 'Sign up'}
        </button>
      </form>
      <GoogleButton label="Sign up with Google" next={landingAfterSignIn(next())} />
      <p>
        Already have an account? <A href={withNext('/login', next())}>Log in</A>.
      </p>
    </div>
  );
}
