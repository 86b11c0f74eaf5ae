// The staff audit log: every staff read and change, newest first, narrowed to one action.
import { createAsync, useSearchParams } from '@solidjs/router';
import { For, Show } from 'solid-js';
import { Async } from '../../components/Async';
import { dateTime } from '../../lib/format';
import { getAudit } from '../../state/staff';

/** The audit tab. */
export function Audit() {
  const [params, setParams] = useSearchParams();
  const action = () => (typeof params.action === 'string' ? params.action : '');
  return (
    <section class="panel" aria-labelledby="staff-audit-title">
      <h2 id="staff-audit-title">Audit log</h2>
      <form
        class="form compact inline-search"
        onSubmit={(e) => {
          e.preventDefault();
          const value = new FormData(e.currentTarget).get('action');
          setParams({ action: typeof value === 'string' && value.trim() ? value.trim() : undefined });
        }}
      >
        <div class="field">
          <label for="staff-audit-action">Action</label>
          <input id="staff-audit-action" name="action" list="staff-audit-actions" value={action()} maxLength={100} placeholder="e.g. credits.grant" />
          <datalist id="staff-audit-actions">
            <For each={['credits.grant', 'credits.revoke', 'jobs.requeue', 'jobs.sweep', 'users.list', 'payments.list', 'reports.list', 'audit.list']}>{(a) => <option value={a} />}</For>
          </datalist>
        </div>
        <button type="submit">Filter</button>
      </form>
      <Async what="the audit log">
        <AuditTable action={action()} />
      </Async>
    </section>
  );
}

function AuditTable(props: { action: string }) {
  const entries = createAsync(() => getAudit(props.action));
  return (
    <Show when={entries()?.data.length} fallback={<p class="empty">Nothing recorded.</p>}>
      <div class="table-wrap">
        <table aria-label="Audit log">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            <For each={entries()?.data}>
              {(e) => (
                <tr>
                  <td>{dateTime(e.createdAt)}</td>
                  <td>{e.actorEmail}</td>
                  <td>
                    <code>{e.action}</code>
                  </td>
                  <td>
                    {e.targetType}
                    <Show when={e.targetId}>
                      {' '}
                      <code>{e.targetId}</code>
                    </Show>
                  </td>
                  <td>
                    <code class="audit-details">{JSON.stringify(e.details)}</code>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
