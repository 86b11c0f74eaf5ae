// Export: the report as DOCX, PDF (real, selectable text), HTML or Markdown, made by the API from the
// live document. After someone's first export, a short survey is offered once.
import { createAsync } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { EXPORT_FORMATS, exportFormats, type ExportFormat } from '../../../../../core/api/export';
import { downloadExport } from '../../../api/exports';
import { messageOf, Note } from '../../../components/Notices';
import { getMe } from '../../../state/session';
import { Survey } from './Survey';
import { markSurveyAsked, surveyAsked } from './survey-memory';
import type { PanelProps } from './types';

const HINTS: Record<ExportFormat, string> = {
  docx: 'Opens in Word, LibreOffice and Google Docs.',
  pdf: 'For reading and printing; the text stays selectable.',
  html: 'A web page of the report.',
  md: 'Plain text with Markdown headings.',
};

/** The export tab. */
export function ExportPanel(props: PanelProps) {
  const me = createAsync(() => getMe().catch(() => null));
  const [busy, setBusy] = createSignal<ExportFormat>();
  const [saved, setSaved] = createSignal<string>();
  const [error, setError] = createSignal<unknown>();
  const [survey, setSurvey] = createSignal(false);

  const run = async (format: ExportFormat) => {
    setBusy(format);
    setSaved(undefined);
    setError(undefined);
    try {
      setSaved(await downloadExport(props.room.reportId, format));
      const user = me();
      if (user && !surveyAsked(user.id)) {
        markSurveyAsked(user.id);
        setSurvey(true);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div class="panel-body export-panel">
      <p class="hint">Exports hold the document as everyone sees it now, with citations and the reference list in the chosen style.</p>
      <ul class="export-list">
        <For each={exportFormats}>
          {(format) => (
            <li>
              <button type="button" class="button-secondary" disabled={busy() !== undefined} onClick={() => void run(format)}>
                {busy() === format ? 'Preparing…' : `Download ${EXPORT_FORMATS[format].label}`}
              </button>
              <span class="hint"> {HINTS[format]}</span>
            </li>
          )}
        </For>
      </ul>
      <Show when={saved()}>
        <Note>Downloaded {saved()}.</Note>
      </Show>
      <Show when={error()}>
        <p class="notice notice-error" role="alert">
          {messageOf(error())}
        </p>
      </Show>
      <Survey reportId={props.room.reportId} open={survey()} onClose={() => setSurvey(false)} />
    </div>
  );
}
