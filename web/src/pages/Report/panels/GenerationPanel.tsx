// Generation: start writing the report, follow the job (its progress and every section's state,
// live from the document as the AI writes), cancel it, retry a failed section or rewrite one (its
// previous text is kept as a history snapshot, restorable from the History tab).
import { A, createAsync, revalidate, useAction, useSubmission } from '@solidjs/router';
import { createEffect, createMemo, createSignal, For, on, onCleanup, Show } from 'solid-js';
import type { GenerationJobDto, JobSectionDto, JobSectionStatus } from '../../../../../core/api/generation';
import { numberOutline, readMeta, readOutline, type SectionState, type SectionStatus } from '../../../../../core/doc';
import { ApiError } from '../../../api/client';
import { Async } from '../../../components/Async';
import { messageOf, Note } from '../../../components/Notices';
import { dateTime, plural } from '../../../lib/format';
import { cancelJobAction, getJobs, regenerateSectionAction, retrySectionAction, startGenerationAction } from '../../../state/report-panels';
import { isActiveJob, JOB_STATUS, SECTION_STATUS } from './labels';
import { liveValue, sameList } from './live';
import type { PanelProps } from './types';

/** How often the job is asked for while it runs (the document itself is live). */
const POLL_MS = 1500;

/** The generation tab. */
export function GenerationPanel(props: PanelProps) {
  return (
    <Async what="the generation jobs" loading="Loading jobs…">
      <Generation room={props.room} />
    </Async>
  );
}

function Generation(props: PanelProps) {
  const reportId = () => props.room.reportId;
  const canWrite = () => props.room.role !== 'viewer';
  const jobs = createAsync(() => getJobs(reportId()));
  const latest = () => jobs()?.[0];
  const meta = liveValue(props.room.doc, readMeta);
  const outline = liveValue(props.room.doc, (doc) => numberOutline(readOutline(doc)));
  const active = () => {
    const job = latest();
    return job !== undefined && isActiveJob(job.status);
  };

  // Poll while a job may still write; the room's own status change also asks at once.
  createEffect(() => {
    if (!active()) return;
    const timer = setInterval(() => void revalidate(getJobs.keyFor(reportId())), POLL_MS);
    onCleanup(() => clearInterval(timer));
  });
  // A memo, so only a change of status (not every streamed word) asks again.
  const reportStatus = createMemo(() => meta().status);
  createEffect(on(reportStatus, () => void revalidate(getJobs.keyFor(reportId())), { defer: true }));

  const start = useAction(startGenerationAction);
  const starting = useSubmission(startGenerationAction);
  const cancel = useAction(cancelJobAction);
  const cancelling = useSubmission(cancelJobAction);
  const [note, setNote] = createSignal<string>();

  const jobSection = createMemo(() => {
    const map = new Map<string, JobSectionDto>();
    for (const s of latest()?.sections ?? []) map.set(s.sectionId, s);
    return map;
  });
  // Each section's state as its badge shows it, so the job's count agrees with the badges.
  const statusOf = (id: string) => sectionStatus(meta().sectionState[id], jobSection().get(id));
  const written = () => (latest()?.sections ?? []).filter((s) => statusOf(s.sectionId) === 'done').length;
  const labels = createMemo(() => new Map(outline().flatMap((ch) => ch.sections.map((s) => [s.id, `${s.number} ${s.title || 'Untitled section'}`] as const))));
  const sectionIds = createMemo(() => [...labels().keys()], [], { equals: sameList });
  const sectionCount = () => sectionIds().length;

  return (
    <div class="panel-body generation-panel">
      <Show when={canWrite()}>
        <div class="actions">
          <button
            type="button"
            disabled={starting.pending || active() || sectionCount() === 0}
            onClick={() => {
              setNote(undefined);
              void start(reportId())
                .then((job) => setNote(job.snapshotId ? 'Writing started. The text you had is kept in History as “Before generating the report”.' : 'Writing started.'))
                .catch(() => undefined);
            }}
          >
            {starting.pending ? 'Starting…' : latest() ? 'Write the report again' : 'Write the report'}
          </button>
          <Show when={active() && latest()}>
            {(job) => (
              <button type="button" class="button-secondary" disabled={cancelling.pending || job().cancelRequested} onClick={() => void cancel(reportId(), job().id).catch(() => undefined)}>
                {job().cancelRequested ? 'Stopping…' : 'Cancel'}
              </button>
            )}
          </Show>
        </div>
        <Show when={sectionCount() === 0}>
          <p class="hint">The outline has no sections yet: add some in the outline first.</p>
        </Show>
        <StartError error={starting.error} />
        <Show when={cancelling.error}>
          <p class="notice notice-error" role="alert">
            {messageOf(cancelling.error)}
          </p>
        </Show>
        <Show when={note()}>
          <Note>{note()}</Note>
        </Show>
      </Show>

      <Show when={latest()} fallback={<p class="empty">No AI writing has been started for this report yet.</p>}>
        {(job) => <JobSummary job={job()} progress={meta().progress} written={written()} />}
      </Show>

      <h3 class="panel-subtitle">Sections</h3>
      <ol class="section-progress" aria-label="Section progress">
        {/* Keyed by id: a row keeps its own state (a confirmation, a note) while the document changes. */}
        <For each={sectionIds()}>
          {(id) => (
            <SectionRow
              room={props.room}
              sectionId={id}
              label={labels().get(id) ?? ''}
              status={statusOf(id)}
              state={meta().sectionState[id]}
              jobSection={jobSection().get(id)}
              job={latest()}
              busy={active()}
              canWrite={canWrite()}
            />
          )}
        </For>
      </ol>
    </div>
  );
}

/** Why starting failed; credits get the balance and a way to buy more. */
function StartError(props: { error: unknown }) {
  return (
    <Show when={props.error}>
      {(err) => {
        const e = err();
        if (e instanceof ApiError && e.code === 'insufficient_credits') {
          const balance = e.details?.balance;
          const needed = e.details?.needed;
          return (
            <div class="notice notice-error" role="alert">
              <p>
                Not enough credits: writing this report needs {typeof needed === 'number' ? plural(needed, 'credit') : 'more credits'} and your balance is{' '}
                {typeof balance === 'number' ? plural(balance, 'credit') : 'too low'}.
              </p>
              <p>
                <A href="/billing">Buy credits</A>
              </p>
            </div>
          );
        }
        return (
          <p class="notice notice-error" role="alert">
            {messageOf(e)}
          </p>
        );
      }}
    </Show>
  );
}

/**
 * What a section's badge says: the document tells what is happening now (live, as the AI writes),
 * the job adds what the document does not hold (cancelled, skipped).
 */
function sectionStatus(live: SectionState | undefined, fromJob: JobSectionDto | undefined): SectionStatus | JobSectionStatus {
  if (live && live.status !== 'idle') return live.status;
  return fromJob?.status ?? 'idle';
}

/** The job: its state, progress and cost; `written` counts its sections whose badge says written (live, not as of the last poll). */
function JobSummary(props: { job: GenerationJobDto; progress: number; written: number }) {
  const percent = () => (isActiveJob(props.job.status) ? Math.max(props.job.progress, props.progress) : props.job.progress);
  return (
    <section class="job-summary" aria-label="Current job" data-testid="job-summary">
      <p>
        <strong data-testid="job-status">{JOB_STATUS[props.job.status]}</strong>
        <span class="meta">
          {' '}
          · {props.job.kind === 'section' ? 'one section' : 'whole report'} · started {dateTime(props.job.createdAt)}
        </span>
      </p>
      <progress max="100" value={percent()} aria-label="Job progress">
        {percent()}%
      </progress>
      <p class="meta">
        {props.written} of {plural(props.job.sections.length, 'section')} written
        <Show when={props.job.creditsCharged !== null}> · {plural(props.job.creditsCharged ?? 0, 'credit')} charged</Show>
        <Show when={props.job.creditsCharged === null && props.job.creditsReserved > 0}> · {plural(props.job.creditsReserved, 'credit')} reserved</Show>
      </p>
      <Show when={props.job.lastError}>
        <p class="notice notice-warn">{props.job.lastError}</p>
      </Show>
    </section>
  );
}

interface RowProps extends PanelProps {
  sectionId: string;
  label: string;
  /** What its badge says (sectionStatus). */
  status: SectionStatus | JobSectionStatus;
  state: SectionState | undefined;
  jobSection: JobSectionDto | undefined;
  job: GenerationJobDto | undefined;
  busy: boolean;
  canWrite: boolean;
}

function SectionRow(props: RowProps) {
  const retry = useAction(retrySectionAction);
  const retrying = useSubmission(retrySectionAction, ([, , sid]) => sid === props.sectionId);
  const regenerate = useAction(regenerateSectionAction);
  const regenerating = useSubmission(regenerateSectionAction, ([, sid]) => sid === props.sectionId);
  const [confirming, setConfirming] = createSignal(false);
  const [kept, setKept] = createSignal(false);
  const status = () => props.status;
  const error = () => props.state?.error ?? props.jobSection?.error ?? null;
  const retryable = () => props.job && props.jobSection && (props.jobSection.status === 'failed' || props.jobSection.status === 'cancelled') && !props.busy;
  return (
    <li class={`section-row section-${status()}`} data-testid={`section-progress-${props.sectionId}`} data-status={status()}>
      <div class="section-row-head">
        <button type="button" class="button-link" onClick={() => props.room.revealSection(props.sectionId)} title="Show this section in the editor">
          {props.label}
        </button>
        <span class={`gen-state gen-state-${status()}`}>
          {SECTION_STATUS[status()]}
          <Show when={status() === 'writing' && props.state?.writer}> by {props.state?.writer}</Show>
        </span>
      </div>
      <Show when={error() && (status() === 'failed' || status() === 'cancelled')}>
        <p class="field-error">{error()}</p>
      </Show>
      <Show when={props.canWrite}>
        <div class="actions">
          <Show when={retryable()}>
            <button type="button" class="button-secondary" disabled={retrying.pending} onClick={() => void retry(props.room.reportId, props.job!.id, props.sectionId).catch(() => undefined)}>
              {retrying.pending ? 'Retrying…' : 'Retry'}
            </button>
          </Show>
          <Show when={!props.busy && !confirming()}>
            <button type="button" class="button-link" onClick={() => setConfirming(true)} aria-label={`Rewrite ${props.label}`}>
              Rewrite with AI
            </button>
          </Show>
          <Show when={confirming()}>
            <span class="confirm">
              Replace this section’s text? The current text is kept in History.
              <button
                type="button"
                disabled={regenerating.pending}
                onClick={() => {
                  void regenerate(props.room.reportId, props.sectionId)
                    .then(() => {
                      setKept(true);
                      setConfirming(false);
                    })
                    .catch(() => undefined);
                }}
              >
                {regenerating.pending ? 'Starting…' : 'Rewrite'}
              </button>
              <button type="button" class="button-link" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </span>
          </Show>
        </div>
        <Show when={retrying.error ?? regenerating.error}>
          {(e) => (
            <p class="notice notice-error" role="alert">
              {messageOf(e())}
            </p>
          )}
        </Show>
        <Show when={kept()}>
          <p class="hint">The previous text is in History; restore it from there if you prefer it.</p>
        </Show>
      </Show>
    </li>
  );
}
