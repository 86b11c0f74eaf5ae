// Billing: my credits, buying a pack through Stripe Checkout (and the page Stripe sends me back to),
// my payments, and my usage per report and month.
import { useSearchParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { Async } from '../../components/Async';
import { Balance } from './Balance';
import { BuyPacks } from './BuyPacks';
import { CheckoutReturn } from './CheckoutReturn';
import { Payments } from './Payments';
import { Usage } from './Usage';

/** "/billing?checkout=success|cancelled&session_id=" */
export default function Billing() {
  const [params] = useSearchParams();
  const checkout = (): 'success' | 'cancelled' | undefined => {
    const value = params.checkout;
    return value === 'success' || value === 'cancelled' ? value : undefined;
  };
  return (
    <div class="billing">
      <h1>Billing</h1>
      <Show when={checkout()}>
        {(outcome) => (
          <Async what="your payment">
            <CheckoutReturn outcome={outcome()} />
          </Async>
        )}
      </Show>
      <Async what="your credits">
        <Balance />
      </Async>
      <Async what="the credit packs">
        <BuyPacks />
      </Async>
      <Async what="your payments">
        <Payments />
      </Async>
      <Usage />
    </div>
  );
}
