// "/reports/:id": the live report. The report's record (title, owner, role) comes from the API;
// the document itself from the report's room (Workspace).
import { createAsync, useParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { Async } from '../../components/Async';
import { getReport } from '../../state/report';
import { Workspace } from './Workspace';
import './report.css';

/** "/reports/:id" */
export default function Report() {
  return (
    <Async what="this report" loading="Loading the report…">
      <ReportLoader />
    </Async>
  );
}

function ReportLoader() {
  const params = useParams();
  const report = createAsync(() => getReport(params.id ?? ''));
  // Keyed by id alone: a refreshed record must not reopen the room.
  return (
    <Show when={report()?.id} keyed>
      {(_id) => <Workspace report={() => report() ?? (undefined as never)} />}
    </Show>
  );
}
