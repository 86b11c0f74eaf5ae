// One section's body: a Tiptap editor bound to the section's fragment in the shared document, with
// everyone's carets, read-only for viewers, and the AI's caret while a job writes the section.
import { Editor } from '@tiptap/core';
import { createEffect, createSignal, on, onCleanup, onMount, Show } from 'solid-js';
import { ensureSectionBody } from '../../../../../core/doc';
import { useReportPage } from '../context';
import { sectionExtensions } from './extensions';

/** The editor of section `sectionId`, labelled "<number> <title>" for assistive technology. */
export function SectionEditor(props: { sectionId: string; label: string; writer: string | null }) {
  const page = useReportPage();
  const [editor, setEditor] = createSignal<Editor | null>(null);
  let host!: HTMLDivElement;

  const fragment = () => page.fragments(props.sectionId);

  onMount(() => {
    createEffect(
      on(fragment, (frag) => {
        unbind();
        const user = page.room.user();
        if (!frag || !user) return;
        const created = new Editor({
          element: host,
          extensions: sectionExtensions({ doc: page.room.connection.doc, fragment: frag, awareness: awarenessOf(page), user, citations: page.citations }),
          editable: page.canEdit(),
          editorProps: { attributes: { 'aria-label': `Text of ${props.label}`, 'aria-multiline': 'true', role: 'textbox', spellcheck: 'true' } },
        });
        page.editors.register(props.sectionId, created);
        setEditor(created);
      }),
    );
  });

  // A section can be in the outline without a body (a move that crossed a removal): an editor makes one.
  createEffect(() => {
    if (!fragment() && page.canEdit() && page.room.ready()) ensureSectionBody(page.room.connection.doc, props.sectionId);
  });

  createEffect(() => {
    const ed = editor();
    if (!ed) return;
    const editable = page.canEdit();
    if (ed.isEditable !== editable) ed.setEditable(editable);
  });

  createEffect(() => {
    const ed = editor();
    const writer = props.writer;
    if (ed) ed.commands.setAiWriter(writer);
  });

  createEffect(
    on(
      () => props.label,
      (label) => editor()?.view.dom.setAttribute('aria-label', `Text of ${label}`),
      { defer: true },
    ),
  );

  function unbind() {
    const ed = editor();
    if (!ed) return;
    page.editors.unregister(props.sectionId, ed);
    ed.destroy();
    setEditor(null);
  }

  onCleanup(unbind);

  return (
    <>
      <div ref={host} class="section-body" classList={{ 'is-readonly': !page.canEdit() }} data-section-body={props.sectionId} />
      <Show when={!fragment()}>
        <p class="hint">This section has no text yet.</p>
      </Show>
    </>
  );
}

function awarenessOf(page: ReturnType<typeof useReportPage>) {
  const provider = page.room.connection.provider;
  if (!provider) throw new Error('the room has no provider yet');
  return provider.awareness;
}
