// Alternative text, caption and width of the selected image. The image is remembered by position
// when it is selected, so a change still lands on it if the selection moved meanwhile (a field of
// these controls has the focus, and other people's edits keep arriving).
import type { Editor } from '@tiptap/core';
import { NodeSelection } from '@tiptap/pm/state';
import { createMemo, For } from 'solid-js';
import { NODE } from '../../../../../core/doc';
import { IMAGE_WIDTHS } from './figure-image';
import { ToolButton } from './ToolButton';

/** Fields for the image the selection is on; `revision` re-reads them as the editor changes. */
export function ImageControls(props: { editor: Editor; revision: number }) {
  let remembered: number | null = null;
  const target = (): number | null => {
    const { selection, doc } = props.editor.state;
    if (selection instanceof NodeSelection && selection.node.type.name === NODE.image) remembered = selection.from;
    return remembered !== null && doc.nodeAt(remembered)?.type.name === NODE.image ? remembered : null;
  };
  const attrs = (): Record<string, unknown> => {
    void props.revision;
    const pos = target();
    return pos === null ? {} : ((props.editor.state.doc.nodeAt(pos)?.attrs ?? {}) as Record<string, unknown>);
  };
  const set = (patch: Record<string, unknown>) => {
    const pos = target();
    const node = pos === null ? null : props.editor.state.doc.nodeAt(pos);
    if (pos === null || !node) return;
    props.editor.view.dispatch(props.editor.state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, ...patch }));
  };
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  // Memos, so a field is written only when its attribute changes: every transaction of the editor
  // re-reads the attributes, and writing an unchanged value back would wipe what is being typed.
  const alt = createMemo(() => text(attrs().alt));
  const caption = createMemo(() => text(attrs().caption));
  const width = createMemo(() => text(attrs().width));
  return (
    <div class="toolbar-group toolbar-context image-controls" role="group" aria-label="Image">
      <label>
        Alt text <input type="text" value={alt()} onChange={(e) => set({ alt: e.currentTarget.value || null })} />
      </label>
      <label>
        Caption <input type="text" value={caption()} onChange={(e) => set({ caption: e.currentTarget.value || null })} />
      </label>
      <label>
        Width
        <select value={width()} onChange={(e) => set({ width: e.currentTarget.value || null, height: null })}>
          <option value="">Original</option>
          <For each={IMAGE_WIDTHS}>{(w) => <option value={w}>{w}</option>}</For>
        </select>
      </label>
      <ToolButton
        label="Remove image"
        onClick={() => {
          const pos = target();
          if (pos !== null) props.editor.chain().focus().setNodeSelection(pos).deleteSelection().run();
        }}
      >
        Remove
      </ToolButton>
    </div>
  );
}
