// Two editors typing into the same empty paragraph at once, each written through the editor's own
// Yjs binding (@tiptap/y-tiptap's updateYFragment, what every keystroke runs) and re-read from the
// document as a remote change is. Each first character used to make its own Y.XmlText in the
// paragraph; the binding then folded the two texts into one on both sides at once, and the
// characters of one of them came out twice.
import { initProseMirrorDoc, updateYFragment } from '@tiptap/y-tiptap';
import { Schema, type Node as PMNode } from '@tiptap/pm/model';
import { Transform } from '@tiptap/pm/transform';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { sectionFragment, sectionPlainText } from './body';
import { addSection } from './outline';
import { replica, sampleDoc, sync } from './test-helpers';

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
  return {
    /** Takes in what arrived from the others (the binding re-renders from the document). */
    refresh() {
      view = initProseMirrorDoc(fragment, schema);
    },
    /** Types `text` right after `after` (their own previous character), or at the start. */
    type(text: string, after?: string) {
      const at = after === undefined ? 0 : view.doc.textContent.indexOf(after) + 1;
      const next: PMNode = new Transform(view.doc).insert(1 + at, schema.text(text)).doc;
      updateYFragment(doc, fragment, next, view.meta);
      view = { ...view, doc: next };
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
});
