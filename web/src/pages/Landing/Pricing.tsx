// The price list, as GET /api/billing/packs answers it.
import { A, createAsync } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { PackDto } from '../../../../core/api/billing';
import { Async } from '../../components/Async';
import { money, plural } from '../../lib/format';
import { getPricing } from '../../state/billing';

/** The pricing section of the landing page. */
export function Pricing() {
  return (
    <section id="pricing" aria-labelledby="pricing-title">
      <h2 id="pricing-title">Pricing</h2>
      <p>Pay as you go with credits that never expire. No subscription.</p>
      <Async what="prices" loading="Loading prices…">
        <PackList />
      </Async>
    </section>
  );
}

function PackList() {
  const pricing = createAsync(() => getPricing());
  return (
    <Show when={pricing()}>
      {(p) => (
        <>
          <p>A full report costs {plural(p().reportCost, 'credit')}.</p>
          <ul class="cards packs">
            <For each={p().packs}>{(pack) => <PackCard pack={pack} />}</For>
          </ul>
          <Show when={!p().paymentsEnabled}>
            <p class="hint">Buying credits is not switched on for this server yet.</p>
          </Show>
        </>
      )}
    </Show>
  );
}

function PackCard(props: { pack: PackDto }) {
  const perCredit = () => money(Math.round(props.pack.amountCents / props.pack.credits), props.pack.currency);
  return (
    <li class="card pack">
      <h3>{props.pack.name}</h3>
      <p class="price">{money(props.pack.amountCents, props.pack.currency)}</p>
      <p>
        {plural(props.pack.credits, 'credit')} · {perCredit()} a credit
      </p>
      <p>Enough for {plural(props.pack.reports, 'full report')}</p>
      <A href="/billing" class="button-secondary">
        Buy
      </A>
    </li>
  );
}
