// What I used: AI tokens and credits, per report or per month.
import { A, createAsync } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import type { UsageGroupKey } from '../../../../core/api/usage';
import { Async } from '../../components/Async';
import { count, microUsd, month } from '../../lib/format';
import { getCreditUsage, getTokenUsage } from '../../state/billing';

type GroupBy = 'report' | 'month';

/** The usage section with its per-report / per-month switch. */
export function Usage() {
  const [groupBy, setGroupBy] = createSignal<GroupBy>('report');
  return (
    <section aria-labelledby="usage-title" class="panel">
      <h2 id="usage-title">Usage</h2>
      <fieldset class="segmented">
        <legend>Group by</legend>
        <label>
          <input type="radio" name="usage-group" value="report" checked={groupBy() === 'report'} onChange={() => setGroupBy('report')} /> Report
        </label>
        <label>
          <input type="radio" name="usage-group" value="month" checked={groupBy() === 'month'} onChange={() => setGroupBy('month')} /> Month
        </label>
      </fieldset>
      <h3>AI tokens</h3>
      <Async what="token usage">
        <TokenTable groupBy={groupBy()} />
      </Async>
      <h3>Credits spent</h3>
      <Async what="credit usage">
        <CreditTable groupBy={groupBy()} />
      </Async>
    </section>
  );
}

function GroupCell(props: { row: UsageGroupKey }) {
  return (
    <th scope="row">
      <Show when={props.row.month === undefined} fallback={month(props.row.month ?? '')}>
        <Show when={props.row.reportId} fallback={props.row.topic ?? 'Not tied to a report'}>
          {(id) => <A href={`/reports/${id()}`}>{props.row.topic ?? 'Deleted report'}</A>}
        </Show>
      </Show>
    </th>
  );
}

function TokenTable(props: { groupBy: GroupBy }) {
  const rows = createAsync(() => getTokenUsage(props.groupBy));
  return (
    <Show when={rows()?.length} fallback={<p class="empty">No AI usage yet.</p>}>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{props.groupBy === 'month' ? 'Month' : 'Report'}</th>
              <th scope="col">Prompt tokens</th>
              <th scope="col">Completion tokens</th>
              <th scope="col">Calls</th>
              <th scope="col">Cost</th>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(r) => (
                <tr>
                  <GroupCell row={r} />
                  <td>{count(r.promptTokens)}</td>
                  <td>{count(r.completionTokens)}</td>
                  <td>{count(r.calls)}</td>
                  <td>{microUsd(r.costMicroUsd)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}

function CreditTable(props: { groupBy: GroupBy }) {
  const rows = createAsync(() => getCreditUsage(props.groupBy));
  return (
    <Show when={rows()?.length} fallback={<p class="empty">No credits spent yet.</p>}>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{props.groupBy === 'month' ? 'Month' : 'Report'}</th>
              <th scope="col">Credits</th>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(r) => (
                <tr>
                  <GroupCell row={r} />
                  <td>{count(r.credits)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
