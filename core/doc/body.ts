// Section bodies: the Y.XmlFragment each section's editor binds to, written whole from JSON
// blocks or appended to as a model streams text.
import * as Y from 'yjs';
import { blocksToY, isEmptyY, yToBlocks } from './codec';
import { normalizeBody } from './normalize';
import { allSectionIds } from './outline-read';
import { blocksPlainText } from './plain-text';
import { NODE, reportTypes, type Block } from './schema';

/** The fragment a section's editor binds to (`Collaboration.configure({ fragment })`), if the section has one. */
export function sectionFragment(doc: Y.Doc, sectionId: string): Y.XmlFragment | undefined {
  const fragment = reportTypes(doc).sections.get(sectionId);
  return fragment instanceof Y.XmlFragment ? fragment : undefined;
}

/**
 * Creates a section's fragment holding `blocks` (one empty paragraph by default). Call inside the
 * transaction that adds the section: the fragment must exist before any editor binds to it, or
 * two editors would each create one and one of them would be lost.
 */
export function createSectionBody(doc: Y.Doc, sectionId: string, blocks?: unknown[]): Y.XmlFragment {
  const fragment = new Y.XmlFragment();
  reportTypes(doc).sections.set(sectionId, fragment);
  fragment.insert(0, blocksToY(normalizeBody(blocks ?? [])));
  return fragment;
}

/**
 * The fragment of a section that is in the outline, created (empty) when it has none: a move
 * concurrent with a removal can bring a section back without its body. Undefined for a section
 * not in the outline.
 */
export function ensureSectionBody(doc: Y.Doc, sectionId: string): Y.XmlFragment | undefined {
  const existing = sectionFragment(doc, sectionId);
  if (existing) return existing;
  if (!allSectionIds(doc).has(sectionId)) return undefined;
  let created: Y.XmlFragment | undefined;
  doc.transact(() => {
    created = createSectionBody(doc, sectionId);
  });
  return created;
}

/** A section's body as normalized JSON blocks (one empty paragraph for a section without body). */
export function readSectionBlocks(doc: Y.Doc, sectionId: string): Block[] {
  const fragment = sectionFragment(doc, sectionId);
  return normalizeBody(fragment ? yToBlocks(fragment) : []);
}

/**
 * Replaces a section's body with `blocks` (JSON blocks, or strings taken as plain-text paragraphs).
 * The fragment is emptied and refilled rather than replaced, so editors bound to it stay bound.
 * Returns false when the section has no body (it was removed).
 */
export function setSectionParagraphs(doc: Y.Doc, sectionId: string, blocks: Array<Block | string>): boolean {
  const fragment = sectionFragment(doc, sectionId);
  if (!fragment) return false;
  doc.transact(() => {
    if (fragment.length > 0) fragment.delete(0, fragment.length);
    fragment.insert(0, blocksToY(normalizeBody(blocks)));
  });
  return true;
}

/**
 * Appends streamed model text to a section: text goes to the end of the last paragraph, a single
 * newline becomes a hard break and a blank line starts a new paragraph. It keeps no state outside
 * the document, so "\n" and "\n" arriving in two chunks still make a paragraph break: a hard break
 * at the end of the paragraph followed by another newline turns into one. Each call is one
 * transaction that touches only the end of the section. Returns false when the section has no body.
 */
export function appendToSection(doc: Y.Doc, sectionId: string, text: string): boolean {
  const fragment = sectionFragment(doc, sectionId);
  if (!fragment) return false;
  const chunk = text.replace(/\r\n?/g, '\n');
  if (!chunk) return true;
  doc.transact(() => {
    let paragraph = lastParagraph(fragment);
    chunk.split('\n').forEach((piece, i) => {
      if (i > 0) paragraph = newline(fragment, paragraph);
      if (piece) appendText(paragraph, piece);
    });
  });
  return true;
}

/** Removes what a stream leaves dangling at the end of a section: a final hard break, trailing empty paragraphs. */
export function trimSectionEnd(doc: Y.Doc, sectionId: string): boolean {
  const fragment = sectionFragment(doc, sectionId);
  if (!fragment) return false;
  doc.transact(() => {
    for (;;) {
      const last = lastChild(fragment);
      if (!(last instanceof Y.XmlElement) || last.nodeName !== NODE.paragraph) return;
      const tail = lastChild(last);
      if (tail instanceof Y.XmlElement && tail.nodeName === NODE.hardBreak) {
        last.delete(last.length - 1, 1);
      } else if (isEmptyY(last) && fragment.length > 1) {
        fragment.delete(fragment.length - 1, 1);
      } else {
        return;
      }
    }
  });
  return true;
}

/** A section's text without formatting: blocks separated by blank lines. */
export function sectionPlainText(doc: Y.Doc, sectionId: string): string {
  return blocksPlainText(readSectionBlocks(doc, sectionId));
}

function lastChild(parent: Y.XmlFragment): Y.XmlElement | Y.XmlText | undefined {
  return parent.length > 0 ? (parent.get(parent.length - 1) as Y.XmlElement | Y.XmlText) : undefined;
}

function lastParagraph(fragment: Y.XmlFragment): Y.XmlElement {
  const last = lastChild(fragment);
  if (last instanceof Y.XmlElement && last.nodeName === NODE.paragraph) return last;
  return appendParagraph(fragment);
}

function appendParagraph(fragment: Y.XmlFragment): Y.XmlElement {
  const paragraph = new Y.XmlElement(NODE.paragraph);
  fragment.insert(fragment.length, [paragraph]);
  return paragraph;
}

function newline(fragment: Y.XmlFragment, paragraph: Y.XmlElement): Y.XmlElement {
  const tail = lastChild(paragraph);
  if (tail instanceof Y.XmlElement && tail.nodeName === NODE.hardBreak) {
    paragraph.delete(paragraph.length - 1, 1);
    return appendParagraph(fragment);
  }
  // Newlines at the start of a paragraph carry nothing.
  if (!isEmptyY(paragraph)) paragraph.insert(paragraph.length, [new Y.XmlElement(NODE.hardBreak)]);
  return paragraph;
}

function appendText(paragraph: Y.XmlElement, piece: string): void {
  let tail = lastChild(paragraph);
  if (!(tail instanceof Y.XmlText)) {
    tail = new Y.XmlText();
    paragraph.insert(paragraph.length, [tail]);
  }
  // Explicit empty attributes: streamed text must not inherit a bold or link at the end of the run.
  tail.insert(tail.length, piece, {});
}
