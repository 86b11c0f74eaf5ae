// My payment history.
import { createAsync } from '@solidjs/router';
import { For, Show } from 'solid-js';
import type { PaymentStatus } from '../../../../core/api/billing';
import { count, dateTime, money } from '../../lib/format';
import { getPayments, getPricing } from '../../state/billing';

const STATUS: Record<PaymentStatus, string> = { pending: 'Pending', paid: 'Paid', failed: 'Failed', refunded: 'Refunded', expired: 'Expired' };

/** The payments table. */
export function Payments() {
  const payments = createAsync(() => getPayments());
  // Payments name their pack by id; show its name while the pack is still on sale.
  const pricing = createAsync(() => getPricing().catch(() => undefined));
  const packName = (id: string) => pricing()?.packs.find((p) => p.id === id)?.name ?? id;
  return (
    <section aria-labelledby="payments-title" class="panel">
      <h2 id="payments-title">Payment history</h2>
      <Show when={payments()?.data.length} fallback={<p class="empty">No payments yet.</p>}>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Pack</th>
                <th scope="col">Credits</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              <For each={payments()?.data}>
                {(p) => (
                  <tr>
                    <td>{dateTime(p.createdAt)}</td>
                    <td>{packName(p.pack)}</td>
                    <td>
                      {count(p.credits)}
                      <Show when={p.creditsRefunded > 0}> ({count(p.creditsRefunded)} refunded)</Show>
                    </td>
                    <td>{money(p.amountCents, p.currency)}</td>
                    <td>
                      <span class={`badge payment-${p.status}`}>{STATUS[p.status]}</span>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
    </section>
  );
}
