// Line spacing as a block attribute (`lineHeight` on paragraphs and headings), which is where
// core/doc's renderers read it; Tiptap's own LineHeight puts it on a text-style mark, which the
// report schema does not have.
import { Extension } from '@tiptap/core';
import { NODE } from '../../../../../core/doc';

/** The spacings the toolbar offers (render-html accepts these forms). */
export const LINE_HEIGHTS = ['1', '1.15', '1.5', '2'] as const;

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    lineHeight: {
      /** Sets the line spacing of the selected blocks; null goes back to the default. */
      setLineHeight: (value: string | null) => ReturnType;
    };
  }
}

const TYPES = [NODE.paragraph, NODE.heading];

/** `lineHeight` on paragraph and heading, and the command that sets it. */
export const LineHeight = Extension.create({
  name: 'lineHeight',

  addGlobalAttributes() {
    return [
      {
        types: TYPES,
        attributes: {
          lineHeight: {
            default: null,
            parseHTML: (el) => el.style.lineHeight || null,
            renderHTML: (attrs) => (attrs.lineHeight ? { style: `line-height: ${String(attrs.lineHeight)}` } : {}),
          },
        },
      },
    ];
  },

  addCommands() {
    return {
      setLineHeight:
        (value) =>
        ({ commands }) =>
          TYPES.map((type) => commands.updateAttributes(type, { lineHeight: value })).some(Boolean),
    };
  },
});
