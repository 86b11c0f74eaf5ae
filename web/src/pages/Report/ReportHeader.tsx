// The top of the report page: the title and status the API knows, the connection state, who is
// here, and "View only" for viewers.
import { A } from '@solidjs/router';
import { Show } from 'solid-js';
import type { ReportDto, ReportStatus } from '../../../../core/api/reports';
import { StatusBadge } from '../../components/StatusBadge';
import { dateTime } from '../../lib/format';
import { ConnectionStatus } from './ConnectionStatus';
import { useReportPage } from './context';
import type { Person } from './model/presence';
import { Presence } from './Presence';

// core/api/reports' own list would bring zod into this page's bundle.
const STATUSES: readonly string[] = ['draft', 'outlining', 'outlined', 'generating', 'completed', 'partial', 'failed'] satisfies ReportStatus[];

/** The header; the status follows the live document once it is open. */
export function ReportHeader(props: { report: ReportDto; people: Person[] }) {
  const page = useReportPage();
  const status = (): ReportStatus => {
    const live = page.meta.status;
    return page.room.ready() && STATUSES.includes(live) ? (live as ReportStatus) : props.report.status;
  };
  return (
    <header class="report-page-header">
      <p class="back-link">
        <A href="/dashboard">← Dashboard</A>
      </p>
      <div class="report-header">
        <h1>{props.report.topic}</h1>
        <StatusBadge status={status()} />
        <Show when={page.role() === 'viewer'}>
          <span class="badge badge-view-only">View only</span>
        </Show>
      </div>
      <p class="meta">
        By {props.report.owner.fullName} · created {dateTime(props.report.createdAt)} · {props.report.referenceCount} references
        <Show when={page.role() !== 'owner'}> · you are {page.role() === 'editor' ? 'an editor' : 'a viewer'}</Show>
      </p>
      <div class="report-live">
        <ConnectionStatus status={page.room.status()} />
        <Presence people={props.people} />
      </div>
    </header>
  );
}
