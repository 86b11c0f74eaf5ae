// Keeps an empty Y.XmlText in every empty text block an editor creates. The editor binding
// (y-prosemirror / y-tiptap) makes a new paragraph, heading or code block (Enter, a new list item)
// with no children; the first character each person types into it then makes a Y.XmlText of its
// own, and when two people start typing there at once the block ends up with two texts, which the
// binding merges on both sides at once (y-prosemirror #160): characters come out twice. Blocks the
// server writes are built with the empty text already (codec.ts); this does the same for blocks
// made in the browser, right after the transaction that made them.
import * as Y from 'yjs';
import { TEXT_BLOCKS } from './codec';

/** The origin of the transaction that adds the texts (not the editor's: its undo does not track it). */
export const TEXT_FILL_ORIGIN = 'seydam:text-fill';

/**
 * A Y.Doc 'afterTransaction' handler: after a local transaction that added or removed children
 * somewhere in the document, gives each empty text block under those places an empty Y.XmlText.
 * Remote updates are left alone: their author's document fills its own blocks.
 */
export function fillEmptyTextBlocks(transaction: Y.Transaction): void {
  if (!transaction.local || transaction.origin === TEXT_FILL_ORIGIN) return;
  const empty: Y.XmlElement[] = [];
  for (const [type, keys] of transaction.changed) {
    // `null` among the keys: the type's children changed (attribute changes have names).
    if (keys.has(null) && (type instanceof Y.XmlElement || type instanceof Y.XmlFragment)) collectEmpty(type, empty);
  }
  if (empty.length === 0) return;
  transaction.doc.transact(() => {
    for (const block of empty) if (block.length === 0) block.insert(0, [new Y.XmlText()]);
  }, TEXT_FILL_ORIGIN);
}

function collectEmpty(parent: Y.XmlElement | Y.XmlFragment, out: Y.XmlElement[]): void {
  for (const child of parent.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    if (TEXT_BLOCKS.has(child.nodeName)) {
      if (child.length === 0) out.push(child);
    } else {
      collectEmpty(child, out);
    }
  }
}
