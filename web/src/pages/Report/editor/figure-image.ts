// Images as figures: Tiptap's image node with the attributes core/doc's renderers read (src, alt,
// title, width, height, caption), shown with its caption under it and a handle to resize it.
// Widths are stored as a percentage of the text column ("50%"), so a figure keeps its proportion
// on any screen and in every export.
import type { Editor } from '@tiptap/core';
import { Image } from '@tiptap/extension-image';
import type { Node as PMNode } from '@tiptap/pm/model';

/** The widths the image controls offer; the handle sets any whole percentage between MIN and 100. */
export const IMAGE_WIDTHS = ['25%', '50%', '75%', '100%'] as const;
const MIN_PERCENT = 10;

/** The report's image node. */
export const FigureImage = Image.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      caption: {
        default: null,
        parseHTML: (el) => el.closest('figure')?.querySelector('figcaption')?.textContent ?? null,
        renderHTML: () => ({}),
      },
    };
  },

  addNodeView() {
    return ({ node, getPos, editor }) => {
      const figure = document.createElement('figure');
      figure.className = 'report-figure';
      figure.contentEditable = 'false';
      const img = document.createElement('img');
      img.draggable = false;
      const caption = document.createElement('figcaption');
      const handle = document.createElement('span');
      handle.className = 'report-figure-handle';
      handle.title = 'Drag to resize';
      handle.setAttribute('aria-hidden', 'true');
      figure.append(img, caption, handle);

      let current = node;
      const paint = (n: PMNode) => {
        const attrs = n.attrs as Record<string, unknown>;
        if (img.getAttribute('src') !== attrs.src) img.setAttribute('src', String(attrs.src ?? ''));
        img.alt = typeof attrs.alt === 'string' ? attrs.alt : '';
        if (typeof attrs.title === 'string' && attrs.title) img.title = attrs.title;
        else img.removeAttribute('title');
        img.style.width = widthStyle(attrs.width);
        caption.textContent = typeof attrs.caption === 'string' ? attrs.caption : '';
        caption.hidden = !caption.textContent;
        handle.hidden = !editor.isEditable;
      };
      paint(node);
      const stopResize = enableResize(handle, figure, img, editor, () => {
        const pos = getPos();
        return typeof pos === 'number' ? { pos, node: current } : null;
      });
      return {
        dom: figure,
        update: (updated) => {
          if (updated.type !== node.type) return false;
          current = updated;
          paint(updated);
          return true;
        },
        // Resizing is ours; ProseMirror must not read the handle's pointer events as a selection.
        stopEvent: (event) => event.target === handle,
        ignoreMutation: () => true,
        destroy: stopResize,
      };
    };
  },
});

/** A stored width as CSS: "50%" as is, a number of pixels as px, anything else as auto. */
function widthStyle(width: unknown): string {
  if (typeof width === 'string' && /^\d{1,3}%$/.test(width)) return width;
  if (typeof width === 'number' && Number.isFinite(width) && width > 0) return `${Math.round(width)}px`;
  if (typeof width === 'string' && /^\d{1,5}(px)?$/.test(width)) return `${parseInt(width, 10)}px`;
  return '';
}

/** Drag-to-resize on the handle; the width is written once, when the drag ends. */
function enableResize(handle: HTMLElement, figure: HTMLElement, img: HTMLImageElement, editor: Editor, target: () => { pos: number; node: PMNode } | null): () => void {
  const onDown = (down: PointerEvent) => {
    if (!editor.isEditable) return;
    down.preventDefault();
    const column = figure.parentElement?.clientWidth || figure.clientWidth || 1;
    const startX = down.clientX;
    const startWidth = img.getBoundingClientRect().width;
    let percent = Math.round((startWidth / column) * 100);
    handle.setPointerCapture(down.pointerId);
    const onMove = (move: PointerEvent) => {
      percent = Math.min(100, Math.max(MIN_PERCENT, Math.round(((startWidth + move.clientX - startX) / column) * 100)));
      img.style.width = `${percent}%`;
    };
    const onUp = () => {
      handle.removeEventListener('pointermove', onMove);
      handle.removeEventListener('pointerup', onUp);
      const found = target();
      if (!found) return;
      editor.view.dispatch(editor.state.tr.setNodeMarkup(found.pos, undefined, { ...found.node.attrs, width: `${percent}%`, height: null }));
    };
    handle.addEventListener('pointermove', onMove);
    handle.addEventListener('pointerup', onUp);
  };
  handle.addEventListener('pointerdown', onDown);
  return () => handle.removeEventListener('pointerdown', onDown);
}
