// The new-report form in a dialog: every field of POST /api/reports, plus guideline documents that
// are uploaded to the report once it exists.
import { createAsync, useAction, useSubmission } from '@solidjs/router';
import { For, Index, Suspense } from 'solid-js';
import { REFERENCE_COUNT } from '../../../../core/api/reports';
import { GUIDELINE_ACCEPT, GUIDELINE_MAX_BYTES } from '../../api/uploads';
import { Dialog } from '../../components/Dialog';
import { Field, Select, TextArea } from '../../components/Field';
import { FormError } from '../../components/Notices';
import { createReportAction, getFolders, type CreatedReport } from '../../state/reports';

const FIELDS = ['topic', 'description', 'referenceCount', 'guidelines', 'guidelineFiles', 'folderId'] as const;
const COUNTS = Array.from({ length: (REFERENCE_COUNT.max - REFERENCE_COUNT.min) / REFERENCE_COUNT.step + 1 }, (_, i) => REFERENCE_COUNT.min + i * REFERENCE_COUNT.step);

/** The dialog; `folderId` preselects the folder the dashboard is showing. */
export function NewReportDialog(props: { open: boolean; folderId: string | undefined; onClose: () => void; onCreated: (c: CreatedReport) => void }) {
  const folders = createAsync(() => getFolders());
  const create = useAction(createReportAction);
  const sub = useSubmission(createReportAction);
  const close = () => {
    sub.clear();
    props.onClose();
  };
  return (
    <Dialog open={props.open} title="New report" onClose={close}>
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const created = await create(new FormData(form)).catch(() => undefined);
          if (!created) return;
          form.reset();
          sub.clear();
          props.onCreated(created);
        }}
      >
        <Field name="topic" label="Topic" required maxLength={300} error={sub.error} autofocus />
        <TextArea
          name="description"
          label="Your understanding of the topic"
          hint="What you already know, the angle you want, what the report is for."
          rows={5}
          required
          maxLength={5000}
          error={sub.error}
        />
        <Select name="referenceCount" label="Number of references" error={sub.error}>
          <Index each={COUNTS}>{(n) => <option value={n()} selected={n() === REFERENCE_COUNT.default}>{n()}</option>}</Index>
        </Select>
        <Select name="folderId" label="Folder" error={sub.error}>
          <option value="">No folder</option>
          <Suspense>
            <For each={folders()}>{(f) => <option value={f.id} selected={f.id === props.folderId}>{f.name}</option>}</For>
          </Suspense>
        </Select>
        <Field
          name="guidelineFiles"
          label="Guideline documents (optional)"
          type="file"
          multiple
          accept={GUIDELINE_ACCEPT}
          hint={`PDF, Word (.docx), text or Markdown, up to ${GUIDELINE_MAX_BYTES / 1024 / 1024} MiB each. Their text guides the writing.`}
          error={sub.error}
        />
        <TextArea name="guidelines" label="Additional guidelines (optional)" hint="Style, structure, audience, anything the writer must follow." rows={4} maxLength={10000} error={sub.error} />
        <FormError error={sub.error} fields={FIELDS} />
        <div class="actions">
          <button type="submit" disabled={sub.pending}>
            {sub.pending ? 'Creating…' : 'Create report'}
          </button>
          <button type="button" class="button-secondary" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
