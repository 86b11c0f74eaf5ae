// The greeting and the numbers at the top of the dashboard.
import { A, createAsync } from '@solidjs/router';
import { Show } from 'solid-js';
import { count } from '../../lib/format';
import { getDashboard } from '../../state/reports';

/** "Hello, Name" with reports created and credits used / total. */
export function Summary() {
  const summary = createAsync(() => getDashboard());
  return (
    <Show when={summary()}>
      {(s) => (
        <section class="summary" aria-labelledby="greeting">
          <h1 id="greeting">Hello, {s().fullName}</h1>
          <dl class="stats">
            <div>
              <dt>Reports created</dt>
              <dd>{count(s().reportsCreated)}</dd>
            </div>
            <div>
              <dt>Credits used / total</dt>
              <dd>
                {count(s().credits.used)} / {count(s().credits.total)}
              </dd>
            </div>
            <div>
              <dt>Credits left</dt>
              <dd>{count(s().credits.balance)}</dd>
            </div>
          </dl>
          <A href="/billing" class="button-secondary">
            Buy credits
          </A>
        </section>
      )}
    </Show>
  );
}
