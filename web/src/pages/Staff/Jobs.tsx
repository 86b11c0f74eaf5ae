// Generation jobs: the ones still queued or running (or all), and putting a stuck one back on the
// queue (a duplicate message is harmless: the job's lease keeps one writer).
import { createAsync, useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import type { StaffJobDto } from '../../../../core/api/staff';
import { Async } from '../../components/Async';
import { messageOf, Note } from '../../components/Notices';
import { dateTime } from '../../lib/format';
import { getStaffJobs, requeueJobAction } from '../../state/staff';

/** The jobs tab. */
export function Jobs() {
  const [state, setState] = createSignal<'active' | 'all'>('active');
  return (
    <section class="panel" aria-labelledby="staff-jobs-title">
      <h2 id="staff-jobs-title">Generation jobs</h2>
      <fieldset class="toolbar">
        <legend class="visually-hidden">Which jobs</legend>
        <label class="check">
          <input type="radio" name="job-state" checked={state() === 'active'} onChange={() => setState('active')} /> Queued or running
        </label>
        <label class="check">
          <input type="radio" name="job-state" checked={state() === 'all'} onChange={() => setState('all')} /> All
        </label>
      </fieldset>
      <Async what="jobs">
        <JobTable state={state()} />
      </Async>
    </section>
  );
}

function JobTable(props: { state: 'active' | 'all' }) {
  const jobs = createAsync(() => getStaffJobs(props.state));
  // Kept here, not in the row: the list reloads after a requeue and its rows are rebuilt.
  const [requeued, setRequeued] = createSignal<string>();
  return (
    <>
      <Show when={requeued()}>
        <Note>Requeued the job for “{requeued()}”.</Note>
      </Show>
      <Show when={jobs()?.data.length} fallback={<p class="empty">No jobs.</p>}>
        <div class="table-wrap">
          <table aria-label="Jobs">
            <thead>
              <tr>
                <th scope="col">Report</th>
                <th scope="col">Status</th>
                <th scope="col">Progress</th>
                <th scope="col">Last change</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              <For each={jobs()?.data}>{(job) => <JobRow job={job} onRequeued={() => setRequeued(job.reportTopic)} />}</For>
            </tbody>
          </table>
        </div>
      </Show>
    </>
  );
}

function JobRow(props: { job: StaffJobDto; onRequeued: () => void }) {
  const requeue = useAction(requeueJobAction);
  const sub = useSubmission(requeueJobAction, ([id]) => id === props.job.id);
  const active = () => props.job.status === 'queued' || props.job.status === 'running';
  return (
    <tr>
      <td>
        {props.job.reportTopic}
        <div class="meta">
          <code>{props.job.id}</code> · {props.job.kind === 'section' ? 'one section' : 'whole report'}
        </div>
        <Show when={props.job.lastError}>
          <div class="field-error">{props.job.lastError}</div>
        </Show>
      </td>
      <td>
        {props.job.status}
        {props.job.leased ? ' (held by a worker)' : ''}
      </td>
      <td>{props.job.progress}%</td>
      <td>{dateTime(props.job.updatedAt)}</td>
      <td>
        <Show when={active()} fallback={<span class="meta">ended</span>}>
          <button type="button" class="button-secondary" disabled={sub.pending} onClick={() => void requeue(props.job.id).then(() => props.onRequeued(), () => undefined)} aria-label={`Requeue job for ${props.job.reportTopic}`}>
            {sub.pending ? 'Requeueing…' : 'Requeue'}
          </button>
        </Show>
        <Show when={sub.error}>
          <p class="notice notice-error" role="alert">
            {messageOf(sub.error)}
          </p>
        </Show>
      </td>
    </tr>
  );
}
