import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendToSection, sectionPlainText, setSectionParagraphs } from './body';
import { setTitle } from './meta';
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
} from './outline';
import { findSection, readOutline } from './outline-read';
import { readReportJson } from './read';
import { reportTypes } from './schema';
import { replica, sampleDoc, seededRandom, sync } from './test-helpers';

/** Both documents read to the same JSON and hold the same updates. */
function expectConverged(...docs: Y.Doc[]): void {
  const [first, ...rest] = docs as [Y.Doc, ...Y.Doc[]];
  for (const doc of rest) {
    expect(readReportJson(doc)).toEqual(readReportJson(first));
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(first));
  }
}

function sectionIds(doc: Y.Doc): string[] {
  return readOutline(doc).chapters.flatMap((c) => c.sections.map((s) => s.id));
}

describe('concurrent edits of two documents', () => {
  it('merge text typed into the same section at once', () => {
    const a = sampleDoc();
    const b = replica(a);
    appendToSection(a, 's11', ' Alice was here.');
    appendToSection(b, 's11', ' Bob was here.');
    sync(a, b);
    expectConverged(a, b);
    const text = sectionPlainText(a, 's11');
    expect(text.startsWith('Cats have long been studied.')).toBe(true);
    expect(text).toContain(' Alice was here.');
    expect(text).toContain(' Bob was here.');
    expect(text).toHaveLength('Cats have long been studied. Alice was here. Bob was here.'.length);
  });

  it('merge streamed paragraphs with edits to the same section', () => {
    const a = sampleDoc();
    const b = replica(a);
    for (const chunk of ['Second', ' paragraph', '\n', '\nThird.']) appendToSection(a, 's12', chunk);
    setSectionParagraphs(b, 's12', ['Rewritten by Bob.']);
    sync(a, b);
    expectConverged(a, b);
    // Bob replaced the paragraphs he had; the ones Alice started concurrently survive after his.
    expect(sectionPlainText(a, 's12')).toContain('Rewritten by Bob.');
    expect(sectionPlainText(a, 's12')).toContain('Third.');
  });

  it('keep chapters and sections both added at the same place, in the same order everywhere', () => {
    const a = sampleDoc();
    const b = replica(a);
    const ca = addChapter(a, 'From A', 1);
    const cb = addChapter(b, 'From B', 1);
    const sa = addSection(a, 'ch1', 'Section A', 0) as string;
    const sb = addSection(b, 'ch1', 'Section B', 0) as string;
    appendToSection(a, sa, 'text A');
    appendToSection(b, sb, 'text B');
    sync(a, b);
    expectConverged(a, b);
    const chapters = readOutline(a).chapters.map((c) => c.id);
    expect(chapters).toHaveLength(4);
    expect(chapters.slice(1, 3).sort()).toEqual([ca, cb].sort());
    expect(sectionIds(a).slice(0, 2).sort()).toEqual([sa, sb].sort());
    expect(sectionPlainText(b, sa)).toBe('text A');
    expect(sectionPlainText(a, sb)).toBe('text B');
  });

  it('rename against move: the move wins and the rename of the moved-away copy is lost', () => {
    const a = sampleDoc();
    const b = replica(a);
    renameSection(a, 's11', 'Renamed by A');
    appendToSection(a, 's11', ' Body edit by A.');
    moveSection(b, 's11', 'ch2', 1);
    sync(a, b);
    expectConverged(a, b);
    expect(findSection(a, 's11')).toMatchObject({ chapterId: 'ch2', sectionIndex: 1, section: { title: 'Background' } });
    // The body is keyed by id, not held by the moved map: the concurrent body edit survives the move.
    expect(sectionPlainText(a, 's11')).toBe('Cats have long been studied. Body edit by A.');
  });

  it('rename against a rename: one title wins everywhere', () => {
    const a = sampleDoc();
    const b = replica(a);
    renameChapter(a, 'ch1', 'A title');
    renameChapter(b, 'ch1', 'B title');
    sync(a, b);
    expectConverged(a, b);
    expect(['A title', 'B title']).toContain(readOutline(a).chapters[0]?.title);
  });

  it('remove against edit: the section and its body are gone everywhere', () => {
    const a = sampleDoc();
    const b = replica(a);
    removeSection(a, 's12');
    renameSection(b, 's12', 'Edited');
    addNote(b, 's12', 'note');
    appendToSection(b, 's12', ' more');
    sync(a, b);
    expectConverged(a, b);
    expect(findSection(b, 's12')).toBeNull();
    expect(reportTypes(b).sections.has('s12')).toBe(false);
    expect(readReportJson(b).sections).not.toHaveProperty('s12');
  });

  it('remove a chapter against adding a section to it: nothing of either is left', () => {
    const a = sampleDoc();
    const b = replica(a);
    removeChapter(a, 'ch2');
    const added = addSection(b, 'ch2', 'Late') as string;
    sync(a, b);
    expectConverged(a, b);
    expect(readOutline(a).chapters.map((c) => c.id)).toEqual(['ch1']);
    // The late section's body is left unreachable; reading ignores it.
    expect(readReportJson(a).sections).not.toHaveProperty(added);
  });

  it('move against move of the same section: it shows once, and the next move cleans up the copy', () => {
    const a = sampleDoc();
    const b = replica(a);
    moveSection(a, 's11', 'ch2', 0);
    moveSection(b, 's11', 'ch1', 1);
    sync(a, b);
    expectConverged(a, b);
    expect(sectionIds(a).filter((id) => id === 's11')).toHaveLength(1);
    renameSection(a, 's11', 'Renamed');
    moveSection(a, 's11', 'ch1', 0);
    sync(a, b);
    expectConverged(a, b);
    expect(sectionIds(b)).toEqual(['s11', 's12', 's21']);
    expect(findSection(b, 's11')?.section.title).toBe('Renamed');
  });

  it('move a chapter against edits inside it: sections and bodies survive, the concurrent note is lost', () => {
    const a = sampleDoc();
    const b = replica(a);
    moveChapter(a, 'ch1', 1);
    addNote(b, 's12', 'lost note');
    appendToSection(b, 's12', ' kept text');
    sync(a, b);
    expectConverged(a, b);
    expect(readOutline(a).chapters.map((c) => c.id)).toEqual(['ch2', 'ch1']);
    expect(findSection(a, 's12')?.section.notes).toEqual([]);
    expect(sectionPlainText(a, 's12')).toBe('We aim to count cats. kept text');
  });
});

describe('five documents exchanging updates in random order', () => {
  // Each peer makes random edits while offline, recording its updates; then every peer receives
  // every other peer's updates in its own shuffled order (Yjs keeps what arrives too early pending).
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`converge (seed ${seed})`, () => {
      const random = seededRandom(seed);
      const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
      const origin = sampleDoc();
      const peers = Array.from({ length: 5 }, () => replica(origin));
      const updates: Array<{ from: number; update: Uint8Array }> = [];
      peers.forEach((peer, i) => peer.on('update', (update: Uint8Array, source: unknown) => source !== 'remote' && updates.push({ from: i, update })));

      for (let round = 0; round < 3; round++) {
        peers.forEach((peer, i) => {
          for (let step = 0; step < 8; step++) {
            const outline = readOutline(peer);
            const chapters = outline.chapters;
            const sections = chapters.flatMap((c) => c.sections);
            const chapter = chapters.length > 0 ? pick(chapters) : null;
            const section = sections.length > 0 ? pick(sections) : null;
            switch (Math.floor(random() * 10)) {
              case 0:
                addChapter(peer, `chapter ${i}.${round}.${step}`, Math.floor(random() * 4));
                break;
              case 1:
                if (chapter) addSection(peer, chapter.id, `section ${i}.${round}.${step}`, Math.floor(random() * 3));
                break;
              case 2:
                if (section) renameSection(peer, section.id, `renamed by ${i}`);
                break;
              case 3:
                if (section && chapter) moveSection(peer, section.id, chapter.id, Math.floor(random() * 3));
                break;
              case 4:
                if (chapter) moveChapter(peer, chapter.id, Math.floor(random() * 3));
                break;
              case 5:
                if (section && random() < 0.3) removeSection(peer, section.id);
                break;
              case 6:
                if (section) addNote(peer, section.id, `note ${i}`);
                else if (chapter) removeChapter(peer, chapter.id);
                break;
              case 7:
                if (section) removeNote(peer, section.id, 0);
                break;
              case 8:
                setTitle(peer, `title by ${i}`);
                break;
              default:
                if (section) appendToSection(peer, section.id, pick([' word', '\n', '\n\n', 'x']));
            }
          }
        });
        // Part of the traffic arrives between rounds, so later edits build on partly merged states.
        if (round === 1) deliver(peers, updates.splice(0, Math.floor(updates.length / 2)), random);
      }
      deliver(peers, updates.splice(0), random);
      deliver(peers, peers.map((p, from) => ({ from, update: Y.encodeStateAsUpdate(p) })), random);

      expectConverged(...peers);
      const json = readReportJson(peers[0] as Y.Doc);
      const ids = json.outline.chapters.flatMap((c) => [c.id, ...c.sections.map((s) => s.id)]);
      expect(new Set(ids).size).toBe(ids.length);
      expect(Object.keys(json.sections)).toEqual(json.outline.chapters.flatMap((c) => c.sections.map((s) => s.id)));
    });
  }
});

function deliver(peers: Y.Doc[], batch: Array<{ from: number; update: Uint8Array }>, random: () => number): void {
  peers.forEach((peer, i) => {
    const incoming = batch.filter((u) => u.from !== i);
    for (let k = incoming.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [incoming[k], incoming[j]] = [incoming[j] as (typeof incoming)[number], incoming[k] as (typeof incoming)[number]];
    }
    for (const { update } of incoming) Y.applyUpdate(peer, update, 'remote');
  });
}
