// Reading the outline: its JSON, the numbering derived from positions, finding chapters and
// sections. Moves copy a chapter or section map (Yjs arrays cannot move an element), so two
// people moving the same item at once leave two copies with one id; reading keeps the first and
// every edit by id applies to all copies, so the copies never disagree about what is visible.
import * as Y from 'yjs';
import {
  CHAPTER,
  SECTION,
  newId,
  reportTypes,
  type ChapterJson,
  type ChapterMap,
  type OutlineJson,
  type SectionJson,
  type SectionMap,
} from './schema';

/** An outline as callers hand it in: ids are optional (new ones are made), notes too. */
export interface OutlineInput {
  chapters: Array<{
    id?: string;
    title: string;
    sections?: Array<{ id?: string; title: string; notes?: string[] }>;
  }>;
}

/** A chapter with its derived number ("1"). */
export interface NumberedChapter extends Omit<ChapterJson, 'sections'> {
  number: string;
  sections: NumberedSection[];
}

/** A section with its derived number ("1.2"). */
export interface NumberedSection extends SectionJson {
  number: string;
}

/** Where a section is, as the outline shows it. */
export interface SectionLocation {
  chapterId: string;
  chapterIndex: number;
  sectionIndex: number;
  number: string;
  section: SectionJson;
}

/** The number of the chapter at `chapterIndex` ("1" for the first). */
export function chapterNumber(chapterIndex: number): string {
  return String(chapterIndex + 1);
}

/** The number of a section from its positions ("1.2"). */
export function sectionNumber(chapterIndex: number, sectionIndex: number): string {
  return `${chapterIndex + 1}.${sectionIndex + 1}`;
}

/** The outline with chapter and section numbers, which are never stored. */
export function numberOutline(outline: OutlineJson): NumberedChapter[] {
  return outline.chapters.map((chapter, ci) => ({
    ...chapter,
    number: chapterNumber(ci),
    sections: chapter.sections.map((section, si) => ({ ...section, number: sectionNumber(ci, si) })),
  }));
}

/** An outline with every id present and unique, titles and notes as strings. */
export function normalizeOutline(input: OutlineInput): OutlineJson {
  const used = new Set<string>();
  const idFor = (id: unknown) => {
    const fresh = typeof id === 'string' && id.length > 0 && !used.has(id) ? id : newId();
    used.add(fresh);
    return fresh;
  };
  return {
    chapters: (input.chapters ?? []).map((chapter) => ({
      id: idFor(chapter.id),
      title: String(chapter.title ?? ''),
      sections: (chapter.sections ?? []).map((section) => ({
        id: idFor(section.id),
        title: String(section.title ?? ''),
        notes: (section.notes ?? []).filter((n): n is string => typeof n === 'string'),
      })),
    })),
  };
}

/** The outline as the editor shows it (the first copy of each id). */
export function readOutline(doc: Y.Doc): OutlineJson {
  const seenChapters = new Set<string>();
  const seenSections = new Set<string>();
  const chapters: ChapterJson[] = [];
  for (const chapter of reportTypes(doc).outline.toArray()) {
    const id = idOf(chapter);
    if (id === null || seenChapters.has(id)) continue;
    seenChapters.add(id);
    const sections: SectionJson[] = [];
    for (const section of sectionList(chapter)?.toArray() ?? []) {
      const sid = idOf(section);
      if (sid === null || seenSections.has(sid)) continue;
      seenSections.add(sid);
      sections.push({ id: sid, title: titleOf(section), notes: notesOf(section) });
    }
    chapters.push({ id, title: titleOf(chapter), sections });
  }
  return { chapters };
}

/** Where the section `sectionId` is in the outline, or null. */
export function findSection(doc: Y.Doc, sectionId: string): SectionLocation | null {
  const { chapters } = readOutline(doc);
  for (const [chapterIndex, chapter] of chapters.entries()) {
    const sectionIndex = chapter.sections.findIndex((s) => s.id === sectionId);
    const section = chapter.sections[sectionIndex];
    if (section) {
      return { chapterId: chapter.id, chapterIndex, sectionIndex, number: sectionNumber(chapterIndex, sectionIndex), section };
    }
  }
  return null;
}

/** The chapter `chapterId` and its index, or null. */
export function findChapter(doc: Y.Doc, chapterId: string): { chapterIndex: number; chapter: ChapterJson } | null {
  const { chapters } = readOutline(doc);
  const chapterIndex = chapters.findIndex((c) => c.id === chapterId);
  const chapter = chapters[chapterIndex];
  return chapter ? { chapterIndex, chapter } : null;
}

/** Every copy of chapter `id` with its index in the outline array, in order. */
export function chapterMaps(doc: Y.Doc, id: string): Array<{ map: ChapterMap; index: number }> {
  const out: Array<{ map: ChapterMap; index: number }> = [];
  reportTypes(doc).outline.forEach((map, index) => {
    if (idOf(map) === id) out.push({ map, index });
  });
  return out;
}

/** Every copy of section `id` with the array holding it and its index there, in outline order. */
export function sectionMaps(doc: Y.Doc, id: string): Array<{ map: SectionMap; list: Y.Array<SectionMap>; index: number }> {
  const out: Array<{ map: SectionMap; list: Y.Array<SectionMap>; index: number }> = [];
  for (const chapter of reportTypes(doc).outline.toArray()) {
    const list = sectionList(chapter);
    list?.forEach((map, index) => {
      if (idOf(map) === id) out.push({ map, list, index });
    });
  }
  return out;
}

/** Ids of every section map in the outline, copies included. */
export function allSectionIds(doc: Y.Doc): Set<string> {
  const ids = new Set<string>();
  for (const chapter of reportTypes(doc).outline.toArray()) {
    for (const section of sectionList(chapter)?.toArray() ?? []) {
      const id = idOf(section);
      if (id !== null) ids.add(id);
    }
  }
  return ids;
}

/** A chapter map's `sections` array. */
export function sectionList(chapter: unknown): Y.Array<SectionMap> | undefined {
  if (!(chapter instanceof Y.Map)) return undefined;
  const list = chapter.get(CHAPTER.sections);
  return list instanceof Y.Array ? (list as Y.Array<SectionMap>) : undefined;
}

/** A section map's `notes` array. */
export function noteList(section: SectionMap): Y.Array<string> | undefined {
  const notes = section.get(SECTION.notes);
  return notes instanceof Y.Array ? (notes as Y.Array<string>) : undefined;
}

function idOf(map: unknown): string | null {
  if (!(map instanceof Y.Map)) return null;
  const id = map.get(CHAPTER.id);
  return typeof id === 'string' && id.length > 0 ? id : null;
}

function titleOf(map: Y.Map<unknown>): string {
  const title = map.get(CHAPTER.title);
  return typeof title === 'string' ? title : '';
}

function notesOf(section: SectionMap): string[] {
  return (noteList(section)?.toArray() ?? []).filter((n): n is string => typeof n === 'string');
}
