// The citation node of core/doc's schema: an inline atom whose only attribute is the reference id.
// It shows the in-text citation in the report's style, with the full source as its tooltip; the
// text is never stored, so a change of style or of the reference list shows everywhere at once.
import { Node, mergeAttributes } from '@tiptap/core';
import { NODE } from '../../../../../core/doc';
import type { CitationFormatter } from '../model/citations';

export interface CitationOptions {
  formatter: CitationFormatter | null;
}

/** `citation` (attrs.refId), rendered through the page's CitationFormatter. */
export const Citation = Node.create<CitationOptions>({
  name: NODE.citation,
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addOptions() {
    return { formatter: null };
  },

  addAttributes() {
    return {
      refId: {
        default: null,
        parseHTML: (el) => el.getAttribute('data-ref-id'),
        renderHTML: (attrs) => (attrs.refId ? { 'data-ref-id': attrs.refId } : {}),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'span[data-citation]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['span', mergeAttributes({ 'data-citation': '', class: 'citation' }, HTMLAttributes)];
  },

  renderText({ node }) {
    const refId = String(node.attrs.refId ?? '');
    return this.options.formatter?.label(refId) ?? `[${refId}]`;
  },

  addNodeView() {
    const formatter = this.options.formatter;
    return ({ node }) => {
      const dom = document.createElement('span');
      dom.className = 'citation';
      dom.setAttribute('data-citation', '');
      dom.contentEditable = 'false';
      let refId = String(node.attrs.refId ?? '');
      const paint = () => {
        dom.setAttribute('data-ref-id', refId);
        dom.textContent = formatter?.label(refId) ?? `[${refId}]`;
        dom.title = formatter?.source(refId) ?? refId;
      };
      paint();
      const unsubscribe = formatter?.subscribe(paint);
      return {
        dom,
        update: (updated) => {
          if (updated.type !== node.type) return false;
          refId = String(updated.attrs.refId ?? '');
          paint();
          return true;
        },
        destroy: () => unsubscribe?.(),
      };
    };
  },
});
