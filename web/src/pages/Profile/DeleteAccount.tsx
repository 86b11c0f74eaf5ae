// Delete my account: re-enter the password (when there is one) and confirm.
import { useSubmission } from '@solidjs/router';
import { Show } from 'solid-js';
import { Field } from '../../components/Field';
import { FormError } from '../../components/Notices';
import { deleteAccountAction } from '../../state/account';

/** The danger zone. */
export function DeleteAccount(props: { hasPassword: boolean }) {
  const sub = useSubmission(deleteAccountAction);
  return (
    <section aria-labelledby="delete-title" class="panel danger-zone">
      <h2 id="delete-title">Delete account</h2>
      <p>This deletes your reports, folders, credits and tokens for good. Payments stay in our accounting records.</p>
      <form action={deleteAccountAction} method="post" class="form">
        <Show when={props.hasPassword}>
          <Field name="password" label="Your password" type="password" autocomplete="current-password" required error={sub.error} />
        </Show>
        <div class="check">
          <input type="checkbox" id="confirm-delete" name="confirm" required />
          <label for="confirm-delete">I understand this cannot be undone.</label>
        </div>
        <FormError error={sub.error} fields={['password']} />
        <button type="submit" class="danger" disabled={sub.pending}>
          {sub.pending ? 'Deleting…' : 'Delete my account'}
        </button>
      </form>
    </section>
  );
}
