import { describe, expect, it } from 'vitest';
import { renderReportMarkdown } from './render-markdown';
import type { Block, ReportJson } from './schema';
import { representativeReport } from './test-helpers';

function oneSection(body: unknown[], extra: Partial<ReportJson> = {}): ReportJson {
  return {
    version: 1,
    title: 'T',
    status: 'completed',
    citationStyle: 'apa',
    outline: { chapters: [{ id: 'c', title: 'C', sections: [{ id: 's', title: 'S', notes: [] }] }] },
    generatedOutline: null,
    sections: { s: body as Block[] },
    references: [],
    ...extra,
  };
}

/** The section body part of the Markdown. */
function bodyMd(body: unknown[], extra: Partial<ReportJson> = {}): string {
  const md = renderReportMarkdown(oneSection(body, extra));
  return md.slice(md.indexOf('## 1.1 S\n\n') + '## 1.1 S\n\n'.length).trimEnd();
}

const para = (...content: unknown[]) => ({ type: 'paragraph', content });
const text = (t: string, ...marks: Array<string | { type: string; attrs: Record<string, unknown> }>) =>
  marks.length > 0 ? { type: 'text', text: t, marks: marks.map((m) => (typeof m === 'string' ? { type: m } : m)) } : { type: 'text', text: t };

describe('renderReportMarkdown', () => {
  it('renders a representative report', () => {
    expect(renderReportMarkdown(representativeReport())).toBe(
      [
        '# Cats & Code',
        '# 1 Introduction',
        '## 1.1 Background',
        'Cats are **very *popular*** [online](https://example.org/a_b)(Lovelace, 1843; Jones & Lee, 2020).\\\nUse ``a|b`c``',
        '### Kinds',
        '- Tabby\n\n  2. Striped\n- 1\\. Not a list',
        '> \\# not a heading',
        '```ts\nif (a < b) {}\n```',
        '---',
        '![A cat](https://example.org/cat.png "Cat")',
        '*Figure 1: a cat*',
        '## 1.2 Empty',
        '# 2 Results',
        '## 2.1 Tables',
        '| Name \\| kind |  |\n| --- | --- |\n| Tom | grey<br>cat |',
        '# References',
        'Jones, B., & Lee, A. (2020). Cats online. <https://doi.org/10.1/x>',
        'Lovelace, A. (1843). Counting cats. *Notes*. <https://example.org/notes>',
      ].join('\n\n') + '\n',
    );
  });

  it('numbers citations and references in IEEE', () => {
    const md = renderReportMarkdown({ ...representativeReport(), citationStyle: 'ieee' });
    expect(md).toContain('[online](https://example.org/a_b)[1], [2].');
    expect(md).toContain('# References\n\n[1] A. Lovelace, "Counting cats," *Notes*, 1843. \\[Online\\]. Available: <https://example.org/notes>\n\n[2] B. Jones and A. Lee, "Cats online," 2020, doi: <https://doi.org/10.1/x>.\n');
  });

  it('lists: tight and loose, ordered with a start, nested', () => {
    expect(
      bodyMd([
        { type: 'orderedList', attrs: { start: 9 }, content: [{ type: 'listItem', content: [para(text('nine'))] }, { type: 'listItem', content: [para(text('ten')), { type: 'bulletList', content: [{ type: 'listItem', content: [para(text('inner'))] }] }] }] },
        { type: 'bulletList', content: [{ type: 'listItem', content: [para(text('a')), para(text('a2'))] }, { type: 'listItem', content: [para(text('b'))] }] },
      ]),
    ).toBe('9. nine\n10. ten\n    - inner\n\n- a\n\n  a2\n\n- b');
  });

  it('moves whitespace outside emphasis and closes marks before atoms', () => {
    expect(bodyMd([para(text('a'), text(' bold ', 'bold'), text('b'), text('   ', 'italic'), text('c', 'strike'), { type: 'hardBreak' }, text('d', 'bold'))])).toBe(
      'a **bold** b   ~~c~~\\\n**d**',
    );
  });

  it('tables pad short rows and repeat nothing for spans', () => {
    expect(
      bodyMd([
        {
          type: 'table',
          content: [
            { type: 'tableRow', content: [{ type: 'tableHeader', content: [para(text('h1'))] }, { type: 'tableHeader', content: [para(text('h2'))] }] },
            { type: 'tableRow', content: [{ type: 'tableCell', content: [para(text('x|y', 'code'))] }] },
          ],
        },
      ]),
    ).toBe('| h1 | h2 |\n| --- | --- |\n| `x\\|y` |  |');
  });
});

describe('renderReportMarkdown with hostile input', () => {
  it('escapes text so it cannot become HTML, links, emphasis or blocks', () => {
    expect(
      bodyMd([
        para(text('<script>alert(1)</script> [click](javascript:alert(1)) *x* _y_ `z` ~~s~~ | &amp;')),
        para(text('# h'), { type: 'hardBreak' }, text('1. one'), { type: 'hardBreak' }, text('- item'), { type: 'hardBreak' }, text('> quote'), { type: 'hardBreak' }, text('    code'), { type: 'hardBreak' }, text('===')),
        para(text('[1]: https://evil.test')),
      ]),
    ).toBe(
      [
        '\\<script\\>alert(1)\\</script\\> \\[click\\](javascript:alert(1)) \\*x\\* \\_y\\_ \\`z\\` \\~\\~s\\~\\~ \\| \\&amp;',
        '\\# h\\\n1\\. one\\\n\\- item\\\n\\> quote\\\ncode\\\n\\===',
        '\\[1\\]: https://evil.test',
      ].join('\n\n'),
    );
  });

  it('drops unsafe link targets and images, and encodes what would end a link', () => {
    expect(
      bodyMd([
        para(text('bad', { type: 'link', attrs: { href: 'javascript:alert(1)' } }), text(' good', { type: 'link', attrs: { href: 'https://ok.test/a b(c)' } })),
        { type: 'image', attrs: { src: 'javascript:alert(1)', alt: 'x' } },
        { type: 'image', attrs: { src: 'https://ok.test/i.png', alt: '](javascript:alert(1))', title: '" onload="x' } },
      ]),
    ).toBe('bad [good](https://ok.test/a%20b%28c%29)\n\n![\\](javascript:alert(1))](https://ok.test/i.png "\\" onload=\\"x")');
  });

  it('keeps headings on one line and their text whole', () => {
    const md = renderReportMarkdown(oneSection([], { title: 'Title ##', outline: { chapters: [{ id: 'c', title: 'Line\n# injected', sections: [] }] } }));
    expect(md).toBe('# Title \\##\n\n# 1 Line # injected\n');
  });
});
