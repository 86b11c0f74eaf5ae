// The live report: opens the room, builds the document's models, and lays out the outline, the
// document with its toolbar, and the side panels. Everything under it reads them from the context.
import { createMemo, Match, onCleanup, Show, Switch } from 'solid-js';
import type { ReportDto } from '../../../../core/api/reports';
import { Loading, messageOf } from '../../components/Notices';
import { DocumentBody } from './body/DocumentBody';
import { ReportPageProvider, useReportPage, type ReportPage } from './context';
import { createEditorRegistry } from './editor/registry';
import { Toolbar } from './editor/Toolbar';
import { CitationFormatter } from './model/citations';
import { createFragmentLookup } from './model/fragments';
import { createMetaModel } from './model/meta';
import { createOutlineModel } from './model/outline';
import { createPresence } from './model/presence';
import { OutlineSidebar } from './OutlineSidebar';
import type { ReportRoomHandle } from './panels/types';
import { ReportHeader } from './ReportHeader';
import { createRoom } from './room/createRoom';
import { SidePanels } from './SidePanels';

/** The page for one report, its room open while it lives. */
export function Workspace(props: { report: () => ReportDto }) {
  const reportId = props.report().id;
  const room = createRoom(reportId);
  const doc = room.connection.doc;
  const editors = createEditorRegistry();
  const citations = new CitationFormatter(doc);
  onCleanup(() => citations.destroy());
  const role = () => room.role() ?? props.report().role;
  // Edits live in this page until the room confirms them (offline ones included): ask before leaving.
  const guardUnload = (event: BeforeUnloadEvent) => {
    if (room.connection.hasUnconfirmedEdits()) event.preventDefault();
  };
  window.addEventListener('beforeunload', guardUnload);
  onCleanup(() => window.removeEventListener('beforeunload', guardUnload));

  const revealSection = (sectionId: string) => {
    document.getElementById(`section-${sectionId}`)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    const editor = editors.get(sectionId);
    if (editor?.isEditable) editor.commands.focus(null, { scrollIntoView: false });
  };

  const page: ReportPage = {
    reportId,
    room,
    role,
    canEdit: () => role() !== 'viewer' && room.ended() === null && room.ready(),
    outline: createOutlineModel(doc),
    meta: createMetaModel(doc),
    fragments: createFragmentLookup(doc),
    editors,
    citations,
    revealSection,
  };

  const handle = createMemo<ReportRoomHandle>(() => ({
    reportId,
    doc,
    role: role(),
    status: room.status,
    revealSection,
    activeSection: editors.activeSection,
  }));

  return (
    <ReportPageProvider value={page}>
      <div class="report-page">
        <Show when={room.user() && room.connection.provider} fallback={<ReportHeader report={props.report()} people={[]} />}>
          <LiveHeader report={props.report()} />
        </Show>
        <Ended />
        <Show when={room.failed()}>
          <div class="notice notice-error" role="alert">
            <p>The live document could not be opened: {messageOf(room.failed())}</p>
            <button type="button" class="button-secondary" onClick={() => room.retry()}>
              Try again
            </button>
          </div>
        </Show>
        <Show when={room.ready()} fallback={<Show when={!room.failed() && !room.ended()}>{<Loading label="Opening the live document…" />}</Show>}>
          <div class="report-layout">
            <OutlineSidebar />
            <div class="report-document-column">
              <Show when={page.canEdit()}>
                <Toolbar />
              </Show>
              <article id="report-document" class="report-document" aria-label="Report text">
                <DocumentBody />
              </article>
            </div>
            <SidePanels room={handle()} />
          </div>
        </Show>
      </div>
    </ReportPageProvider>
  );
}

/** The header with the people in the room (once the provider exists). */
function LiveHeader(props: { report: ReportDto }) {
  const page = useReportPage();
  const provider = page.room.connection.provider;
  const people = provider ? createPresence(provider.awareness, () => page.room.user()?.id) : () => [];
  return <ReportHeader report={props.report} people={people()} />;
}

/** Why the page stopped following the room, when it did. */
function Ended() {
  const page = useReportPage();
  return (
    <Switch>
      <Match when={page.room.ended() === 'revoked'}>
        <p class="notice notice-error" role="alert">
          Your access to this report was removed. What you see is the last version you received; it no longer updates.
        </p>
      </Match>
      <Match when={page.room.ended() === 'not_found'}>
        <p class="notice notice-error" role="alert">
          This report is not available: it was deleted, or it is no longer shared with you.
        </p>
      </Match>
      <Match when={page.room.ended() === 'signed_out'}>
        <p class="notice notice-error" role="alert">
          Your session ended. <a href="/login">Log in again</a> to keep editing.
        </p>
      </Match>
    </Switch>
  );
}
