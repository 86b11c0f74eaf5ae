// A report's page. For now its title, status and the form it was created with; the live editor
// replaces this page in the next step.
import { A, createAsync, useParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { Async } from '../../components/Async';
import { StatusBadge } from '../../components/StatusBadge';
import { dateTime } from '../../lib/format';
import { getReport } from '../../state/reports';

/** "/reports/:id" */
export default function Report() {
  return (
    <div class="narrow">
      <p>
        <A href="/dashboard">← Dashboard</A>
      </p>
      <Async what="this report" loading="Loading the report…">
        <ReportHeader />
      </Async>
    </div>
  );
}

function ReportHeader() {
  const params = useParams();
  const report = createAsync(() => getReport(params.id ?? ''));
  return (
    <Show when={report()}>
      {(r) => (
        <article>
          <header class="report-header">
            <h1>{r().topic}</h1>
            <StatusBadge status={r().status} />
          </header>
          <p class="meta">
            By {r().owner.fullName} · created {dateTime(r().createdAt)} · {r().referenceCount} references
            <Show when={r().role !== 'owner'}> · you are {r().role === 'editor' ? 'an editor' : 'a viewer'}</Show>
          </p>
          <h2>Your understanding</h2>
          <p class="prewrap">{r().description}</p>
          <Show when={r().guidelines}>
            <h2>Guidelines</h2>
            <p class="prewrap">{r().guidelines}</p>
          </Show>
        </article>
      )}
    </Show>
  );
}
