// Change my display name.
import { useSubmission } from '@solidjs/router';
import { Show } from 'solid-js';
import { Field } from '../../components/Field';
import { FormError, Note } from '../../components/Notices';
import { updateNameAction } from '../../state/account';

/** The name section. */
export function NameForm(props: { fullName: string }) {
  const sub = useSubmission(updateNameAction);
  return (
    <section aria-labelledby="name-title" class="panel">
      <h2 id="name-title">Your name</h2>
      <form action={updateNameAction} method="post" class="form">
        <Field name="fullName" label="Full name" autocomplete="name" required maxLength={200} value={props.fullName} error={sub.error} />
        <FormError error={sub.error} fields={['fullName']} />
        <Show when={sub.result && !sub.pending}>
          <Note>Name saved.</Note>
        </Show>
        <button type="submit" disabled={sub.pending}>
          {sub.pending ? 'Saving…' : 'Save name'}
        </button>
      </form>
    </section>
  );
}
