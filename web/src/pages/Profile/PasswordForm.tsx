// Change my password (other sessions end; this one stays).
import { A, useAction, useSubmission } from '@solidjs/router';
import { Show } from 'solid-js';
import { PASSWORD_MIN_LENGTH } from '../../../../core/api/auth';
import { Field } from '../../components/Field';
import { FormError, Note } from '../../components/Notices';
import { changePasswordAction } from '../../state/account';

const FIELDS = ['currentPassword', 'newPassword', 'newPasswordConfirm'] as const;

/** The password section; an account that only uses Google is told how to get a password. */
export function PasswordForm(props: { hasPassword: boolean }) {
  const change = useAction(changePasswordAction);
  const sub = useSubmission(changePasswordAction);
  return (
    <section aria-labelledby="password-title" class="panel">
      <h2 id="password-title">Password</h2>
      <Show when={props.hasPassword} fallback={<p>You sign in with Google. To also sign in with a password, <A href="/forgot">set one by email</A>.</p>}>
        <form
          class="form"
          onSubmit={async (e) => {
            e.preventDefault();
            const form = e.currentTarget;
            if (await change(new FormData(form)).then(() => true, () => false)) form.reset();
          }}
        >
          <Field name="currentPassword" label="Current password" type="password" autocomplete="current-password" required error={sub.error} />
          <Field name="newPassword" label="New password" type="password" autocomplete="new-password" required minLength={PASSWORD_MIN_LENGTH} hint={`At least ${PASSWORD_MIN_LENGTH} characters. Your other sessions will end.`} error={sub.error} />
          <Field name="newPasswordConfirm" label="Repeat the new password" type="password" autocomplete="new-password" required error={sub.error} />
          <FormError error={sub.error} fields={FIELDS} />
          <Show when={sub.result && !sub.pending}>
            <Note>Password changed.</Note>
          </Show>
          <button type="submit" disabled={sub.pending}>
            {sub.pending ? 'Saving…' : 'Change password'}
          </button>
        </form>
      </Show>
    </section>
  );
}
