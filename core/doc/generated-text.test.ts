import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { appendToSection, readSectionBlocks, setSectionParagraphs, trimSectionEnd } from './body';
import { buildReportDoc } from './build';
import { blocksToY, yToBlocks } from './codec';
import { MAX_MARKER_RANGE, parseGeneratedSection, sectionPromptReferenceList } from './generated-text';
import { normalizeBody } from './normalize';
import { readReportJson } from './read';
import { renderReportHtml } from './render-html';
import { renderReportMarkdown } from './render-markdown';
import type { Block, ReferenceJson } from './schema';
import { sampleDoc, seededRandom } from './test-helpers';

const p = (...content: Block[]): Block => ({ type: 'paragraph', content });
const t = (text: string, ...marks: string[]): Block =>
  marks.length > 0 ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text };
const c = (refId: string): Block => ({ type: 'citation', attrs: { refId } });
const br: Block = { type: 'hardBreak' };
const h = (level: number, ...content: Block[]): Block => ({ type: 'heading', attrs: { level }, content });
const li = (...content: Block[]): Block => ({ type: 'listItem', content });

/** Numbers 1..3 bound to r1..r3, as a job would bind a three-source report. */
const refs = new Map([
  [1, 'r1'],
  [2, 'r2'],
  [3, 'r3'],
]);
const parse = (text: string) => parseGeneratedSection(text, refs);
const blocksOf = (text: string) => parse(text).blocks;

/** What the codec writes and reads back, as a room and an editor would store it. */
function throughCodec(blocks: Block[]): Block[] {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('body');
  fragment.insert(0, blocksToY(blocks));
  return yToBlocks(fragment);
}

/** No line of inline content starts or ends with a space, and none is empty (no leading, trailing or doubled break). */
function expectTrimmedLines(blocks: Block[], source: string): void {
  for (const block of blocks) {
    if (block.type !== 'paragraph' && block.type !== 'heading') {
      expectTrimmedLines(block.content ?? [], source);
      continue;
    }
    const lines: Block[][] = [[]];
    for (const node of block.content ?? []) {
      if (node.type === 'hardBreak') lines.push([]);
      else lines[lines.length - 1]?.push(node);
    }
    for (const line of lines) {
      if (block.content === undefined) continue;
      expect(line.length, JSON.stringify(source)).toBeGreaterThan(0);
      expect(line[0]?.text ?? 'x', JSON.stringify(source)).not.toMatch(/^\s/);
      expect(line[line.length - 1]?.text ?? 'x', JSON.stringify(source)).not.toMatch(/\s$/);
    }
  }
}

describe('parseGeneratedSection: paragraphs and breaks', () => {
  it('splits paragraphs on blank lines and turns single newlines into hard breaks', () => {
    expect(blocksOf('First line.\nSecond line.\n\nNext paragraph.')).toEqual([p(t('First line.'), br, t('Second line.')), p(t('Next paragraph.'))]);
  });

  it('gives the same blocks as the streamed text for plain prose', () => {
    const text = 'Intro sentence.\nSame paragraph.\n\n\nSecond paragraph, after two blank lines.\r\n\r\nThird.\n';
    const doc = sampleDoc();
    setSectionParagraphs(doc, 's12', []);
    // Streamed in awkward chunks, as a model does.
    for (let i = 0; i < text.length; i += 7) appendToSection(doc, 's12', text.slice(i, i + 7));
    trimSectionEnd(doc, 's12');
    expect(blocksOf(text)).toEqual(readSectionBlocks(doc, 's12'));
  });

  it('treats whitespace-only lines as blank and trims line ends', () => {
    expect(blocksOf('  One.  \n   \nTwo. ')).toEqual([p(t('One.')), p(t('Two.'))]);
  });

  it('answers one empty paragraph for empty or blank text, as normalizeBody does', () => {
    expect(parse('')).toEqual({ blocks: [{ type: 'paragraph' }], cited: [], unknown: [] });
    expect(blocksOf('\n \n\t\n')).toEqual([{ type: 'paragraph' }]);
    expect(blocksOf('[9]')).toEqual([{ type: 'paragraph' }]);
  });

  it('keeps text it does not understand as it is', () => {
    expect(blocksOf('> quoted\n```js\ncode\n```\n---\n| a | b |\n`tick` \\*esc\\*')).toEqual([
      p(t('> quoted'), br, t('```js'), br, t('code'), br, t('```'), br, t('---'), br, t('| a | b |'), br, t('`tick` *esc*')),
    ]);
    // A backslash keeps a character this parser would read: no emphasis, marker, heading or list.
    expect(blocksOf('\\*not italic\\* \\[1\\] \\\\ a\\b\n\\### no\n\\- no\n1\\. no')).toEqual([p(t('*not italic* [1] \\ a\\b'), br, t('### no'), br, t('- no'), br, t('1. no'))]);
    expect(blocksOf('<script>alert(1)</script> & more')).toEqual([p(t('<script>alert(1)</script> & more'))]);
  });
});

describe('parseGeneratedSection: headings', () => {
  it('makes ### to ###### headings of levels 3 to 6', () => {
    expect(blocksOf('### Three\n#### Four\n##### Five\n###### Six')).toEqual([h(3, t('Three')), h(4, t('Four')), h(5, t('Five')), h(6, t('Six'))]);
  });

  it('maps # and ## to level 3: levels 1 and 2 are the chapter and section titles', () => {
    expect(blocksOf('# One\n\n## Two')).toEqual([h(3, t('One')), h(3, t('Two'))]);
  });

  it('ends a paragraph at a heading and strips closing hashes', () => {
    expect(blocksOf('Text before.\n### Methods ###\nText after.')).toEqual([p(t('Text before.')), h(3, t('Methods')), p(t('Text after.'))]);
  });

  it('leaves hashtags, seven hashes and empty headings as text', () => {
    expect(blocksOf('#hashtag\n\n####### seven\n\n###')).toEqual([p(t('#hashtag')), p(t('####### seven')), p(t('###'))]);
  });

  it('formats and cites inside headings', () => {
    expect(blocksOf('### The **core** idea [2]')).toEqual([h(3, t('The '), t('core', 'bold'), t(' idea '), c('r2'))]);
  });
});

describe('parseGeneratedSection: lists', () => {
  it('makes bullet lists from "- " and "* " lines', () => {
    expect(blocksOf('Points:\n- one\n* two\n- three [1]')).toEqual([
      p(t('Points:')),
      { type: 'bulletList', content: [li(p(t('one'))), li(p(t('two'))), li(p(t('three '), c('r1')))] },
    ]);
  });

  it('makes ordered lists, keeping a start other than 1', () => {
    expect(blocksOf('1. first\n2. second')).toEqual([{ type: 'orderedList', content: [li(p(t('first'))), li(p(t('second')))] }]);
    expect(blocksOf('3. third\n4. fourth')).toEqual([{ type: 'orderedList', attrs: { start: 3 }, content: [li(p(t('third'))), li(p(t('fourth')))] }]);
  });

  it('keeps a list going across blank lines and ends it at an unindented paragraph', () => {
    expect(blocksOf('- a\n\n- b\n\nAfter.')).toEqual([{ type: 'bulletList', content: [li(p(t('a'))), li(p(t('b')))] }, p(t('After.'))]);
  });

  it('continues an item on the next line with a hard break, and holds an indented paragraph after a blank line', () => {
    expect(blocksOf('- a\n  still a\n\n  more about a\n- b')).toEqual([
      { type: 'bulletList', content: [li(p(t('a'), br, t('still a')), p(t('more about a'))), li(p(t('b')))] },
    ]);
  });

  it('nests lists by indentation and comes back out', () => {
    expect(blocksOf('- a\n  - a.1\n    1. a.1.i\n- b')).toEqual([
      {
        type: 'bulletList',
        content: [
          li(p(t('a')), { type: 'bulletList', content: [li(p(t('a.1')), { type: 'orderedList', content: [li(p(t('a.1.i')))] })] }),
          li(p(t('b'))),
        ],
      },
    ]);
  });

  it('starts another list when bullets switch to numbers', () => {
    expect(blocksOf('- a\n1. one')).toEqual([
      { type: 'bulletList', content: [li(p(t('a')))] },
      { type: 'orderedList', content: [li(p(t('one')))] },
    ]);
  });

  it('does not let a numbered line other than 1 break a paragraph (a year starting a line stays prose)', () => {
    expect(blocksOf('In the spring of\n2020. The year it began.')).toEqual([p(t('In the spring of'), br, t('2020. The year it began.'))]);
    expect(blocksOf('Steps:\n1. first')).toEqual([p(t('Steps:')), { type: 'orderedList', content: [li(p(t('first')))] }]);
  });

  it('drops an item left empty by a removed marker, and the list when none is left', () => {
    expect(blocksOf('- [7]\n- kept')).toEqual([{ type: 'bulletList', content: [li(p(t('kept')))] }]);
    expect(blocksOf('- [7]\n- [8]')).toEqual([{ type: 'paragraph' }]);
  });

  it('keeps "*emphasis*" and a lone dash as text, not list items', () => {
    expect(blocksOf('*not a list*\n-\n-dash')).toEqual([p(t('not a list', 'italic'), br, t('-'), br, t('-dash'))]);
  });
});

describe('parseGeneratedSection: bold and italic', () => {
  it('marks **bold**, *italic* and _italic_', () => {
    expect(blocksOf('a **b** c *d* e _f_ g')).toEqual([p(t('a '), t('b', 'bold'), t(' c '), t('d', 'italic'), t(' e '), t('f', 'italic'), t(' g'))]);
  });

  it('nests marks and reads ***both***', () => {
    expect(blocksOf('**bold *both* bold** and ***all***')).toEqual([
      p(t('bold ', 'bold'), t('both', 'bold', 'italic'), t(' bold', 'bold'), t(' and '), t('all', 'bold', 'italic')),
    ]);
  });

  it('leaves unbalanced or spaced delimiters literal', () => {
    expect(blocksOf('**unclosed bold')).toEqual([p(t('**unclosed bold'))]);
    expect(blocksOf('2 * 3 * 4 and a ** b')).toEqual([p(t('2 * 3 * 4 and a ** b'))]);
    // As CommonMark reads it: the inner run closes the italic.
    expect(blocksOf('*a **b*')).toEqual([p(t('*a *'), t('b', 'italic'))]);
    expect(blocksOf('**')).toEqual([p(t('**'))]);
  });

  it('does not italicize inside snake_case words', () => {
    expect(blocksOf('use snake_case_names here')).toEqual([p(t('use snake_case_names here'))]);
  });

  it('carries marks across a hard break', () => {
    expect(blocksOf('**one\ntwo**')).toEqual([p(t('one', 'bold'), br, t('two', 'bold'))]);
  });
});

describe('parseGeneratedSection: citation markers', () => {
  it('binds a known number to its reference id', () => {
    expect(parse('Cats purr [1].')).toEqual({ blocks: [p(t('Cats purr '), c('r1'), t('.'))], cited: ['r1'], unknown: [] });
  });

  it('expands lists with commas or semicolons and ranges with hyphens or en dashes', () => {
    expect(blocksOf('A [2, 3]. B [3; 1]. C [1-3]. D [1–2]. E [ 1 ,2 ].')).toEqual([
      p(t('A '), c('r2'), c('r3'), t('. B '), c('r3'), c('r1'), t('. C '), c('r1'), c('r2'), c('r3'), t('. D '), c('r1'), c('r2'), t('. E '), c('r1'), c('r2'), t('.')),
    ]);
  });

  it('lists cited ids once each, in order of first appearance', () => {
    expect(parse('X [3]. Y [1, 3].\n\n- Z [2]').cited).toEqual(['r3', 'r1', 'r2']);
  });

  it('drops unknown numbers and reports them, keeping the known ones of the same marker', () => {
    expect(parse('Claim [2, 7].')).toEqual({ blocks: [p(t('Claim '), c('r2'), t('.'))], cited: ['r2'], unknown: ['7'] });
    expect(parse('Range [2-5].')).toEqual({ blocks: [p(t('Range '), c('r2'), c('r3'), t('.'))], cited: ['r2', 'r3'], unknown: ['4-5'] });
    expect(parse('Zero [0] and [9] and [9].').unknown).toEqual(['0', '9', '9']);
  });

  it('removes a marker citing nothing known without leaving a double space or a space before punctuation', () => {
    expect(blocksOf('Cats purr [9].')).toEqual([p(t('Cats purr.'))]);
    expect(blocksOf('Cats [9] purr.')).toEqual([p(t('Cats purr.'))]);
    expect(blocksOf('Cats purr [9], loudly.')).toEqual([p(t('Cats purr, loudly.'))]);
    expect(blocksOf('[9] Cats purr.')).toEqual([p(t('Cats purr.'))]);
    expect(blocksOf('Cats purr [9]')).toEqual([p(t('Cats purr'))]);
    expect(blocksOf('Cats purr[9].')).toEqual([p(t('Cats purr.'))]);
    expect(blocksOf('(see [9]) done')).toEqual([p(t('(see) done'))]);
    expect(blocksOf('Cats purr [9] [8].')).toEqual([p(t('Cats purr.'))]);
    expect(blocksOf('Line one [9]\n[8]\nline two')).toEqual([p(t('Line one'), br, t('line two'))]);
    expect(blocksOf('**Bold [9]** text')).toEqual([p(t('Bold', 'bold'), t(' text'))]);
  });

  it('joins adjacent markers into one group without separators or repeats', () => {
    expect(blocksOf('Shown [1] [2], [3]; [1].')).toEqual([p(t('Shown '), c('r1'), c('r2'), c('r3'), t('.'))]);
    expect(blocksOf('Shown [1][9][2].')).toEqual([p(t('Shown '), c('r1'), c('r2'), t('.'))]);
    expect(blocksOf('Shown [1] [9] [2].')).toEqual([p(t('Shown '), c('r1'), c('r2'), t('.'))]);
    // Words between markers keep them apart.
    expect(blocksOf('A [1] and B [2].')).toEqual([p(t('A '), c('r1'), t(' and B '), c('r2'), t('.'))]);
  });

  it('puts a space before a citation written against a word', () => {
    expect(blocksOf('Cats purr[1].')).toEqual([p(t('Cats purr '), c('r1'), t('.'))]);
    expect(blocksOf('**purr**[1]')).toEqual([p(t('purr', 'bold'), t(' '), c('r1'))]);
    expect(blocksOf('([1])')).toEqual([p(t('('), c('r1'), t(')'))]);
    expect(blocksOf('[1] starts it.')).toEqual([p(c('r1'), t(' starts it.'))]);
  });

  it('leaves bracketed text that is not a marker alone', () => {
    const text = '[Demo model] [see above] [a] [1a] [1,] [1-2-3] [] [ ] [12345] [^1] [1\n2] [[2]] [x](https://e.org)';
    expect(parse(text)).toEqual({
      blocks: [p(t('[Demo model] [see above] [a] [1a] [1,] [1-2-3] [] [ ] [12345] [^1] [1'), br, t('2] ['), c('r2'), t('] [x](https://e.org)'))],
      cited: ['r2'],
      unknown: [],
    });
  });

  it('cites inside bold and italic', () => {
    expect(blocksOf('**strong claim [1]** and *soft one [2]*')).toEqual([
      p(t('strong claim ', 'bold'), c('r1'), t(' and '), t('soft one ', 'italic'), c('r2')),
    ]);
  });

  it('caps a range so a huge one cannot explode', () => {
    const many = new Map(Array.from({ length: 200 }, (_, i) => [i + 1, `r${i + 1}`] as [number, string]));
    const parsed = parseGeneratedSection('All [1-9999].', many);
    expect(parsed.cited).toHaveLength(MAX_MARKER_RANGE);
    expect(parsed.cited[0]).toBe('r1');
    expect(parsed.unknown).toEqual([`${MAX_MARKER_RANGE + 1}-9999`]);
    expect(parse('All [1-999].')).toEqual({ blocks: [p(t('All '), c('r1'), c('r2'), c('r3'), t('.'))], cited: ['r1', 'r2', 'r3'], unknown: ['4-100', '101-999'] });
  });

  it('reads a reversed range as the same range', () => {
    expect(parse('X [3-1].').cited).toEqual(['r1', 'r2', 'r3']);
  });

  it('treats numbers bound to an empty id as unknown', () => {
    expect(parseGeneratedSection('X [1].', new Map([[1, '']]))).toEqual({ blocks: [p(t('X.'))], cited: [], unknown: ['1'] });
  });

  it('drops every marker when there are no references', () => {
    expect(parseGeneratedSection('X [1], Y [2-3].', new Map())).toEqual({ blocks: [p(t('X, Y.'))], cited: [], unknown: ['1', '2-3'] });
  });
});

describe('parseGeneratedSection: stored and rendered', () => {
  const section = [
    '### Overview',
    '',
    'Cats are **very** popular online [1, 2]. Some say *otherwise* [9].',
    'A second line [3].',
    '',
    '- one point [2]',
    '- another',
    '  - nested _detail_',
    '',
    '3. numbered',
    '4. again [1-2]',
  ].join('\n');

  it('reads back unchanged through normalizeBody, the codec and a document', () => {
    const { blocks } = parse(section);
    expect(normalizeBody(blocks)).toEqual(blocks);
    expect(throughCodec(blocks)).toEqual(blocks);
    const doc = sampleDoc();
    expect(setSectionParagraphs(doc, 's12', blocks)).toBe(true);
    expect(readSectionBlocks(doc, 's12')).toEqual(blocks);
  });

  it('reads back unchanged for random markdown-ish input (seeded)', () => {
    const pieces = ['a', 'word', ' ', ' ', '\n', '\n\n', '*', '**', '_', '[', ']', '1', '2', '9', ',', '-', '–', '.', '#', '### ', '- ', '1. ', '  ', '[1]', '[2, 9]', '[9]', '(', ')', '\t'];
    const random = seededRandom(4);
    for (let run = 0; run < 500; run++) {
      let text = '';
      const length = Math.floor(random() * 60);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
      const { blocks, cited } = parse(text);
      expect(normalizeBody(blocks), JSON.stringify(text)).toEqual(blocks);
      expect(throughCodec(blocks), JSON.stringify(text)).toEqual(blocks);
      for (const id of cited) expect(['r1', 'r2', 'r3']).toContain(id);
      expectTrimmedLines(blocks, text);
    }
  });

  it('stays quick on hostile input', () => {
    // Each of these took seconds to minutes with a naive (quadratic) scan; together they take well under one.
    const hostile = [
      '['.repeat(50_000),
      '[1-9999]'.repeat(5_000),
      'x ' + '[9] '.repeat(30_000),
      '*a '.repeat(20_000) + 'a* '.repeat(20_000),
      '**a '.repeat(15_000) + 'a** '.repeat(15_000),
      '*a_'.repeat(20_000),
      '- '.repeat(10_000) + 'x',
      Array.from({ length: 2_000 }, (_, i) => `${' '.repeat((i % 40) * 2)}- x`).join('\n'),
    ];
    const started = performance.now();
    for (const text of hostile) expect(parse(text).blocks.length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('renders the citations formatted in the report style, one group per run of markers', () => {
    const references: ReferenceJson[] = [
      { id: 'r1', title: 'Counting cats', authors: ['Ada Lovelace'], year: 1843, venue: 'Notes', doi: null, url: null, abstract: null, source: 'manual', externalId: null },
      { id: 'r2', title: 'Cats online', authors: ['Bob Jones', 'Ann Lee'], year: 2020, venue: null, doi: '10.1/x', url: null, abstract: null, source: 'crossref', externalId: null },
      { id: 'r3', title: 'Dogs', authors: ['Carl Lin'], year: null, venue: null, doi: null, url: null, abstract: null, source: 'manual', externalId: null },
    ];
    const { text, numbers } = sectionPromptReferenceList(references);
    expect(text.split('\n')).toHaveLength(3);
    const { blocks } = parseGeneratedSection('Cats are popular [1, 2]. Some disagree [9].\n\n### Dogs\n\nDogs too[3].', numbers);
    const doc = buildReportDoc({
      title: 'Pets',
      citationStyle: 'apa',
      outline: { chapters: [{ id: 'c', title: 'Intro', sections: [{ id: 's', title: 'Pets', notes: [] }] }] },
      sections: { s: blocks },
      references,
    });
    const json = readReportJson(doc);
    expect(json.sections.s).toEqual(blocks);
    const html = renderReportHtml(json);
    expect(html).toContain(
      '<p>Cats are popular <span class="citation">(Lovelace, 1843; Jones &amp; Lee, 2020)</span>. Some disagree.</p>\n<h3>Dogs</h3>\n<p>Dogs too <span class="citation">(Lin, n.d.)</span>.</p>',
    );
    expect(renderReportHtml({ ...json, citationStyle: 'ieee' })).toContain('Cats are popular <span class="citation">[1], [2]</span>.');
    expect(renderReportMarkdown(json)).toContain('Cats are popular (Lovelace, 1843; Jones & Lee, 2020). Some disagree.');
  });
});

describe('sectionPromptReferenceList', () => {
  const ref = (id: string, extra: Partial<ReferenceJson> = {}): ReferenceJson => ({
    id,
    title: `Title ${id}`,
    authors: [],
    year: null,
    venue: null,
    doi: null,
    url: null,
    abstract: null,
    source: 'openalex',
    externalId: null,
    ...extra,
  });

  it('numbers references 1..n, one line each with authors, year, title, venue and DOI', () => {
    const { text, numbers } = sectionPromptReferenceList([
      ref('a', { authors: ['Ada Lovelace', 'Charles Babbage'], year: 1843, title: 'Notes on the engine', venue: 'Scientific Memoirs', doi: '10.1000/xyz' }),
      ref('b', { title: 'Untitled web page', url: 'https://example.org/page' }),
    ]);
    expect(text).toBe(
      [
        '[1] Lovelace, A., & Babbage, C. (1843). Notes on the engine. Scientific Memoirs. https://doi.org/10.1000/xyz',
        '[2] Untitled web page. (n.d.). https://example.org/page',
      ].join('\n'),
    );
    expect([...numbers]).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it('keeps each reference on one line and bounded, and numbers a repeated id once', () => {
    const { text, numbers } = sectionPromptReferenceList([ref('a', { title: 'Line one\nline two\r\n\tthree' }), ref('a'), ref('b', { title: 'x'.repeat(2_000) })]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('[1] Line one line two three. (n.d.).');
    expect(lines[1]?.startsWith('[2] xxx')).toBe(true);
    expect(lines[1]?.length).toBeLessThanOrEqual(500);
    expect([...numbers.values()]).toEqual(['a', 'b']);
  });

  it('gives an empty list for no references', () => {
    expect(sectionPromptReferenceList([])).toEqual({ text: '', numbers: new Map() });
  });

  it('numbers what parseGeneratedSection binds back', () => {
    const { numbers } = sectionPromptReferenceList([ref('x'), ref('y')]);
    expect(parseGeneratedSection('Both [1, 2], not [3].', numbers)).toEqual({ blocks: [p(t('Both '), c('x'), c('y'), t(', not.'))], cited: ['x', 'y'], unknown: ['3'] });
  });
});
