// What the dashboard says after the new-report dialog: the report (with a link), and the guideline
// documents that went up or did not.
import { A } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { CreatedReport } from '../../state/reports';

/** The note under the toolbar. */
export function CreatedNote(props: { created: CreatedReport; onDismiss: () => void }) {
  return (
    <div class={`notice ${props.created.notUploaded.length ? 'notice-warn' : 'notice-ok'}`} role="status">
      <p>
        Report “{props.created.report.topic}” created. <A href={`/reports/${props.created.report.id}`}>Open it</A>.
      </p>
      <Show when={props.created.uploaded.length}>
        <p>Guideline documents uploaded: {props.created.uploaded.join(', ')}.</p>
      </Show>
      <Show when={props.created.notUploaded.length}>
        <ul>
          <For each={props.created.notUploaded}>
            {(f) => (
              <li>
                {f.name} was not uploaded: {f.reason}.
              </li>
            )}
          </For>
        </ul>
      </Show>
      <button type="button" class="button-link" onClick={() => props.onDismiss()}>
        Dismiss
      </button>
    </div>
  );
}
