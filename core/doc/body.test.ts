import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  appendToSection,
  ensureSectionBody,
  readSectionBlocks,
  sectionFragment,
  sectionPlainText,
  setSectionParagraphs,
  trimSectionEnd,
} from './body';
import { normalizeBody } from './normalize';
import { moveSection, removeSection } from './outline';
import { reportTypes, type Block } from './schema';
import { replica, sampleDoc, seededRandom, sync } from './test-helpers';

const p = (...content: Block[]): Block => (content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' });
const t = (text: string, ...marks: string[]): Block =>
  marks.length > 0 ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text };
const br: Block = { type: 'hardBreak' };

describe('setSectionParagraphs', () => {
  it('replaces a body with plain-text paragraphs and JSON blocks', () => {
    const doc = sampleDoc();
    const fragment = sectionFragment(doc, 's11');
    expect(setSectionParagraphs(doc, 's11', ['One.\nStill one.\n\nTwo.', { type: 'heading', attrs: { level: 3 }, content: [t('Sub')] }])).toBe(true);
    expect(readSectionBlocks(doc, 's11')).toEqual([
      p(t('One.'), br, t('Still one.')),
      p(t('Two.')),
      { type: 'heading', attrs: { level: 3 }, content: [t('Sub')] },
    ]);
    // Refilled in place: editors bound to the fragment keep it.
    expect(sectionFragment(doc, 's11')).toBe(fragment);
    expect(sectionPlainText(doc, 's11')).toBe('One.\nStill one.\n\nTwo.\n\nSub');
  });

  it('answers false for a removed section and writes nothing', () => {
    const doc = sampleDoc();
    removeSection(doc, 's12');
    expect(setSectionParagraphs(doc, 's12', ['x'])).toBe(false);
    expect(appendToSection(doc, 's12', 'x')).toBe(false);
    expect(reportTypes(doc).sections.has('s12')).toBe(false);
  });
});

describe('appendToSection', () => {
  const streamed = 'First para with words.\nline two\n\nSecond para.\n\n\nThird';
  const expected = [p(t('First para with words.'), br, t('line two')), p(t('Second para.')), p(t('Third'))];

  function emptySection(): Y.Doc {
    const doc = sampleDoc();
    setSectionParagraphs(doc, 's12', []);
    return doc;
  }

  it('turns a blank line into a new paragraph and a single newline into a hard break', () => {
    const doc = emptySection();
    appendToSection(doc, 's12', streamed);
    expect(readSectionBlocks(doc, 's12')).toEqual(expected);
  });

  it('gives the same body however the stream is cut into chunks', () => {
    const random = seededRandom(7);
    for (let run = 0; run < 50; run++) {
      const doc = emptySection();
      let rest = streamed;
      while (rest.length > 0) {
        const n = 1 + Math.floor(random() * 4);
        appendToSection(doc, 's12', rest.slice(0, n));
        rest = rest.slice(n);
      }
      expect(readSectionBlocks(doc, 's12')).toEqual(expected);
    }
  });

  it('starts an empty section with text, not a line break, when the stream starts with a newline', () => {
    const doc = emptySection();
    appendToSection(doc, 's12', '\nHello');
    expect(readSectionBlocks(doc, 's12')).toEqual([p(t('Hello'))]);
  });

  it('continues the last paragraph without taking on its marks', () => {
    const doc = sampleDoc();
    setSectionParagraphs(doc, 's11', [p(t('Bold', 'bold'))]);
    appendToSection(doc, 's11', ' plain');
    expect(readSectionBlocks(doc, 's11')).toEqual([p(t('Bold', 'bold'), t(' plain'))]);
  });

  it('writes after a citation and starts a paragraph after a list', () => {
    const doc = sampleDoc();
    setSectionParagraphs(doc, 's11', [p(t('As shown '), { type: 'citation', attrs: { refId: 'r1' } })]);
    appendToSection(doc, 's11', '.');
    expect(readSectionBlocks(doc, 's11')).toEqual([p(t('As shown '), { type: 'citation', attrs: { refId: 'r1' } }, t('.'))]);
    setSectionParagraphs(doc, 's11', [{ type: 'bulletList', content: [{ type: 'listItem', content: [p(t('item'))] }] }]);
    appendToSection(doc, 's11', 'after');
    expect(readSectionBlocks(doc, 's11').map((b) => b.type)).toEqual(['bulletList', 'paragraph']);
  });

  it('sends small updates however long the section grows', () => {
    const doc = emptySection();
    const sizes: number[] = [];
    doc.on('update', (update: Uint8Array) => sizes.push(update.length));
    const words = 'the quick brown fox jumps over the lazy dog '.split(' ');
    for (let i = 0; i < 5000; i++) appendToSection(doc, 's12', i % 200 === 199 ? '\n\n' : `${words[i % words.length]} `);
    expect(sizes).toHaveLength(5000);
    expect(Math.max(...sizes)).toBeLessThan(80);
    // 25 blank lines: 25 full paragraphs and the empty one the last blank line opened.
    expect(readSectionBlocks(doc, 's12')).toHaveLength(26);
    // Consecutive appends merge into few Yjs items, so the stored document stays close to the text size.
    expect(Y.encodeStateAsUpdate(doc).length).toBeLessThan(sectionPlainText(doc, 's12').length * 1.5);
  });

  it('merges with concurrent streams into the same section', () => {
    const a = emptySection();
    const b = replica(a);
    appendToSection(a, 's12', 'from a');
    appendToSection(b, 's12', 'from b');
    sync(a, b);
    expect(readSectionBlocks(a, 's12')).toEqual(readSectionBlocks(b, 's12'));
    expect(sectionPlainText(a, 's12')).toHaveLength(12);
  });
});

describe('trimSectionEnd', () => {
  it('drops a dangling hard break and trailing empty paragraphs, keeping one paragraph', () => {
    const doc = sampleDoc();
    setSectionParagraphs(doc, 's11', []);
    appendToSection(doc, 's11', 'Text\n');
    setSectionParagraphs(doc, 's12', []);
    appendToSection(doc, 's12', '\n\n');
    trimSectionEnd(doc, 's11');
    trimSectionEnd(doc, 's12');
    expect(readSectionBlocks(doc, 's11')).toEqual([p(t('Text'))]);
    expect(readSectionBlocks(doc, 's12')).toEqual([p()]);
  });

  it('drops trailing empty paragraphs that came whole from JSON blocks', () => {
    const doc = sampleDoc();
    setSectionParagraphs(doc, 's11', [p(t('Text')), p(), p()]);
    trimSectionEnd(doc, 's11');
    expect(readSectionBlocks(doc, 's11')).toEqual([p(t('Text'))]);
  });
});

describe('ensureSectionBody', () => {
  it('recreates the body of a section that came back without one, and only for outline sections', () => {
    const a = sampleDoc();
    const b = replica(a);
    removeSection(a, 's12');
    moveSection(b, 's12', 'ch2', 0);
    sync(a, b);
    expect(sectionFragment(a, 's12')).toBeUndefined();
    expect(ensureSectionBody(a, 's12')?.toJSON()).toBe('<paragraph></paragraph>');
    expect(ensureSectionBody(a, 'unknown')).toBeUndefined();
  });
});

describe('normalizeBody', () => {
  it('keeps an empty body one empty paragraph', () => {
    expect(normalizeBody([])).toEqual([p()]);
    expect(normalizeBody('not an array')).toEqual([p()]);
  });

  it('brings content into the shape Tiptap accepts', () => {
    expect(
      normalizeBody([
        t('loose text'),
        { type: 'heading', attrs: { level: 1 }, content: [t('too high')] },
        { type: 'heading', attrs: { level: 9 }, content: [t('too low')] },
        { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'bulletList', content: [{ type: 'listItem', content: [p(t('nested'))] }] }] }, p(t('stray'))] },
        { type: 'orderedList', content: [] },
        { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell' }, p(t('bare'))] }] },
        { type: 'mystery', content: [p(t('kept'))] },
        p(t('x', 'bold', 'glow', 'bold'), { type: 'image', attrs: { src: 'https://x.test/a.png' } }, { type: 'blockquote', content: [p(t('flattened'))] }),
        { type: 'codeBlock', content: [t('let a', 'bold'), br, t('= 1')] },
        { type: 'paragraph', content: [{ type: 'text', text: '' }, { type: 'citation', attrs: {} }, t('ok', 'link')] },
      ]),
    ).toEqual([
      p(t('loose text')),
      { type: 'heading', attrs: { level: 3 }, content: [t('too high')] },
      { type: 'heading', attrs: { level: 6 }, content: [t('too low')] },
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [p(), { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('nested'))] }] }] },
          { type: 'listItem', content: [p(t('stray'))] },
        ],
      },
      {
        type: 'table',
        content: [
          {
            type: 'tableRow',
            content: [
              { type: 'tableCell', content: [p()] },
              { type: 'tableCell', content: [p(t('bare'))] },
            ],
          },
        ],
      },
      p(t('kept')),
      p(t('x', 'bold'), t('flattened')),
      { type: 'codeBlock', content: [t('let a\n= 1')] },
      p(t('ok')),
    ]);
  });

  it('orders marks and drops null attributes', () => {
    expect(
      normalizeBody([p({ type: 'text', text: 'a', marks: [{ type: 'italic' }, { type: 'link', attrs: { href: 'https://x.test', target: null } }, { type: 'bold', attrs: {} }] })]),
    ).toEqual([p({ type: 'text', text: 'a', marks: [{ type: 'link', attrs: { href: 'https://x.test' } }, { type: 'bold' }, { type: 'italic' }] })]);
  });
});
