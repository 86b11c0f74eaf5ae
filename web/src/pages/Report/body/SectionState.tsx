// A section's generation state beside its title: queued, being written by the AI, or failed with
// the reason. Idle and done say nothing.
import { Match, Switch } from 'solid-js';
import type { SectionState as State } from '../../../../../core/doc';

/** The badge for `state`. */
export function SectionState(props: { state: State | undefined }) {
  return (
    <Switch>
      <Match when={props.state?.status === 'queued'}>
        <span class="section-state state-queued">Queued</span>
      </Match>
      <Match when={props.state?.status === 'writing'}>
        <span class="section-state state-writing" role="status">
          <span class="ai-dot" aria-hidden="true" />
          Writing… <span class="state-writer">by {props.state?.writer ?? 'Seydam AI'}</span>
        </span>
      </Match>
      <Match when={props.state?.status === 'failed'}>
        <span class="section-state state-failed" role="alert">
          Failed{props.state?.error ? `: ${props.state.error}` : ''}
        </span>
      </Match>
    </Switch>
  );
}
