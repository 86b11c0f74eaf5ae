// Two editors typing into the same empty paragraph at once, each written through the editor's own
// Yjs binding (@tiptap/y-tiptap's updateYFragment, what every keystroke runs) and re-read from the
// document as a remote change is. Each first character used to make its own Y.XmlText in the
// paragraph; the binding then folded the two texts into one on both sides at once, and the
// characters of one of them came out twice. The same happened in a line made a moment before with
// Enter, until each editor's document gave new empty blocks a text of their own (text-blocks.ts).
import { initProseMirrorDoc, updateYFragment } from '@tiptap/y-tiptap';
import { Schema, type Node as PMNode } from '@tiptap/pm/model';
import { Transform } from '@tiptap/pm/transform';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { sectionFragment, sectionPlainText } from './body';
import { addSection } from './outline';
import { replica, sampleDoc, sync } from './test-helpers';
import { TEXT_FILL_ORIGIN, fillEmptyTextBlocks } from './text-blocks';

const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { group: 'block', content: 'inline*' },
    text: { group: 'inline' },
  },
});

/** One person's editor bound to a section: what they see, and their typing written to the document. */
function editorOn(doc: Y.Doc, sectionId: string) {
  const fragment = sectionFragment(doc, sectionId);
  if (!fragment) throw new Error(`no body for ${sectionId}`);
  let view = initProseMirrorDoc(fragment, schema);
  const apply = (next: PMNode) => {
    updateYFragment(doc, fragment, next, view.meta);
    view = { ...view, doc: next };
  };
  return {
    /** Takes in what arrived from the others (the binding re-renders from the document). */
    refresh() {
      view = initProseMirrorDoc(fragment, schema);
    },
    /** Types `text` right after `after` (their own previous character), or at the start. */
    type(text: string, after?: string) {
      const at = after === undefined ? 0 : view.doc.textContent.indexOf(after) + 1;
      apply(new Transform(view.doc).insert(1 + at, schema.text(text)).doc);
    },
    /** Presses Enter at the end of the section: a new empty paragraph. */
    enterAtEnd() {
      apply(new Transform(view.doc).split(view.doc.content.size - 1).doc);
    },
    /** Types `text` at the end of the section's last paragraph. */
    typeAtEnd(text: string) {
      apply(new Transform(view.doc).insert(view.doc.content.size - 1, schema.text(text)).doc);
    },
    text: () => view.doc.textContent,
  };
}

describe('two editors typing into the same empty paragraph at once', () => {
  it('keeps each character once', () => {
    const a = sampleDoc();
    const sid = addSection(a, 'ch1', 'Blank') as string;
    const b = replica(a);
    const olga = editorOn(a, sid);
    const eddie = editorOn(b, sid);
    // Each types a first character before seeing the other's, then one more after syncing.
    olga.type('o');
    eddie.type('E');
    sync(a, b);
    olga.refresh();
    eddie.refresh();
    olga.type('l', 'o');
    eddie.type('D', 'E');
    sync(a, b);
    olga.refresh();
    eddie.refresh();
    const text = sectionPlainText(a, sid);
    expect(sectionPlainText(b, sid)).toBe(text);
    expect([...text].sort().join('')).toBe('DElo');
    expect(olga.text()).toBe(text);
    expect(eddie.text()).toBe(text);
  });

  it('keeps each character once in a line one of them has just made with Enter', () => {
    const a = sampleDoc();
    const b = replica(a);
    // What the web client does with each person's document (room/connection.ts).
    let fills = 0;
    for (const doc of [a, b]) {
      doc.on('afterTransaction', (tr: Y.Transaction) => {
        if (tr.origin === TEXT_FILL_ORIGIN) fills += 1;
        fillEmptyTextBlocks(tr);
      });
    }
    const olga = editorOn(a, 's12');
    const eddie = editorOn(b, 's12');
    olga.enterAtEnd();
    sync(a, b);
    olga.refresh();
    eddie.refresh();
    olga.typeAtEnd('o');
    eddie.typeAtEnd('E');
    sync(a, b);
    olga.refresh();
    eddie.refresh();
    olga.typeAtEnd('l');
    eddie.typeAtEnd('D');
    // Typing elsewhere leaves a filled empty line as it is: one fill per new line, no back and forth.
    olga.enterAtEnd();
    olga.type('X');
    sync(a, b);
    olga.refresh();
    eddie.refresh();
    const text = sectionPlainText(a, 's12');
    expect(sectionPlainText(b, 's12')).toBe(text);
    const [first, second] = text.split('\n\n');
    expect(first).toBe('XWe aim to count cats.');
    expect([...second!].sort().join('')).toBe('DElo');
    expect(olga.text()).toBe(eddie.text());
    expect(fills).toBe(2);
  });

  it('fills only what the person made: a remote update is left to its author', () => {
    const a = sampleDoc();
    const b = replica(a);
    let fills = 0;
    b.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.origin === TEXT_FILL_ORIGIN) fills += 1;
      fillEmptyTextBlocks(tr);
    });
    // Olga's document has no filler (an older client): her new line reaches Eddie empty, and stays so.
    editorOn(a, 's12').enterAtEnd();
    sync(a, b);
    expect(fills).toBe(0);
    expect(sectionFragment(b, 's12')!.toJSON()).toBe(sectionFragment(a, 's12')!.toJSON());
  });
});
