// The packs for sale, each with a button that starts a Stripe Checkout.
import { createAsync, useAction, useSubmission } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { PackDto } from '../../../../core/api/billing';
import { FormError } from '../../components/Notices';
import { money, plural } from '../../lib/format';
import { checkoutAction, getPricing } from '../../state/billing';

/** The buy-credits section. */
export function BuyPacks() {
  const pricing = createAsync(() => getPricing());
  const sub = useSubmission(checkoutAction);
  return (
    <section aria-labelledby="buy-title" class="panel">
      <h2 id="buy-title">Buy credits</h2>
      <Show when={pricing()}>
        {(p) => (
          <>
            <Show when={!p().paymentsEnabled}>
              <p class="notice notice-info">Payments are not switched on for this server, so credits cannot be bought here.</p>
            </Show>
            <ul class="cards packs">
              <For each={p().packs}>{(pack) => <PackOffer pack={pack} enabled={p().paymentsEnabled} />}</For>
            </ul>
          </>
        )}
      </Show>
      <Show when={sub.result}>
        <p role="status">Taking you to secure checkout…</p>
      </Show>
      <FormError error={sub.error} />
    </section>
  );
}

function PackOffer(props: { pack: PackDto; enabled: boolean }) {
  const buy = useAction(checkoutAction);
  const sub = useSubmission(checkoutAction, ([pack]) => pack === props.pack.id);
  const busy = useSubmission(checkoutAction);
  return (
    <li class="card pack">
      <h3>{props.pack.name}</h3>
      <p class="price">{money(props.pack.amountCents, props.pack.currency)}</p>
      <p>Enough for {plural(props.pack.reports, 'full report')}</p>
      <button
        type="button"
        disabled={!props.enabled || busy.pending || Boolean(busy.result)}
        aria-label={`Buy ${props.pack.name} for ${money(props.pack.amountCents, props.pack.currency)}`}
        onClick={() => void buy(props.pack.id).catch(() => undefined)}
      >
        {sub.pending ? 'Starting checkout…' : 'Buy'}
      </button>
    </li>
  );
}
