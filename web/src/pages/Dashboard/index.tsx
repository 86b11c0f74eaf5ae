// The signed-in home: greeting and credits, folders, my reports and reports shared with me, and the
// new-report dialog. The folder filter lives in the URL (?folder=<id>|none) so it survives reloads.
import { useSearchParams } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { Async } from '../../components/Async';
import type { CreatedReport } from '../../state/reports';
import { CreatedNote } from './CreatedNote';
import { Folders } from './Folders';
import { NewReportDialog } from './NewReportDialog';
import { ReportList } from './ReportList';
import { Summary } from './Summary';

/** "/dashboard" */
export default function Dashboard() {
  const [params, setParams] = useSearchParams();
  const folder = () => (typeof params.folder === 'string' && params.folder ? params.folder : undefined);
  const [dialogOpen, setDialogOpen] = createSignal(false);
  const [created, setCreated] = createSignal<CreatedReport>();
  return (
    <div class="dashboard">
      <Async what="your summary">
        <Summary />
      </Async>
      <div class="toolbar">
        <button type="button" onClick={() => setDialogOpen(true)}>
          New report
        </button>
      </div>
      <Show when={created()}>{(c) => <CreatedNote created={c()} onDismiss={() => setCreated(undefined)} />}</Show>
      <div class="dashboard-grid">
        <aside aria-labelledby="folders-title">
          <h2 id="folders-title">Folders</h2>
          <Async what="folders">
            <Folders selected={folder()} onSelect={(id) => setParams({ folder: id })} />
          </Async>
        </aside>
        <div>
          <section aria-labelledby="mine-title">
            <h2 id="mine-title">My reports</h2>
            <Async what="your reports" loading="Loading your reports…">
              <ReportList scope="mine" folderId={folder()} empty="No reports here yet. Start one with “New report”." />
            </Async>
          </section>
          <section aria-labelledby="shared-title">
            <h2 id="shared-title">Shared with me</h2>
            <Async what="shared reports" loading="Loading shared reports…">
              <ReportList scope="shared" empty="Nobody has shared a report with you yet." />
            </Async>
          </section>
        </div>
      </div>
      <NewReportDialog
        open={dialogOpen()}
        folderId={folder() === 'none' ? undefined : folder()}
        onClose={() => setDialogOpen(false)}
        onCreated={(c) => {
          setDialogOpen(false);
          setCreated(c);
        }}
      />
    </div>
  );
}
