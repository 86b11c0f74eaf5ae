// The AI's caret: while a generation job writes a section, a blinking caret labelled with the
// writer ("Seydam AI") sits at the end of the text, where the stream lands. The job writes through
// the room, not through an editor, so it has no awareness cursor; the section's state in `meta`
// says it is writing, and the page turns this plugin on for that section.
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

const key = new PluginKey<string | null>('aiCaret');

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    aiCaret: {
      /** Shows the AI's caret labelled `writer`, or hides it with null. */
      setAiWriter: (writer: string | null) => ReturnType;
    };
  }
}

/** A widget at the end of the last textblock, while a writer is set. */
export const AiCaret = Extension.create({
  name: 'aiCaret',

  addCommands() {
    return {
      setAiWriter:
        (writer) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(key, writer).setMeta('addToHistory', false);
          return true;
        },
    };
  },

  addProseMirrorPlugins() {
    return [
      new Plugin<string | null>({
        key,
        state: {
          init: () => null,
          apply: (tr, writer) => {
            const next = tr.getMeta(key) as string | null | undefined;
            return next === undefined ? writer : next;
          },
        },
        props: {
          decorations(state) {
            const writer = key.getState(state);
            if (!writer) return null;
            let end = state.doc.content.size;
            state.doc.descendants((node, pos) => {
              if (node.isTextblock) end = pos + 1 + node.content.size;
            });
            const widget = Decoration.widget(
              end,
              () => {
                const caret = document.createElement('span');
                caret.className = 'ai-caret';
                caret.setAttribute('aria-hidden', 'true');
                const label = document.createElement('span');
                label.className = 'ai-caret-label';
                label.textContent = writer;
                caret.append(label);
                return caret;
              },
              { side: 1, key: `ai-${writer}` },
            );
            return DecorationSet.create(state.doc, [widget]);
          },
        },
      }),
    ];
  },
});
