// Shared by the core/doc tests: a small report, peers made from a document, and syncing.
import * as Y from 'yjs';
import { buildReportDoc, type ReportInput } from './build';
import type { ReportJson } from './schema';

/** Two chapters, three sections, one reference: ids fixed so tests can name them. */
export function sampleInput(): ReportInput {
  return {
    title: 'Cats and Computation',
    status: 'outlined',
    outline: {
      chapters: [
        {
          id: 'ch1',
          title: 'Introduction',
          sections: [
            { id: 's11', title: 'Background', notes: ['history', 'scope'] },
            { id: 's12', title: 'Aims', notes: [] },
          ],
        },
        { id: 'ch2', title: 'Methods', sections: [{ id: 's21', title: 'Data', notes: ['sources'] }] },
      ],
    },
    sections: {
      s11: ['Cats have long been studied.'],
      s12: ['We aim to count cats.'],
      s21: ['We used a camera.'],
    },
    references: [{ id: 'r1', title: 'Counting cats', authors: ['Ada Lovelace'], year: 1843, venue: 'Notes', source: 'manual' }],
  };
}

/** A fresh report document from sampleInput. */
export function sampleDoc(): Y.Doc {
  return buildReportDoc(sampleInput());
}

/** A second replica of `doc` (another client that has synced once). */
export function replica(doc: Y.Doc): Y.Doc {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  return other;
}

/** Exchanges what each of two documents is missing, both ways. */
export function sync(a: Y.Doc, b: Y.Doc): void {
  const toB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
  const toA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
  Y.applyUpdate(b, toB);
  Y.applyUpdate(a, toA);
}

/** A seeded pseudo-random generator (mulberry32), so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** A small report using every node, mark and reference feature, for the renderer tests. */
export function representativeReport(): ReportJson {
  const text = (t: string, ...marks: Array<string | { type: string; attrs: Record<string, string> }>) =>
    marks.length > 0 ? { type: 'text', text: t, marks: marks.map((m) => (typeof m === 'string' ? { type: m } : m)) } : { type: 'text', text: t };
  const para = (...content: unknown[]) => ({ type: 'paragraph', content }) as ReportJson['sections'][string][number];
  return {
    version: 1,
    title: 'Cats & Code',
    status: 'completed',
    citationStyle: 'apa',
    outline: {
      chapters: [
        {
          id: 'c1',
          title: 'Introduction',
          sections: [
            { id: 's1', title: 'Background', notes: [] },
            { id: 's2', title: 'Empty', notes: [] },
          ],
        },
        { id: 'c2', title: 'Results', sections: [{ id: 's3', title: 'Tables', notes: [] }] },
      ],
    },
    generatedOutline: null,
    sections: {
      s1: [
        {
          type: 'paragraph',
          attrs: { textAlign: 'center' },
          content: [
            text('Cats are '),
            text('very', 'bold'),
            text(' popular ', 'bold', 'italic'),
            text('online', { type: 'link', attrs: { href: 'https://example.org/a_b' } }),
            { type: 'citation', attrs: { refId: 'r1' } },
            { type: 'citation', attrs: { refId: 'r2' } },
            text('.'),
            { type: 'hardBreak' },
            text('Use '),
            text('a|b`c', 'code'),
          ],
        },
        { type: 'heading', attrs: { level: 3 }, content: [text('Kinds')] },
        {
          type: 'bulletList',
          content: [
            {
              type: 'listItem',
              content: [para(text('Tabby')), { type: 'orderedList', attrs: { start: 2 }, content: [{ type: 'listItem', content: [para(text('Striped'))] }] }],
            },
            { type: 'listItem', content: [para(text('1. Not a list'))] },
          ],
        },
        { type: 'blockquote', content: [para(text('# not a heading'))] },
        { type: 'codeBlock', attrs: { language: 'ts' }, content: [text('if (a < b) {}')] },
        { type: 'horizontalRule' },
        { type: 'image', attrs: { src: 'https://example.org/cat.png', alt: 'A cat', title: 'Cat', width: 320, caption: 'Figure 1: a cat' } },
      ],
      s3: [
        {
          type: 'table',
          content: [
            { type: 'tableRow', content: [{ type: 'tableHeader', attrs: { colspan: 2, colwidth: [100, 50] }, content: [para(text('Name | kind'))] }] },
            {
              type: 'tableRow',
              content: [
                { type: 'tableCell', content: [para(text('Tom'))] },
                { type: 'tableCell', content: [para(text('grey'), { type: 'hardBreak' }, text('cat'))] },
              ],
            },
          ],
        },
      ],
    },
    references: [
      { id: 'r1', title: 'Counting cats', authors: ['Ada Lovelace'], year: 1843, venue: 'Notes', doi: null, url: 'https://example.org/notes', abstract: null, source: 'manual', externalId: null },
      { id: 'r2', title: 'Cats online', authors: ['Bob Jones', 'Ann Lee'], year: 2020, venue: null, doi: '10.1/x', url: null, abstract: null, source: 'crossref', externalId: null },
    ],
  };
}
