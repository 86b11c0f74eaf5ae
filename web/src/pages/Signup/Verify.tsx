// The second step of sign-up: the 6-digit code from the email (or a new one).
import { A, useAction, useSearchParams, useSubmission } from '@solidjs/router';
import { Show } from 'solid-js';
import { CODE_TTL_MINUTES } from '../../../../core/api/auth';
import { Field } from '../../components/Field';
import { FormError, Note } from '../../components/Notices';
import { withNext } from '../../lib/after-sign-in';
import { safeNextPath } from '../../lib/forms';
import { resendCodeAction, verifySignupAction } from '../../state/auth';

/** "/signup/verify?email=&next=" */
export default function VerifySignup() {
  const [params] = useSearchParams();
  const email = () => (typeof params.email === 'string' ? params.email : '');
  const next = () => (typeof params.next === 'string' ? params.next : '');
  const verify = useSubmission(verifySignupAction);
  const resend = useAction(resendCodeAction);
  const resent = useSubmission(resendCodeAction);
  let emailInput: HTMLInputElement | undefined;
  return (
    <div class="narrow">
      <h1>Check your email</h1>
      <Show when={email()} fallback={<p>Enter the email you signed up with and the code we sent to it.</p>}>
        <p>
          We sent a 6-digit code to <strong>{email()}</strong>. It works for {CODE_TTL_MINUTES} minutes.
        </p>
      </Show>
      <form action={verifySignupAction} method="post" class="form">
        <input type="hidden" name="next" value={safeNextPath(next()) ?? ''} />
        <Show when={email()} fallback={<Field ref={emailInput} name="email" label="Email" type="email" autocomplete="email" required error={verify.error} />}>
          <input type="hidden" name="email" value={email()} />
        </Show>
        <Field
          name="code"
          label="Code"
          inputmode="numeric"
          autocomplete="one-time-code"
          pattern="\d{6}"
          maxLength={6}
          required
          error={verify.error}
        />
        <FormError error={verify.error} fields={['code', 'email']} />
        <button type="submit" disabled={verify.pending}>
          {verify.pending ? 'Checking…' : 'Create my account'}
        </button>
      </form>
      <div class="form-aside">
        <button type="button" class="button-secondary" disabled={resent.pending} onClick={() => void resend(email() || emailInput?.value || '').catch(() => undefined)}>
          {resent.pending ? 'Sending…' : 'Send a new code'}
        </button>
        <Show when={resent.result}>{(r) => <Note>A new code was sent to {r().email}.</Note>}</Show>
        <FormError error={resent.error} />
      </div>
      <p>
        Wrong address? <A href={withNext('/signup', next())}>Start again</A>.
      </p>
    </div>
  );
}
