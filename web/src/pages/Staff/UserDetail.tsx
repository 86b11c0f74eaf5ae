// One user as staff see them: balance, a form to grant or take back credits (with the reason the
// ledger and the audit log keep), their payments and their reports.
import { A, createAsync, useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { Async } from '../../components/Async';
import { Field } from '../../components/Field';
import { FormError, Note } from '../../components/Notices';
import { count, date, dateTime, money, plural } from '../../lib/format';
import { changeCreditsAction, getStaffPayments, getStaffReports, getStaffUser } from '../../state/staff';

/** The user page. */
export function UserDetail(props: { userId: string }) {
  const user = createAsync(() => getStaffUser(props.userId));
  return (
    <>
      <p>
        <A href="/staff?tab=users">← All users</A>
      </p>
      <Show when={user() !== undefined}>
        <Show when={user()} fallback={<p class="notice notice-error">No user has this id.</p>}>
          {(u) => (
            <>
              <section class="panel" aria-labelledby="staff-user-title">
                <h2 id="staff-user-title">{u().fullName}</h2>
                <p class="meta">
                  {u().email} · joined {date(u().createdAt)} · last login {u().lastLoginAt ? dateTime(u().lastLoginAt!) : 'never'}
                </p>
                <p>
                  Balance: <strong data-testid="staff-balance">{count(u().balance)}</strong> credits
                </p>
                <CreditForm userId={u().id} />
              </section>
              <Async what="payments">
                <Payments userId={u().id} />
              </Async>
              <Async what="reports">
                <Reports userId={u().id} />
              </Async>
            </>
          )}
        </Show>
      </Show>
    </>
  );
}

function CreditForm(props: { userId: string }) {
  const change = useAction(changeCreditsAction);
  const sub = useSubmission(changeCreditsAction);
  // One key per intended change: a double click or a retry after a timeout is applied once.
  const [key, setKey] = createSignal(crypto.randomUUID());
  const [done, setDone] = createSignal<string>();
  return (
    <form
      class="form compact"
      aria-label="Change credits"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        setDone(undefined);
        const result = await change(props.userId, key(), new FormData(form)).catch(() => undefined);
        if (!result) return;
        form.reset();
        setKey(crypto.randomUUID());
        setDone(`${result.entry.delta > 0 ? 'Granted' : 'Took back'} ${plural(Math.abs(result.entry.delta), 'credit')}. Balance now ${count(result.balance)}.`);
      }}
    >
      <Field name="delta" type="number" label="Credits" hint="Positive to grant, negative to take back." required step="1" error={sub.error} />
      <Field name="reason" label="Reason" hint="Kept in the ledger and the audit log." required maxLength={500} error={sub.error} />
      <FormError error={sub.error} fields={['delta', 'reason']} />
      <button type="submit" disabled={sub.pending}>
        {sub.pending ? 'Saving…' : 'Change credits'}
      </button>
      <Show when={done()}>
        <Note>{done()}</Note>
      </Show>
    </form>
  );
}

function Payments(props: { userId: string }) {
  const payments = createAsync(() => getStaffPayments(props.userId));
  return (
    <section class="panel" aria-labelledby="staff-payments-title">
      <h2 id="staff-payments-title">Payments</h2>
      <Show when={payments()?.data.length} fallback={<p class="empty">No payments.</p>}>
        <div class="table-wrap">
          <table aria-label="Payments">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Pack</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
                <th scope="col">Stripe</th>
              </tr>
            </thead>
            <tbody>
              <For each={payments()?.data}>
                {(p) => (
                  <tr>
                    <td>{dateTime(p.createdAt)}</td>
                    <td>{plural(p.credits, 'credit')}</td>
                    <td>{money(p.amountCents, p.currency)}</td>
                    <td>
                      {p.status}
                      {p.creditsRefunded > 0 ? ` (${plural(p.creditsRefunded, 'credit')} refunded)` : ''}
                    </td>
                    <td>
                      <code>{p.paymentIntentId ?? p.checkoutSessionId ?? '—'}</code>
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

function Reports(props: { userId: string }) {
  const reports = createAsync(() => getStaffReports(props.userId));
  return (
    <section class="panel" aria-labelledby="staff-reports-title">
      <h2 id="staff-reports-title">Reports</h2>
      <Show when={reports()?.data.length} fallback={<p class="empty">No reports.</p>}>
        <ul>
          <For each={reports()?.data}>
            {(r) => (
              <li>
                {r.topic} <span class="meta">· {r.status} · {plural(r.creditsCharged, 'credit')} charged · {date(r.createdAt)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
