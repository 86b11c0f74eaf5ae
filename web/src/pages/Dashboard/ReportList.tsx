// A list of reports with their status badges. While any of them is being outlined or written the
// list refreshes itself, so the badges follow the job without a reload.
import { A, createAsync, revalidate, useAction, useSubmission } from '@solidjs/router';
import { createEffect, For, onCleanup, Show } from 'solid-js';
import type { ReportDto } from '../../../../core/api/reports';
import { FormError } from '../../components/Notices';
import { ACTIVE_STATUSES, StatusBadge } from '../../components/StatusBadge';
import { date } from '../../lib/format';
import { getFolders, getReports, moveReportAction } from '../../state/reports';

const REFRESH_MS = 5000;

/** My reports (optionally one folder's) or the ones shared with me. */
export function ReportList(props: { scope: 'mine' | 'shared'; folderId?: string | undefined; empty: string }) {
  const filter = () => ({ scope: props.scope, folderId: props.scope === 'mine' ? props.folderId : undefined });
  const reports = createAsync(() => getReports(filter()));
  createEffect(() => {
    if (!reports()?.some((r) => ACTIVE_STATUSES.includes(r.status))) return;
    const timer = setInterval(() => void revalidate(getReports.keyFor(filter())), REFRESH_MS);
    onCleanup(() => clearInterval(timer));
  });
  return (
    <Show when={reports()?.length} fallback={<p class="empty">{props.empty}</p>}>
      <ul class="report-list">
        <For each={reports()}>{(report) => <ReportItem report={report} />}</For>
      </ul>
    </Show>
  );
}

function ReportItem(props: { report: ReportDto }) {
  return (
    <li class="report-item">
      <div class="report-main">
        <A href={`/reports/${props.report.id}`} class="report-title">
          {props.report.topic}
        </A>
        <StatusBadge status={props.report.status} />
      </div>
      <p class="meta">
        <Show when={props.report.role !== 'owner'} fallback={<>Created {date(props.report.createdAt)}</>}>
          By {props.report.owner.fullName} · you are {props.report.role === 'editor' ? 'an editor' : 'a viewer'}
        </Show>
        <Show when={props.report.folder}>{(f) => <> · in {f().name}</>}</Show>
      </p>
      <Show when={props.report.role === 'owner'}>
        <MoveSelect report={props.report} />
      </Show>
    </li>
  );
}

function MoveSelect(props: { report: ReportDto }) {
  const folders = createAsync(() => getFolders());
  const move = useAction(moveReportAction);
  const moving = useSubmission(moveReportAction, ([reportId]) => reportId === props.report.id);
  const id = `move-${props.report.id}`;
  return (
    <Show when={folders()?.length}>
      <div class="move">
        <label for={id}>Folder</label>
        <select id={id} value={props.report.folder?.id ?? ''} disabled={moving.pending} onChange={(e) => void move(props.report.id, e.currentTarget.value || null).catch(() => undefined)}>
          <option value="">Unfiled</option>
          <For each={folders()}>{(f) => <option value={f.id}>{f.name}</option>}</For>
        </select>
        <FormError error={moving.error} />
      </div>
    </Show>
  );
}
