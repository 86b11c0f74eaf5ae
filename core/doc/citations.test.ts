import { describe, expect, it } from 'vitest';
import { citationContext, citationNumbers, formatCitationGroup, orderedReferences } from './citations';
import { formatReference, formatReferenceText, parseName } from './reference-format';
import { normalizeReference } from './references';
import type { Block, CitationStyle, ReportJson } from './schema';

const smith = normalizeReference({
  id: 'smith',
  title: 'Deep learning for cats',
  authors: ['John A. Smith', 'Bob Jones'],
  year: 2020,
  venue: 'Journal of Cats',
  doi: 'https://doi.org/10.1000/cats.1',
});
const beethoven = normalizeReference({ id: 'lvb', title: 'What is a cat?', authors: ['Ludwig van Beethoven'], url: 'https://example.org/cat' });
const seven = normalizeReference({
  id: 'seven',
  title: 'Many authors',
  authors: ['A. One', 'B. Two', 'C. Three', 'D. Four', 'E. Five', 'F. Six', 'G. Seven'],
  year: 2019,
  venue: 'Proc. CatConf',
});
const three = normalizeReference({ id: 'three', title: 'Three people', authors: ['Lee, Mary-Jane', 'Kim, S.', 'Park, J.K.'], year: 2021, venue: 'Nature' });
const anonymous = normalizeReference({ id: 'anon', title: 'Anonymous report on felines and their habits', year: 2018, venue: 'WHO' });
const refs = [smith, beethoven, seven, three, anonymous];

const expected: Record<CitationStyle, { list: string[]; inText: string[] }> = {
  apa: {
    list: [
      'Smith, J. A., & Jones, B. (2020). Deep learning for cats. Journal of Cats. https://doi.org/10.1000/cats.1',
      'van Beethoven, L. (n.d.). What is a cat? https://example.org/cat',
      'One, A., Two, B., Three, C., Four, D., Five, E., Six, F., & Seven, G. (2019). Many authors. Proc. CatConf.',
      'Lee, M.-J., Kim, S., & Park, J. K. (2021). Three people. Nature.',
      'Anonymous report on felines and their habits. (2018). WHO.',
    ],
    inText: ['(Smith & Jones, 2020)', '(van Beethoven, n.d.)', '(One et al., 2019)', '(Lee et al., 2021)', '("Anonymous report on felines…", 2018)'],
  },
  mla: {
    list: [
      'Smith, John A., and Bob Jones. "Deep learning for cats." Journal of Cats, 2020, https://doi.org/10.1000/cats.1.',
      'van Beethoven, Ludwig. "What is a cat?" https://example.org/cat.',
      'One, A., et al. "Many authors." Proc. CatConf, 2019.',
      'Lee, Mary-Jane, et al. "Three people." Nature, 2021.',
      '"Anonymous report on felines and their habits." WHO, 2018.',
    ],
    inText: ['(Smith and Jones)', '(van Beethoven)', '(One et al.)', '(Lee et al.)', '("Anonymous report on felines…")'],
  },
  harvard: {
    list: [
      "Smith, J.A. and Jones, B. (2020) 'Deep learning for cats', Journal of Cats. Available at: https://doi.org/10.1000/cats.1.",
      'van Beethoven, L. (no date) What is a cat? Available at: https://example.org/cat.',
      "One, A. et al. (2019) 'Many authors', Proc. CatConf.",
      "Lee, M.-J., Kim, S. and Park, J.K. (2021) 'Three people', Nature.",
      "'Anonymous report on felines and their habits' (2018) WHO.",
    ],
    inText: ['(Smith and Jones, 2020)', '(van Beethoven, no date)', '(One et al., 2019)', '(Lee, Kim and Park, 2021)', '("Anonymous report on felines…", 2018)'],
  },
  ieee: {
    list: [
      'J. A. Smith and B. Jones, "Deep learning for cats," Journal of Cats, 2020, doi: 10.1000/cats.1.',
      'L. van Beethoven, "What is a cat?" [Online]. Available: https://example.org/cat',
      'A. One et al., "Many authors," Proc. CatConf, 2019.',
      'M.-J. Lee, S. Kim, and J. K. Park, "Three people," Nature, 2021.',
      '"Anonymous report on felines and their habits," WHO, 2018.',
    ],
    inText: ['[1]', '[2]', '[3]', '[4]', '[5]'],
  },
};

describe('formatReference', () => {
  for (const style of Object.keys(expected) as CitationStyle[]) {
    it(`formats ${style} entries and in-text citations`, () => {
      expect(refs.map((r) => formatReferenceText(r, style))).toEqual(expected[style].list);
      const ctx = { style, numbers: new Map(refs.map((r, i) => [r.id, i + 1])), refs: new Map(refs.map((r) => [r.id, r])) };
      expect(refs.map((r) => formatCitationGroup([r.id], ctx))).toEqual(expected[style].inText);
    });
  }

  it('marks the venue italic and the DOI as a link', () => {
    expect(formatReference(smith, 'apa')).toEqual([
      { text: 'Smith, J. A., & Jones, B. (2020). Deep learning for cats. ' },
      { text: 'Journal of Cats', italic: true },
      { text: '. ' },
      { text: 'https://doi.org/10.1000/cats.1', href: 'https://doi.org/10.1000/cats.1' },
    ]);
  });

  it('lists 21 or more APA authors as the first 19, an ellipsis and the last', () => {
    const many = normalizeReference({ title: 'T', authors: Array.from({ length: 22 }, (_, i) => `A. N${i + 1}`), year: 2000 });
    expect(formatReferenceText(many, 'apa')).toBe(
      `${Array.from({ length: 19 }, (_, i) => `N${i + 1}, A.`).join(', ')}, . . . N22, A. (2000). T.`,
    );
  });

  it('leaves out a URL that is not http(s)', () => {
    const bad = normalizeReference({ title: 'T', authors: ['A. B'], year: 2000, url: 'javascript:alert(1)' });
    expect(formatReferenceText(bad, 'apa')).toBe('B, A. (2000). T.');
  });

  it('splits author names written either way', () => {
    expect(parseName('Smith, John A.')).toEqual({ family: 'Smith', given: ['John', 'A.'] });
    expect(parseName('J.A. Smith')).toEqual({ family: 'Smith', given: ['J.', 'A.'] });
    expect(parseName('Ludwig van Beethoven')).toEqual({ family: 'van Beethoven', given: ['Ludwig'] });
    expect(parseName('Plato')).toEqual({ family: 'Plato', given: [] });
  });
});

describe('citationNumbers', () => {
  const cite = (refId: string): Block => ({ type: 'citation', attrs: { refId } });
  const json: ReportJson = {
    version: 1,
    title: 'T',
    status: 'completed',
    citationStyle: 'ieee',
    outline: {
      chapters: [
        { id: 'c1', title: 'One', sections: [{ id: 'b', title: 'B', notes: [] }] },
        { id: 'c2', title: 'Two', sections: [{ id: 'a', title: 'A', notes: [] }] },
      ],
    },
    generatedOutline: null,
    // Section "a" comes first in the object but second in the outline: the outline order counts.
    sections: {
      a: [{ type: 'paragraph', content: [cite('smith'), cite('three')] }],
      b: [{ type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [cite('three'), cite('missing'), cite('three')] }] }] }],
    },
    references: refs,
  };

  it('numbers references by first citation in outline order, then the uncited in list order', () => {
    expect([...citationNumbers(json)]).toEqual([
      ['three', 1],
      ['smith', 2],
      ['lvb', 3],
      ['seven', 4],
      ['anon', 5],
    ]);
    expect(formatCitationGroup(['three', 'missing', 'smith'], citationContext(json))).toBe('[1], [?], [2]');
  });

  it('orders the list by number for IEEE and by author, year and title otherwise', () => {
    expect(orderedReferences(json).map((e) => `${e.number}:${e.ref.id}`)).toEqual(['1:three', '2:smith', '3:lvb', '4:seven', '5:anon']);
    expect(orderedReferences({ ...json, citationStyle: 'apa' }).map((e) => e.ref.id)).toEqual(['anon', 'three', 'seven', 'smith', 'lvb']);
  });
});
