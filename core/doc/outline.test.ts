import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sectionFragment, sectionPlainText, setSectionParagraphs } from './body';
import { getSectionState, setSectionState } from './meta';
import {
  addChapter,
  addNote,
  addSection,
  moveChapter,
  moveSection,
  removeChapter,
  removeNote,
  removeSection,
  renameChapter,
  renameSection,
  resetOutline,
  setGeneratedOutline,
  setNotes,
  updateNote,
} from './outline';
import { findChapter, findSection, numberOutline, readOutline } from './outline-read';
import { reportTypes } from './schema';
import { sampleDoc } from './test-helpers';

/** "1 Introduction / 1.1 Background ..." of the outline, to compare whole outlines at a glance. */
function numbered(doc: Y.Doc): string[] {
  return numberOutline(readOutline(doc)).flatMap((c) => [`${c.number} ${c.title}`, ...c.sections.map((s) => `${s.number} ${s.title}`)]);
}

describe('outline editing', () => {
  it('numbers chapters and sections from their positions', () => {
    const doc = sampleDoc();
    expect(numbered(doc)).toEqual(['1 Introduction', '1.1 Background', '1.2 Aims', '2 Methods', '2.1 Data']);
    expect(findSection(doc, 's21')).toEqual({
      chapterId: 'ch2',
      chapterIndex: 1,
      sectionIndex: 0,
      number: '2.1',
      section: { id: 's21', title: 'Data', notes: ['sources'] },
    });
    expect(findSection(doc, 'nope')).toBeNull();
    expect(findChapter(doc, 'ch2')?.chapterIndex).toBe(1);
  });

  it('adds chapters and sections at an index, each with a fresh id and an empty body', () => {
    const doc = sampleDoc();
    const ch = addChapter(doc, 'Prelude', 0);
    const s = addSection(doc, ch, 'Why', undefined, ['a note']) as string;
    const s2 = addSection(doc, 'ch2', 'Sampling', 0) as string;
    expect(numbered(doc)).toEqual([
      '1 Prelude',
      '1.1 Why',
      '2 Introduction',
      '2.1 Background',
      '2.2 Aims',
      '3 Methods',
      '3.1 Sampling',
      '3.2 Data',
    ]);
    expect(new Set([ch, s, s2, 'ch1', 'ch2', 's11', 's12', 's21']).size).toBe(8);
    expect(findSection(doc, s)?.section.notes).toEqual(['a note']);
    expect(sectionFragment(doc, s)?.toJSON()).toBe('<paragraph></paragraph>');
    expect(addSection(doc, 'missing', 'X')).toBeNull();
  });

  it('clamps indexes out of range', () => {
    const doc = sampleDoc();
    addChapter(doc, 'Last', 99);
    addChapter(doc, 'First', -5);
    expect(readOutline(doc).chapters.map((c) => c.title)).toEqual(['First', 'Introduction', 'Methods', 'Last']);
  });

  it('renames, and answers false for what is gone', () => {
    const doc = sampleDoc();
    expect(renameChapter(doc, 'ch1', 'Intro')).toBe(true);
    expect(renameSection(doc, 's12', 'Goals')).toBe(true);
    expect(renameSection(doc, 'gone', 'X')).toBe(false);
    expect(numbered(doc).slice(0, 3)).toEqual(['1 Intro', '1.1 Background', '1.2 Goals']);
  });

  it('edits notes', () => {
    const doc = sampleDoc();
    expect(addNote(doc, 's11', 'first', 0)).toBe(true);
    expect(addNote(doc, 's11', 'last')).toBe(true);
    expect(updateNote(doc, 's11', 1, 'History')).toBe(true);
    expect(removeNote(doc, 's11', 2)).toBe(true);
    expect(findSection(doc, 's11')?.section.notes).toEqual(['first', 'History', 'last']);
    expect(removeNote(doc, 's11', 7)).toBe(false);
    expect(updateNote(doc, 's11', -1, 'x')).toBe(false);
    expect(setNotes(doc, 's11', ['only'])).toBe(true);
    expect(findSection(doc, 's11')?.section.notes).toEqual(['only']);
  });

  it('removes a section with its body and generation state', () => {
    const doc = sampleDoc();
    setSectionState(doc, 's12', { status: 'done' });
    expect(removeSection(doc, 's12')).toBe(true);
    expect(numbered(doc)).toEqual(['1 Introduction', '1.1 Background', '2 Methods', '2.1 Data']);
    expect(reportTypes(doc).sections.has('s12')).toBe(false);
    expect(getSectionState(doc, 's12')).toEqual({ status: 'idle' });
    expect(removeSection(doc, 's12')).toBe(false);
  });

  it('removes a chapter with its sections and their bodies', () => {
    const doc = sampleDoc();
    expect(removeChapter(doc, 'ch1')).toBe(true);
    expect(numbered(doc)).toEqual(['1 Methods', '1.1 Data']);
    expect([...reportTypes(doc).sections.keys()]).toEqual(['s21']);
  });

  it('moves a chapter, keeping its id, its sections and their bodies', () => {
    const doc = sampleDoc();
    expect(moveChapter(doc, 'ch1', 1)).toBe(true);
    expect(readOutline(doc).chapters.map((c) => c.id)).toEqual(['ch2', 'ch1']);
    expect(numbered(doc)).toEqual(['1 Methods', '1.1 Data', '2 Introduction', '2.1 Background', '2.2 Aims']);
    expect(findSection(doc, 's11')?.section.notes).toEqual(['history', 'scope']);
    expect(sectionPlainText(doc, 's11')).toBe('Cats have long been studied.');
    expect(moveChapter(doc, 'nope', 0)).toBe(false);
  });

  it('moves a section within its chapter and to another chapter, keeping id, notes and body', () => {
    const doc = sampleDoc();
    const before = sectionFragment(doc, 's11');
    expect(moveSection(doc, 's11', 'ch1', 1)).toBe(true);
    expect(numbered(doc).slice(0, 3)).toEqual(['1 Introduction', '1.1 Aims', '1.2 Background']);
    expect(moveSection(doc, 's11', 'ch2', 0)).toBe(true);
    expect(numbered(doc)).toEqual(['1 Introduction', '1.1 Aims', '2 Methods', '2.1 Background', '2.2 Data']);
    expect(findSection(doc, 's11')?.section).toEqual({ id: 's11', title: 'Background', notes: ['history', 'scope'] });
    // The very same fragment, so an editor bound to it stays bound.
    expect(sectionFragment(doc, 's11')).toBe(before);
    expect(sectionPlainText(doc, 's11')).toBe('Cats have long been studied.');
    expect(moveSection(doc, 's11', 'nope', 0)).toBe(false);
    expect(moveSection(doc, 'nope', 'ch1', 0)).toBe(false);
  });

  it('does not copy a section moved to where it already is', () => {
    const doc = sampleDoc();
    const map = reportTypes(doc).outline.get(0).get('sections') as Y.Array<Y.Map<unknown>>;
    const original = map.get(1);
    expect(moveSection(doc, 's12', 'ch1', 1)).toBe(true);
    expect(map.get(1)).toBe(original);
  });

  it('resets to the generated outline: shared sections keep their bodies, others go or start empty', () => {
    const doc = sampleDoc();
    renameSection(doc, 's11', 'Renamed');
    moveSection(doc, 's21', 'ch1', 0);
    const extra = addSection(doc, 'ch2', 'Extra') as string;
    setSectionParagraphs(doc, extra, ['extra text']);
    expect(resetOutline(doc)).toBe(true);
    expect(numbered(doc)).toEqual(['1 Introduction', '1.1 Background', '1.2 Aims', '2 Methods', '2.1 Data']);
    expect(sectionPlainText(doc, 's21')).toBe('We used a camera.');
    expect(reportTypes(doc).sections.has(extra)).toBe(false);

    setGeneratedOutline(doc, { chapters: [{ id: 'ch1', title: 'Only', sections: [{ id: 's11', title: 'Kept' }, { title: 'New' }] }] });
    expect(resetOutline(doc)).toBe(true);
    const [chapter] = readOutline(doc).chapters;
    expect(chapter?.sections.map((s) => s.title)).toEqual(['Kept', 'New']);
    expect(sectionPlainText(doc, 's11')).toBe('Cats have long been studied.');
    expect(sectionPlainText(doc, chapter?.sections[1]?.id as string)).toBe('');
    expect([...reportTypes(doc).sections.keys()].sort()).toEqual(['s11', chapter?.sections[1]?.id].sort());
  });

  it('has nothing to reset to without a generated outline', () => {
    const doc = sampleDoc();
    setGeneratedOutline(doc, null);
    expect(resetOutline(doc)).toBe(false);
  });

  it('makes each edit one transaction (one update for the peers)', () => {
    const doc = sampleDoc();
    let updates = 0;
    doc.on('update', () => updates++);
    moveSection(doc, 's11', 'ch2', 1);
    removeChapter(doc, 'ch1');
    addSection(doc, 'ch2', 'New');
    expect(updates).toBe(3);
  });
});
