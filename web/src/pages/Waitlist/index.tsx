// Join the waitlist (POST /api/waitlist).
import { useSubmission } from '@solidjs/router';
import { Show } from 'solid-js';
import { Field } from '../../components/Field';
import { FormError, Note } from '../../components/Notices';
import { waitlistAction } from '../../state/public';

/** "/waitlist" */
export default function Waitlist() {
  const joined = useSubmission(waitlistAction);
  return (
    <div class="narrow">
      <h1>Join the waitlist</h1>
      <p>Leave your email and we will write when new features and plans open.</p>
      <Show
        when={joined.result}
        fallback={
          <form action={waitlistAction} method="post" class="form">
            <Field name="email" label="Email" type="email" autocomplete="email" required error={joined.error} />
            <FormError error={joined.error} fields={['email']} />
            <button type="submit" disabled={joined.pending}>
              {joined.pending ? 'Joining…' : 'Join the waitlist'}
            </button>
          </form>
        }
      >
        {(r) => <Note>You are on the list as {r().email}.</Note>}
      </Show>
    </div>
  );
}
