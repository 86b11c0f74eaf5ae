// Editing the outline: each function is one Yjs transaction. Functions that name a chapter or
// section by id answer false (or null) when it is gone, which is normal when someone else just
// removed it. Bodies live in `sections` keyed by section id, so moves never touch them.
import * as Y from 'yjs';
import { createSectionBody, sectionFragment } from './body';
import { sectionStates } from './meta';
import {
  allSectionIds,
  chapterMaps,
  noteList,
  normalizeOutline,
  sectionList,
  sectionMaps,
  type OutlineInput,
} from './outline-read';
import {
  CHAPTER,
  META,
  SECTION,
  newId,
  reportTypes,
  type ChapterJson,
  type ChapterMap,
  type OutlineJson,
  type SectionJson,
  type SectionMap,
} from './schema';

/** A chapter map (not yet in a document) holding `chapter` and its sections. */
export function chapterToY(chapter: ChapterJson): ChapterMap {
  const map = new Y.Map<unknown>();
  map.set(CHAPTER.id, chapter.id);
  map.set(CHAPTER.title, chapter.title);
  const sections = new Y.Array<SectionMap>();
  sections.push(chapter.sections.map(sectionToY));
  map.set(CHAPTER.sections, sections);
  return map;
}

/** A section map (not yet in a document). */
export function sectionToY(section: SectionJson): SectionMap {
  const map = new Y.Map<unknown>();
  map.set(SECTION.id, section.id);
  map.set(SECTION.title, section.title);
  const notes = new Y.Array<string>();
  notes.push(section.notes);
  map.set(SECTION.notes, notes);
  return map;
}

/** Adds an empty chapter at `index` (default: last); returns its id. */
export function addChapter(doc: Y.Doc, title: string, index?: number): string {
  const id = newId();
  doc.transact(() => {
    const { outline } = reportTypes(doc);
    outline.insert(clampIndex(index, outline.length), [chapterToY({ id, title, sections: [] })]);
  });
  return id;
}

/** Adds a section (with an empty body) to a chapter at `index` (default: last); returns its id, or null when the chapter is gone. */
export function addSection(doc: Y.Doc, chapterId: string, title: string, index?: number, notes: string[] = []): string | null {
  const id = newId();
  let added = false;
  doc.transact(() => {
    const list = sectionList(chapterMaps(doc, chapterId)[0]?.map);
    if (!list) return;
    list.insert(clampIndex(index, list.length), [sectionToY({ id, title, notes })]);
    createSectionBody(doc, id);
    added = true;
  });
  return added ? id : null;
}

/** Renames a chapter. */
export function renameChapter(doc: Y.Doc, chapterId: string, title: string): boolean {
  return editEach(doc, chapterMaps(doc, chapterId), (map) => map.set(CHAPTER.title, title));
}

/** Renames a section. */
export function renameSection(doc: Y.Doc, sectionId: string, title: string): boolean {
  return editEach(doc, sectionMaps(doc, sectionId), (map) => map.set(SECTION.title, title));
}

/** Replaces a section's notes. */
export function setNotes(doc: Y.Doc, sectionId: string, notes: string[]): boolean {
  return editEach(doc, sectionMaps(doc, sectionId), (map) => {
    const list = noteList(map);
    if (!list) return;
    if (list.length > 0) list.delete(0, list.length);
    list.insert(0, notes);
  });
}

/** Adds a note to a section at `index` (default: last). */
export function addNote(doc: Y.Doc, sectionId: string, text: string, index?: number): boolean {
  return editEach(doc, sectionMaps(doc, sectionId), (map) => {
    const list = noteList(map);
    list?.insert(clampIndex(index, list.length), [text]);
  });
}

/** Replaces the note at `index`; false when there is no such note. */
export function updateNote(doc: Y.Doc, sectionId: string, index: number, text: string): boolean {
  const copies = sectionMaps(doc, sectionId).filter(({ map }) => index >= 0 && index < (noteList(map)?.length ?? 0));
  return editEach(doc, copies, (map) => {
    const list = noteList(map) as Y.Array<string>;
    list.delete(index, 1);
    list.insert(index, [text]);
  });
}

/** Removes the note at `index`; false when there is no such note. */
export function removeNote(doc: Y.Doc, sectionId: string, index: number): boolean {
  const copies = sectionMaps(doc, sectionId).filter(({ map }) => index >= 0 && index < (noteList(map)?.length ?? 0));
  return editEach(doc, copies, (map) => (noteList(map) as Y.Array<string>).delete(index, 1));
}

/** Removes a chapter with its sections and their bodies. */
export function removeChapter(doc: Y.Doc, chapterId: string): boolean {
  const copies = chapterMaps(doc, chapterId);
  if (copies.length === 0) return false;
  doc.transact(() => {
    for (const { index } of [...copies].reverse()) reportTypes(doc).outline.delete(index, 1);
    dropOrphanBodies(doc);
  });
  return true;
}

/** Removes a section and its body. */
export function removeSection(doc: Y.Doc, sectionId: string): boolean {
  const copies = sectionMaps(doc, sectionId);
  if (copies.length === 0) return false;
  doc.transact(() => {
    for (const { list, index } of [...copies].reverse()) list.delete(index, 1);
    dropBody(doc, sectionId);
  });
  return true;
}

/**
 * Moves a chapter to `toIndex` (its index afterwards). Yjs arrays have no move, so the chapter
 * map is copied, the original deleted and the copy inserted, in one transaction; the ids stay and
 * the bodies (keyed by section id) are untouched. An edit made to the chapter or its sections
 * concurrently with the move lands on the deleted original and is lost.
 */
export function moveChapter(doc: Y.Doc, chapterId: string, toIndex: number): boolean {
  const copies = chapterMaps(doc, chapterId);
  const first = copies[0];
  if (!first) return false;
  const { outline } = reportTypes(doc);
  if (copies.length === 1 && first.index === clampIndex(toIndex, outline.length - 1)) return true;
  doc.transact(() => {
    const copy = first.map.clone();
    for (const { index } of [...copies].reverse()) outline.delete(index, 1);
    outline.insert(clampIndex(toIndex, outline.length), [copy]);
  });
  return true;
}

/**
 * Moves a section to chapter `toChapterId` at `toIndex` (its index there afterwards), copying the
 * section map as moveChapter does; the body stays, keyed by the unchanged id.
 */
export function moveSection(doc: Y.Doc, sectionId: string, toChapterId: string, toIndex: number): boolean {
  const copies = sectionMaps(doc, sectionId);
  const first = copies[0];
  const target = sectionList(chapterMaps(doc, toChapterId)[0]?.map);
  if (!first || !target) return false;
  if (copies.length === 1 && first.list === target && first.index === clampIndex(toIndex, target.length - 1)) return true;
  doc.transact(() => {
    const copy = first.map.clone();
    for (const { list, index } of [...copies].reverse()) list.delete(index, 1);
    target.insert(clampIndex(toIndex, target.length), [copy]);
  });
  return true;
}

/** Keeps `outline` as the model's proposal (meta.generatedOutline), giving ids where missing; returns it. */
export function setGeneratedOutline(doc: Y.Doc, outline: OutlineInput | null): OutlineJson | null {
  const generated = outline ? normalizeOutline(outline) : null;
  reportTypes(doc).meta.set(META.generatedOutline, generated);
  return generated;
}

/**
 * Whether `current` has content that is not the generated outline as it was proposed (or nothing was
 * ever generated): what a regeneration must not replace without asking.
 */
export function outlineEdited(current: OutlineJson, generated: OutlineJson | null): boolean {
  if (current.chapters.length === 0) return false;
  return generated === null || JSON.stringify(current) !== JSON.stringify(generated);
}

/** The outline the model proposed, if any. */
export function readGeneratedOutline(doc: Y.Doc): OutlineJson | null {
  const value = reportTypes(doc).meta.get(META.generatedOutline);
  return value && typeof value === 'object' ? normalizeOutline(value as OutlineInput) : null;
}

/**
 * Puts the generated outline back. Sections it shares with the current outline (same id) keep
 * their bodies; sections it lacks lose theirs; its other sections start empty. False when there
 * is no generated outline.
 */
export function resetOutline(doc: Y.Doc): boolean {
  const generated = readGeneratedOutline(doc);
  if (!generated) return false;
  doc.transact(() => {
    replaceOutline(doc, generated);
  });
  return true;
}

/** Replaces the whole outline by `outline` in the current transaction, fixing up bodies. */
export function replaceOutline(doc: Y.Doc, outline: OutlineJson): void {
  const list = reportTypes(doc).outline;
  if (list.length > 0) list.delete(0, list.length);
  list.insert(0, outline.chapters.map(chapterToY));
  dropOrphanBodies(doc);
  for (const chapter of outline.chapters) {
    for (const section of chapter.sections) {
      if (!sectionFragment(doc, section.id)) createSectionBody(doc, section.id);
    }
  }
}

function dropOrphanBodies(doc: Y.Doc): void {
  const live = allSectionIds(doc);
  for (const id of [...reportTypes(doc).sections.keys()]) {
    if (!live.has(id)) dropBody(doc, id);
  }
}

function dropBody(doc: Y.Doc, sectionId: string): void {
  reportTypes(doc).sections.delete(sectionId);
  sectionStates(doc)?.delete(sectionId);
}

function editEach<M extends Y.Map<unknown>>(doc: Y.Doc, copies: Array<{ map: M }>, edit: (map: M) => void): boolean {
  if (copies.length === 0) return false;
  doc.transact(() => {
    for (const { map } of copies) edit(map);
  });
  return true;
}

function clampIndex(index: number | undefined, length: number): number {
  if (index === undefined || !Number.isFinite(index)) return Math.max(0, length);
  return Math.min(Math.max(0, Math.trunc(index)), Math.max(0, length));
}
