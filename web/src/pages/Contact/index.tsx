// The contact form (POST /api/contact).
import { useSubmission } from '@solidjs/router';
import { Show } from 'solid-js';
import { Field, TextArea } from '../../components/Field';
import { FormError, Note } from '../../components/Notices';
import { contactAction } from '../../state/public';

const FIELDS = ['name', 'email', 'subject', 'message'] as const;

/** "/contact" */
export default function Contact() {
  const sent = useSubmission(contactAction);
  return (
    <div class="narrow">
      <h1>Contact us</h1>
      <Show
        when={!sent.result}
        fallback={
          <>
            <Note>Thank you — your message was sent. We will answer by email.</Note>
            <button type="button" class="button-secondary" onClick={() => sent.clear()}>
              Send another message
            </button>
          </>
        }
      >
        <form action={contactAction} method="post" class="form">
          <Field name="name" label="Your name" autocomplete="name" required maxLength={200} error={sent.error} />
          <Field name="email" label="Email" type="email" autocomplete="email" required error={sent.error} />
          <Field name="subject" label="Subject (optional)" maxLength={200} error={sent.error} />
          <TextArea name="message" label="Message" rows={6} required maxLength={5000} error={sent.error} />
          <FormError error={sent.error} fields={FIELDS} />
          <button type="submit" disabled={sent.pending}>
            {sent.pending ? 'Sending…' : 'Send message'}
          </button>
        </form>
      </Show>
    </div>
  );
}
