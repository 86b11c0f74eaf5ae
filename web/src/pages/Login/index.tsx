// Log in with email and password (or Google when this server offers it).
import { A, useSearchParams, useSubmission } from '@solidjs/router';
import { Show } from 'solid-js';
import type { GoogleSignInError } from '../../../../core/api/oauth';
import { Field } from '../../components/Field';
import { GoogleButton } from '../../components/GoogleButton';
import { FormError, Note } from '../../components/Notices';
import { landingAfterSignIn, withNext } from '../../lib/after-sign-in';
import { safeNextPath } from '../../lib/forms';
import { loginAction } from '../../state/auth';

// The words for the `error` Google sign-in sends back here.
const GOOGLE_ERRORS: Record<GoogleSignInError, string> = {
  google_failed: 'Signing in with Google did not work. Try again, or use your email and password.',
  google_cancelled: 'Google sign-in was cancelled.',
  google_email_unverified: 'Your Google account’s email is not verified, so it cannot be used to sign in.',
  account_disabled: 'This account is disabled.',
};

/** "/login?next=&email=&reset=1&error=" */
export default function Login() {
  const [params] = useSearchParams();
  const sub = useSubmission(loginAction);
  const text = (v: string | string[] | undefined) => (typeof v === 'string' ? v : '');
  const googleError = () => GOOGLE_ERRORS[text(params.error) as GoogleSignInError];
  const next = () => text(params.next);
  const landing = () => landingAfterSignIn(next());
  return (
    <div class="narrow">
      <h1>Log in</h1>
      <Show when={landing() === '/share'}>
        <Note>Log in or create an account to open the report shared with you.</Note>
      </Show>
      <Show when={params.reset}>
        <Note>Your password was changed. Log in with the new one.</Note>
      </Show>
      <Show when={googleError()}>
        <p class="notice notice-error" role="alert">
          {googleError()}
        </p>
      </Show>
      <form action={loginAction} method="post" class="form">
        <input type="hidden" name="next" value={safeNextPath(next()) ?? ''} />
        <Field name="email" label="Email" type="email" autocomplete="email" required value={text(params.email)} error={sub.error} />
        <Field name="password" label="Password" type="password" autocomplete="current-password" required error={sub.error} />
        <FormError error={sub.error} fields={['email', 'password']} />
        <button type="submit" disabled={sub.pending}>
          {sub.pending ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <GoogleButton label="Log in with Google" next={landing()} />
      <p>
        <A href="/forgot">Forgot your password?</A> · New here? <A href={withNext('/signup', next())}>Create an account</A>.
      </p>
    </div>
  );
}
