// AI edit: pick a section (the one the caret is in, by default), a suggestion or an instruction of
// your own, watch the proposal stream in, then accept it (it replaces the section for everyone) or
// reject it (nothing changed). Only the person asking sees the proposal.
import { A } from '@solidjs/router';
import { createEffect, createMemo, createSignal, createUniqueId, For, on, onCleanup, Show } from 'solid-js';
import { aiEditPresets, type AiEditPreset } from '../../../../../core/api/ai-edit';
import { numberOutline, readOutline } from '../../../../../core/doc';
import { acceptAiEdit, streamAiEdit } from '../../../api/ai-edit';
import { ApiError } from '../../../api/client';
import { messageOf, Note } from '../../../components/Notices';
import { plural } from '../../../lib/format';
import { liveValue, sameList } from './live';
import type { PanelProps } from './types';

/** Longest instruction the API takes. */
export const INSTRUCTION_MAX = 500;

/** The suggestions: a label and the instruction it fills in (which can still be edited). */
export const PRESETS: Record<AiEditPreset, { label: string; instruction: string }> = {
  improve: { label: 'Improve writing', instruction: 'Improve the writing: clearer sentences and better flow, same meaning and length.' },
  expand: { label: 'Expand', instruction: 'Expand this section with more detail, explanation and examples.' },
  shorten: { label: 'Shorten', instruction: 'Shorten this section to about half, keeping the key points.' },
  tone: { label: 'Change tone', instruction: 'Rewrite this section in a more formal, academic tone.' },
  restructure: { label: 'Restructure', instruction: 'Restructure this section so its argument builds in a logical order.' },
};

type Phase = { kind: 'idle' } | { kind: 'streaming' } | { kind: 'ready'; credits: number } | { kind: 'accepted' } | { kind: 'error'; error: unknown };

/** The AI edit tab (editors and the owner). */
export function AiEditPanel(props: PanelProps) {
  const sections = liveValue(props.room.doc, (doc) => numberOutline(readOutline(doc)).flatMap((ch) => ch.sections));
  // Options keyed by id, so an open list is not rebuilt by every keystroke of a collaborator.
  const sectionIds = createMemo(() => sections().map((s) => s.id), [], { equals: sameList });
  const labelOf = (id: string) => {
    const s = sections().find((x) => x.id === id);
    return s ? `${s.number} ${s.title || 'Untitled section'}` : '';
  };
  const [sectionId, setSectionId] = createSignal<string>(props.room.activeSection() ?? '');
  // Follow the caret: the section being edited is the one to rewrite, until the person picks another here.
  createEffect(on(props.room.activeSection, (active) => active && setSectionId(active)));
  const current = () => sections().find((s) => s.id === sectionId());
  const [instruction, setInstruction] = createSignal('');
  const [preset, setPreset] = createSignal<AiEditPreset>();
  const [proposal, setProposal] = createSignal('');
  const [phase, setPhase] = createSignal<Phase>({ kind: 'idle' });
  const [accepting, setAccepting] = createSignal(false);
  let controller: AbortController | undefined;
  onCleanup(() => controller?.abort());
  const ids = { section: createUniqueId(), instruction: createUniqueId(), preview: createUniqueId() };
  const busy = () => phase().kind === 'streaming' || accepting();

  const ask = async () => {
    const section = current();
    if (!section || !instruction().trim()) return;
    controller?.abort();
    controller = new AbortController();
    setProposal('');
    setPhase({ kind: 'streaming' });
    try {
      const done = await streamAiEdit(props.room.reportId, section.id, { instruction: instruction().trim(), preset: preset() }, { onDelta: setProposal, signal: controller.signal });
      setProposal(done.text);
      setPhase({ kind: 'ready', credits: done.credits });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') setPhase({ kind: 'idle' });
      else setPhase({ kind: 'error', error: err });
    }
  };

  const accept = async () => {
    const section = current();
    if (!section) return;
    setAccepting(true);
    try {
      await acceptAiEdit(props.room.reportId, section.id, proposal());
      setPhase({ kind: 'accepted' });
      setProposal('');
      props.room.revealSection(section.id);
    } catch (err) {
      setPhase({ kind: 'error', error: err });
    } finally {
      setAccepting(false);
    }
  };

  const reject = () => {
    controller?.abort();
    setProposal('');
    setPhase({ kind: 'idle' });
  };

  return (
    <div class="panel-body ai-edit-panel">
      <div class="field">
        <label for={ids.section}>Section</label>
        <select id={ids.section} value={sectionId()} disabled={busy()} onChange={(e) => setSectionId(e.currentTarget.value)}>
          <option value="" disabled selected={!sectionId()}>
            Choose a section
          </option>
          <For each={sectionIds()}>
            {(id) => (
              <option value={id} selected={id === sectionId()}>
                {labelOf(id)}
              </option>
            )}
          </For>
        </select>
      </div>

      <fieldset class="presets" disabled={busy()}>
        <legend>Suggestions</legend>
        <For each={aiEditPresets}>
          {(p) => (
            <button
              type="button"
              class="button-secondary"
              aria-pressed={preset() === p}
              onClick={() => {
                setPreset(p);
                setInstruction(PRESETS[p].instruction);
              }}
            >
              {PRESETS[p].label}
            </button>
          )}
        </For>
      </fieldset>

      <form
        class="form compact"
        onSubmit={(e) => {
          e.preventDefault();
          void ask();
        }}
      >
        <div class="field">
          <label for={ids.instruction}>Instruction</label>
          <textarea
            id={ids.instruction}
            rows="3"
            maxLength={INSTRUCTION_MAX}
            value={instruction()}
            disabled={busy()}
            aria-describedby={`${ids.instruction}-count`}
            onInput={(e) => {
              setInstruction(e.currentTarget.value);
              // An edited suggestion is the person's own instruction now.
              if (preset() && e.currentTarget.value !== PRESETS[preset()!].instruction) setPreset(undefined);
            }}
          />
          <p class="hint" id={`${ids.instruction}-count`}>
            {instruction().length} / {INSTRUCTION_MAX} characters
          </p>
        </div>
        <div class="actions">
          <button type="submit" disabled={busy() || !current() || !instruction().trim()}>
            {phase().kind === 'streaming' ? 'Writing…' : 'Propose a rewrite'}
          </button>
          <Show when={phase().kind === 'streaming'}>
            <button type="button" class="button-secondary" onClick={reject}>
              Stop
            </button>
          </Show>
        </div>
      </form>

      <Show when={phase().kind === 'streaming' || phase().kind === 'ready'}>
        <div class="field">
          <label for={ids.preview}>Proposal{current() ? ` for ${current()!.number} ${current()!.title}` : ''}</label>
          <textarea
            id={ids.preview}
            class="ai-preview"
            data-testid="ai-edit-preview"
            rows="10"
            readOnly={phase().kind !== 'ready'}
            aria-busy={phase().kind === 'streaming'}
            value={proposal()}
            onInput={(e) => setProposal(e.currentTarget.value)}
          />
          <Show when={phase().kind === 'ready'}>
            <p class="hint">You can touch the text up before accepting it.</p>
          </Show>
        </div>
      </Show>
      <Show when={phase().kind === 'ready'}>
        <div class="actions">
          <button type="button" disabled={accepting() || !proposal().trim()} onClick={() => void accept()}>
            {accepting() ? 'Accepting…' : 'Accept'}
          </button>
          <button type="button" class="button-secondary" disabled={accepting()} onClick={reject}>
            Reject
          </button>
        </div>
        <p class="meta">This proposal used {plural((phase() as { credits: number }).credits, 'credit')}.</p>
      </Show>
      <Show when={phase().kind === 'accepted'}>
        <Note>The section now holds the accepted text, for everyone.</Note>
      </Show>
      <Show when={phase().kind === 'error' && (phase() as { error: unknown }).error}>
        {(err) => <EditError error={err()} />}
      </Show>
    </div>
  );
}

function EditError(props: { error: unknown }) {
  const credits = () => props.error instanceof ApiError && props.error.code === 'insufficient_credits';
  return (
    <div class="notice notice-error" role="alert">
      <p>{messageOf(props.error)}</p>
      <Show when={credits()}>
        <p>
          <A href="/billing">Buy credits</A>
        </p>
      </Show>
    </div>
  );
}
