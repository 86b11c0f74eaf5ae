// The short survey offered after someone's first export: how satisfied, would they recommend us,
// was it easy, did it meet expectations, what was most valuable, anything else.
import { useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { Dialog } from '../../../components/Dialog';
import { Field, TextArea } from '../../../components/Field';
import { FormError, Note } from '../../../components/Notices';
import { submitSurveyAction } from '../../../state/report-panels';

const QUESTIONS = [
  { name: 'wouldRecommend', label: 'Would you recommend Seydam to a colleague?' },
  { name: 'processEasy', label: 'Was writing the report easy?' },
  { name: 'metExpectations', label: 'Did the report meet your expectations?' },
] as const;

/** The survey dialog; `onClose` runs when it is sent or dismissed. */
export function Survey(props: { reportId: string; open: boolean; onClose: () => void }) {
  const send = useAction(submitSurveyAction);
  const sub = useSubmission(submitSurveyAction);
  const [thanked, setThanked] = createSignal(false);
  return (
    <Dialog open={props.open} title="How was it?" onClose={props.onClose}>
      <Show
        when={!thanked()}
        fallback={
          <>
            <Note>Thank you! Your answers help us improve Seydam.</Note>
            <div class="actions">
              <button type="button" onClick={() => props.onClose()}>
                Close
              </button>
            </div>
          </>
        }
      >
        <form
          class="form survey-form"
          onSubmit={async (e) => {
            e.preventDefault();
            const ok = await send(props.reportId, new FormData(e.currentTarget)).catch(() => undefined);
            if (ok) setThanked(true);
          }}
        >
          <p class="hint">Six quick questions about this report. All but the last two are needed.</p>
          <fieldset class="rating">
            <legend>How satisfied are you with the report? (1 = not at all, 5 = very)</legend>
            <For each={[1, 2, 3, 4, 5]}>
              {(n) => (
                <label class="check">
                  <input type="radio" name="satisfaction" value={n} required /> {n}
                </label>
              )}
            </For>
          </fieldset>
          <For each={QUESTIONS}>
            {(q) => (
              <fieldset class="yes-no">
                <legend>{q.label}</legend>
                <label class="check">
                  <input type="radio" name={q.name} value="yes" required /> Yes
                </label>
                <label class="check">
                  <input type="radio" name={q.name} value="no" /> No
                </label>
              </fieldset>
            )}
          </For>
          <Field name="mostValuableFeature" label="What was most valuable?" maxLength={200} error={sub.error} />
          <TextArea name="feedback" label="Anything else?" rows="3" maxLength={5000} error={sub.error} />
          <FormError error={sub.error} fields={['mostValuableFeature', 'feedback']} />
          <div class="actions">
            <button type="submit" disabled={sub.pending}>
              {sub.pending ? 'Sending…' : 'Send'}
            </button>
            <button type="button" class="button-link" onClick={() => props.onClose()}>
              Not now
            </button>
          </div>
        </form>
      </Show>
    </Dialog>
  );
}
