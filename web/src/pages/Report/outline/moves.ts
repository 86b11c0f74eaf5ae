// Where a keyboard move takes a chapter or a section. A section moved up from the top of its
// chapter goes to the end of the chapter before; moved down from the bottom, to the start of the
// chapter after, so the arrows alone can take a section anywhere.
import type * as Y from 'yjs';
import { moveChapter, moveSection, type NumberedChapter } from '../../../../../core/doc';

export type Direction = 'up' | 'down';

/** Whether the chapter at `index` can move that way. */
export function canMoveChapter(chapters: readonly NumberedChapter[], index: number, direction: Direction): boolean {
  return direction === 'up' ? index > 0 : index < chapters.length - 1;
}

/** Moves the chapter at `index` one place; false when it cannot go further. */
export function moveChapterBy(doc: Y.Doc, chapters: readonly NumberedChapter[], index: number, direction: Direction): boolean {
  const chapter = chapters[index];
  if (!chapter || !canMoveChapter(chapters, index, direction)) return false;
  return moveChapter(doc, chapter.id, direction === 'up' ? index - 1 : index + 1);
}

/** Whether a section can move that way (not above the first section nor below the last). */
export function canMoveSection(chapters: readonly NumberedChapter[], chapterIndex: number, sectionIndex: number, direction: Direction): boolean {
  if (direction === 'up') return sectionIndex > 0 || chapterIndex > 0;
  const count = chapters[chapterIndex]?.sections.length ?? 0;
  return sectionIndex < count - 1 || chapterIndex < chapters.length - 1;
}

/** Moves a section one place, across chapter boundaries; false when it cannot go further. */
export function moveSectionBy(doc: Y.Doc, chapters: readonly NumberedChapter[], chapterIndex: number, sectionIndex: number, direction: Direction): boolean {
  const chapter = chapters[chapterIndex];
  const section = chapter?.sections[sectionIndex];
  if (!chapter || !section || !canMoveSection(chapters, chapterIndex, sectionIndex, direction)) return false;
  if (direction === 'up') {
    if (sectionIndex > 0) return moveSection(doc, section.id, chapter.id, sectionIndex - 1);
    const previous = chapters[chapterIndex - 1] as NumberedChapter;
    return moveSection(doc, section.id, previous.id, previous.sections.length);
  }
  if (sectionIndex < chapter.sections.length - 1) return moveSection(doc, section.id, chapter.id, sectionIndex + 1);
  const next = chapters[chapterIndex + 1] as NumberedChapter;
  return moveSection(doc, section.id, next.id, 0);
}

/**
 * The index a dragged item ends at when dropped before (or after) the item at `targetIndex` of
 * a list, given where it is now in that list (-1 when it comes from another list): removing it
 * first shifts everything after it up by one.
 */
export function dropIndex(targetIndex: number, after: boolean, currentIndex: number): number {
  const insertAt = after ? targetIndex + 1 : targetIndex;
  return currentIndex !== -1 && currentIndex < insertAt ? insertAt - 1 : insertAt;
}
