// History: the document's snapshots (taken by hand, automatically every few minutes, and before
// generation, regeneration or a restore replaced text), a preview of any of them, and, for editors,
// taking one now and restoring one (what it replaces becomes a snapshot first, so nothing is lost).
import { createAsync, useAction, useSubmission } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import type { SnapshotDto } from '../../../../../core/api/history';
import { Async } from '../../../components/Async';
import { Field } from '../../../components/Field';
import { FormError, messageOf, Note } from '../../../components/Notices';
import { dateTime } from '../../../lib/format';
import { createSnapshotAction, getSnapshot, getSnapshots, restoreSnapshotAction } from '../../../state/report-panels';
import type { PanelProps } from './types';

// The preview is the API's sanitized HTML, shown in a sandboxed frame (no scripts, no same-origin
// access) with a stylesheet of its own so the app's styles do not leak in or out.
const PREVIEW_STYLE =
  '<style>body{font-family:Georgia,serif;line-height:1.5;margin:1rem;color:#1d2330}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .4rem}img{max-width:100%}</style>';

/** The title a snapshot is listed under. */
export function snapshotTitle(s: SnapshotDto): string {
  return s.name ?? (s.kind === 'auto' ? 'Automatic snapshot' : 'Snapshot');
}

/** The history tab. */
export function HistoryPanel(props: PanelProps) {
  const canWrite = () => props.room.role !== 'viewer';
  const [selected, setSelected] = createSignal<string>();
  return (
    <div class="panel-body history-panel">
      <Show when={canWrite()}>
        <TakeSnapshot reportId={props.room.reportId} />
      </Show>
      <Async what="the history" loading="Loading snapshots…">
        <SnapshotList reportId={props.room.reportId} selected={selected()} onSelect={setSelected} />
      </Async>
      <Show when={selected()}>
        {(id) => (
          <Async what="this snapshot" loading="Loading the preview…">
            <Preview reportId={props.room.reportId} snapshotId={id()} canRestore={canWrite()} onClose={() => setSelected(undefined)} />
          </Async>
        )}
      </Show>
    </div>
  );
}

function TakeSnapshot(props: { reportId: string }) {
  const take = useAction(createSnapshotAction);
  const sub = useSubmission(createSnapshotAction);
  const [taken, setTaken] = createSignal<string>();
  return (
    <form
      class="form compact"
      aria-label="Take a snapshot"
      onSubmit={async (e) => {
        e.preventDefault();
        const form = e.currentTarget;
        setTaken(undefined);
        const snap = await take(props.reportId, new FormData(form)).catch(() => undefined);
        if (!snap) return;
        form.reset();
        setTaken(snapshotTitle(snap));
      }}
    >
      <Field name="name" label="Snapshot name" hint="e.g. “Before review”" required maxLength={100} error={sub.error} />
      <FormError error={sub.error} fields={['name']} />
      <button type="submit" class="button-secondary" disabled={sub.pending}>
        {sub.pending ? 'Saving…' : 'Take a snapshot'}
      </button>
      <Show when={taken()}>
        <Note>Snapshot “{taken()}” saved.</Note>
      </Show>
    </form>
  );
}

function SnapshotList(props: { reportId: string; selected: string | undefined; onSelect: (id: string) => void }) {
  const snapshots = createAsync(() => getSnapshots(props.reportId));
  return (
    <Show when={snapshots()?.length} fallback={<p class="empty">No snapshots yet.</p>}>
      <ul class="snapshot-list" aria-label="Snapshots">
        <For each={snapshots()}>
          {(s) => (
            <li classList={{ selected: props.selected === s.id }} data-testid="snapshot">
              <button type="button" class="button-link" aria-pressed={props.selected === s.id} onClick={() => props.onSelect(s.id)}>
                {snapshotTitle(s)}
              </button>
              <span class="meta">
                {' '}
                {dateTime(s.createdAt)}
                <Show when={s.createdBy}> · {s.createdBy?.fullName}</Show>
              </span>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}

function Preview(props: { reportId: string; snapshotId: string; canRestore: boolean; onClose: () => void }) {
  const snapshot = createAsync(() => getSnapshot(props.reportId, props.snapshotId));
  const restore = useAction(restoreSnapshotAction);
  const restoring = useSubmission(restoreSnapshotAction);
  const [confirming, setConfirming] = createSignal(false);
  const [restored, setRestored] = createSignal<string>();
  return (
    <Show when={snapshot()}>
      {(s) => (
        <section class="snapshot-preview" aria-label={`Preview of ${snapshotTitle(s())}`}>
          <header class="section-row-head">
            <h3 class="panel-subtitle">{snapshotTitle(s())}</h3>
            <button type="button" class="button-link" onClick={() => props.onClose()}>
              Close preview
            </button>
          </header>
          <iframe class="preview-frame" title={`Preview of ${snapshotTitle(s())}`} sandbox="" srcdoc={`<!doctype html><meta charset="utf-8">${PREVIEW_STYLE}${s().html}`} />
          <Show when={props.canRestore}>
            <Show
              when={confirming()}
              fallback={
                <button type="button" class="button-secondary" onClick={() => setConfirming(true)}>
                  Restore this version
                </button>
              }
            >
              <p class="confirm">
                Replace the document with this version for everyone? What it holds now is kept as a snapshot.{' '}
                <button
                  type="button"
                  disabled={restoring.pending}
                  onClick={() =>
                    void restore(props.reportId, props.snapshotId)
                      .then((r) => {
                        setConfirming(false);
                        setRestored(snapshotTitle(r.backup));
                      })
                      .catch(() => undefined)
                  }
                >
                  {restoring.pending ? 'Restoring…' : 'Restore'}
                </button>{' '}
                <button type="button" class="button-link" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </p>
            </Show>
          </Show>
          <Show when={restored()}>
            <Note>Restored. The text it replaced is in the history as “{restored()}”.</Note>
          </Show>
          <Show when={restoring.error}>
            <p class="notice notice-error" role="alert">
              {messageOf(restoring.error)}
            </p>
          </Show>
        </section>
      )}
    </Show>
  );
}
