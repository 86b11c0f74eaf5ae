// My credits now.
import { createAsync } from '@solidjs/router';
import { Show } from 'solid-js';
import { count, plural } from '../../lib/format';
import { getBalance } from '../../state/billing';

/** Balance, used and total, and how many reports the balance pays for. */
export function Balance() {
  const balance = createAsync(() => getBalance());
  return (
    <Show when={balance()}>
      {(b) => (
        <section aria-labelledby="balance-title" class="panel">
          <h2 id="balance-title">Your credits</h2>
          <dl class="stats">
            <div>
              <dt>Available</dt>
              <dd data-testid="balance">{count(b().balance)}</dd>
            </div>
            <div>
              <dt>Used / total</dt>
              <dd>
                {count(b().used)} / {count(b().total)}
              </dd>
            </div>
          </dl>
          <p>
            Enough for {plural(b().reportsAvailable, 'full report')} at {plural(b().reportCost, 'credit')} each.
          </p>
        </section>
      )}
    </Show>
  );
}
