// Where Stripe sends the buyer back. The credits arrive with Stripe's webhook, which may come a moment
// after the browser: follow the payment until it leaves "pending", then say what happened.
import { createAsync, revalidate } from '@solidjs/router';
import { createEffect, Match, on, onCleanup, Show, Switch } from 'solid-js';
import type { PaymentDto } from '../../../../core/api/billing';
import { Loading } from '../../components/Notices';
import { money, plural } from '../../lib/format';
import { getBalance, getPayments, pendingPaymentId } from '../../state/billing';
import { getDashboard } from '../../state/reports';

const POLL_MS = 1500;
// Stripe usually confirms within seconds; after this long, stop polling and say it is still on its way.
const GIVE_UP_MS = 3 * 60 * 1000;

/** The result banner for `?checkout=success|cancelled`. */
export function CheckoutReturn(props: { outcome: 'success' | 'cancelled' }) {
  return (
    <Show when={props.outcome === 'success'} fallback={<p class="notice notice-info" role="status">Checkout was cancelled. You were not charged.</p>}>
      <PaymentOutcome />
    </Show>
  );
}

function PaymentOutcome() {
  const payments = createAsync(() => getPayments());
  const wanted = pendingPaymentId();
  // This browser's payment when it started one; otherwise the newest.
  const payment = (): PaymentDto | undefined => {
    const list = payments()?.data ?? [];
    return (wanted && list.find((p) => p.id === wanted)) || list[0];
  };
  const started = Date.now();
  createEffect(() => {
    if (payment()?.status !== 'pending' || Date.now() - started > GIVE_UP_MS) return;
    const timer = setTimeout(() => void revalidate(getPayments.key), POLL_MS);
    onCleanup(() => clearTimeout(timer));
  });
  // The balance is read again once the payment is seen out of "pending", never alongside it: a
  // balance read just before the webhook and a payment read just after would show "credits added"
  // over the old balance, and nothing would read it again.
  createEffect(
    on(
      () => payment()?.status,
      (status, previous) => {
        if (status !== undefined && status !== 'pending' && status !== previous) void revalidate([getBalance.key, getDashboard.key]);
      },
    ),
  );
  return (
    <div class="checkout-result" aria-live="polite" data-testid="checkout-result">
      <Switch fallback={<p class="notice notice-info">We could not find this payment. If you were charged, your credits will appear shortly.</p>}>
        <Match when={payment()?.status === 'pending'}>
          <Loading label="Payment received by Stripe — waiting for its confirmation…" />
          <p class="hint">This usually takes a few seconds. You can leave this page: the credits arrive on their own.</p>
        </Match>
        <Match when={payment()?.status === 'paid' && payment()}>
          {(p) => (
            <p class="notice notice-ok" role="status">
              Payment confirmed: {money(p().amountCents, p().currency)}. {plural(p().credits, 'credit')} added to your balance.
            </p>
          )}
        </Match>
        <Match when={payment()?.status === 'failed'}>
          <p class="notice notice-error" role="alert">The payment failed. You were not charged; try another payment method.</p>
        </Match>
        <Match when={payment()?.status === 'expired'}>
          <p class="notice notice-error" role="alert">The checkout expired before it was paid. You were not charged.</p>
        </Match>
        <Match when={payment()?.status === 'refunded'}>
          <p class="notice notice-info">This payment was refunded.</p>
        </Match>
      </Switch>
    </div>
  );
}
