import { describe, expect, it } from 'vitest';
import { renderReportHtml, renderReportHtmlDocument } from './render-html';
import type { Block, ReportJson } from './schema';
import { representativeReport } from './test-helpers';

/** A one-section report holding `body` (and `extra` fields). */
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

/** The section body part of the HTML. */
function bodyHtml(body: unknown[], extra: Partial<ReportJson> = {}): string {
  const html = renderReportHtml(oneSection(body, extra));
  return html.slice(html.indexOf('<h2>1.1 S</h2>\n') + '<h2>1.1 S</h2>\n'.length).split('\n<h1 class="references-title">')[0]?.trimEnd() ?? '';
}

describe('renderReportHtml', () => {
  it('renders a representative report', () => {
    expect(renderReportHtml(representativeReport())).toBe(
      [
        '<h1 class="report-title">Cats &amp; Code</h1>',
        '<h1>1 Introduction</h1>',
        '<h2>1.1 Background</h2>',
        '<p style="text-align: center">Cats are <strong>very<em> popular </em></strong><a href="https://example.org/a_b" rel="noopener noreferrer nofollow">online</a><span class="citation">(Lovelace, 1843; Jones &amp; Lee, 2020)</span>.<br>Use <code>a|b`c</code></p>',
        '<h3>Kinds</h3>',
        '<ul><li><p>Tabby</p><ol start="2"><li><p>Striped</p></li></ol></li><li><p>1. Not a list</p></li></ul>',
        '<blockquote><p># not a heading</p></blockquote>',
        '<pre><code class="language-ts">if (a &lt; b) {}</code></pre>',
        '<hr>',
        '<figure><img src="https://example.org/cat.png" alt="A cat" title="Cat" width="320"><figcaption>Figure 1: a cat</figcaption></figure>',
        '<h2>1.2 Empty</h2>',
        '<h1>2 Results</h1>',
        '<h2>2.1 Tables</h2>',
        '<table><colgroup><col style="width: 100px"><col style="width: 50px"></colgroup><tbody><tr><th colspan="2"><p>Name | kind</p></th></tr><tr><td><p>Tom</p></td><td><p>grey<br>cat</p></td></tr></tbody></table>',
        '<h1 class="references-title">References</h1>',
        '<p class="reference">Jones, B., &amp; Lee, A. (2020). Cats online. <a href="https://doi.org/10.1/x" rel="noopener noreferrer nofollow">https://doi.org/10.1/x</a></p>',
        '<p class="reference">Lovelace, A. (1843). Counting cats. <em>Notes</em>. <a href="https://example.org/notes" rel="noopener noreferrer nofollow">https://example.org/notes</a></p>',
        '',
      ].join('\n'),
    );
  });

  it('numbers citations and the reference list in IEEE', () => {
    const report = { ...representativeReport(), citationStyle: 'ieee' as const };
    const html = renderReportHtml(report);
    expect(html).toContain('<span class="citation">[1], [2]</span>');
    expect(html).toContain('<h1 class="references-title">References</h1>\n<p class="reference">[1] A. Lovelace, &quot;Counting cats,&quot; <em>Notes</em>, 1843. [Online]. Available: ');
    expect(html).toContain('<p class="reference">[2] B. Jones and A. Lee, &quot;Cats online,&quot; 2020, doi: <a href="https://doi.org/10.1/x" rel="noopener noreferrer nofollow">10.1/x</a>.</p>');
  });

  it('keeps marks open across text nodes that share them', () => {
    expect(
      bodyHtml([
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'a', marks: [{ type: 'bold' }] },
            { type: 'text', text: 'b', marks: [{ type: 'bold' }, { type: 'underline' }] },
            { type: 'text', text: 'c', marks: [{ type: 'strike' }] },
          ],
        },
      ]),
    ).toBe('<p><strong>a<u>b</u></strong><s>c</s></p>');
  });

  it('writes a standalone document for the HTML export', () => {
    const html = renderReportHtmlDocument(oneSection([], { title: '<T>' }));
    expect(html.startsWith('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')).toBe(true);
    expect(html).toContain('<title>&lt;T&gt;</title>');
    expect(html).toContain('<body>\n<h1 class="report-title">&lt;T&gt;</h1>\n<h1>1 C</h1>\n<h2>1.1 S</h2>\n</body>\n</html>\n');
  });
});

describe('renderReportHtml with hostile input', () => {
  const xss = '"><img src=x onerror=alert(1)><script>alert(1)</script>';
  const hostileLinks = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    ' \u0001javascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    '/relative/path',
    '//evil.test/x',
  ];

  it('escapes every text: titles, headings, body, citations, references', () => {
    const html = renderReportHtml({
      ...oneSection([{ type: 'paragraph', content: [{ type: 'text', text: xss }, { type: 'citation', attrs: { refId: xss } }, { type: 'citation', attrs: { refId: 'r' } }] }]),
      title: xss,
      outline: { chapters: [{ id: 'c', title: xss, sections: [{ id: 's', title: xss, notes: [] }] }] },
      references: [{ id: 'r', title: xss, authors: [xss], year: 2000, venue: xss, doi: null, url: 'javascript:alert(1)', abstract: null, source: 'manual', externalId: null }],
    });
    expect(html).not.toMatch(/<script|<img|javascript:/i);
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expectOnlySafeMarkup(html);
  });

  it('drops links that are not http(s) or mailto, keeping their text', () => {
    for (const href of hostileLinks) {
      expect(bodyHtml([{ type: 'paragraph', content: [{ type: 'text', text: 'click', marks: [{ type: 'link', attrs: { href } }] }] }])).toBe('<p>click</p>');
    }
    expect(bodyHtml([{ type: 'paragraph', content: [{ type: 'text', text: 'mail', marks: [{ type: 'link', attrs: { href: 'mailto:a@b.test' } }] }] }])).toBe(
      '<p><a href="mailto:a@b.test" rel="noopener noreferrer nofollow">mail</a></p>',
    );
  });

  it('cannot break out of an attribute with quotes', () => {
    const html = bodyHtml([
      {
        type: 'paragraph',
        content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'https://ok.test/"onmouseover="alert(1)\'' } }] }],
      },
      { type: 'image', attrs: { src: 'https://ok.test/a.png', alt: '" onerror="alert(1)', title: "' onload='x", caption: '</figcaption><script>' } },
    ]);
    expect(html).toBe(
      '<p><a href="https://ok.test/%22onmouseover=%22alert(1)&#39;" rel="noopener noreferrer nofollow">x</a></p>\n' +
        '<figure><img src="https://ok.test/a.png" alt="&quot; onerror=&quot;alert(1)" title="&#39; onload=&#39;x"><figcaption>&lt;/figcaption&gt;&lt;script&gt;</figcaption></figure>',
    );
    expectOnlySafeMarkup(html);
  });

  it('keeps images only from http(s) or raster data: URLs', () => {
    const img = (src: string) => bodyHtml([{ type: 'image', attrs: { src } }]);
    for (const src of [...hostileLinks, 'x" onerror="alert(1)', 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=', 'data:image/png;base64,AAAA"onerror="x', 'mailto:a@b.test']) {
      expect(img(src)).toBe('');
    }
    expect(img('data:image/png;base64,iVBORw0KGgo=')).toBe('<figure><img src="data:image/png;base64,iVBORw0KGgo=" alt=""></figure>');
    expect(bodyHtml([{ type: 'image', attrs: { src: 'https://ok.test/a.png', width: '50%', height: 200 } }])).toBe(
      '<figure><img src="https://ok.test/a.png" alt="" style="width: 50%" height="200"></figure>',
    );
  });

  it('writes only known attributes with valid values', () => {
    const html = bodyHtml([
      { type: 'paragraph', attrs: { textAlign: 'center; background:url(javascript:alert(1))', lineHeight: '2; color:red', onclick: 'alert(1)' }, content: [{ type: 'text', text: 'p' }] },
      { type: 'heading', attrs: { level: '1><script>' }, content: [{ type: 'text', text: 'h' }] },
      { type: 'orderedList', attrs: { start: '1" onclick="x' }, content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }] },
      { type: 'codeBlock', attrs: { language: 'ts" onclick="x' }, content: [{ type: 'text', text: '</code><script>' }] },
      { type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', attrs: { colspan: '2" onclick="x', rowspan: 2, colwidth: ['9px"'] }, content: [] }] }] },
      { type: 'image', attrs: { src: 'https://ok.test/a.png', width: '100" onload="x' } },
    ]);
    expect(html).toBe(
      [
        '<p>p</p>',
        '<h3>h</h3>',
        '<ol><li><p></p></li></ol>',
        '<pre><code>&lt;/code&gt;&lt;script&gt;</code></pre>',
        '<table><tbody><tr><td rowspan="2"><p></p></td></tr></tbody></table>',
        '<figure><img src="https://ok.test/a.png" alt=""></figure>',
      ].join('\n'),
    );
  });

  it('passes no raw HTML or unknown nodes through', () => {
    const html = bodyHtml([
      { type: 'html', attrs: { html: '<script>alert(1)</script>' } },
      { type: 'script', content: [{ type: 'text', text: 'alert(1)' }] },
      { type: 'paragraph', content: [{ type: 'iframe', attrs: { src: 'https://evil.test' } }, { type: 'text', text: '<b>raw</b>', marks: [{ type: 'onclick' }] }] },
      '<script>alert(1)</script>',
    ]);
    expect(html).toBe('<p>alert(1)</p>\n<p>&lt;b&gt;raw&lt;/b&gt;</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('survives malformed JSON of any shape', () => {
    const junk = [null, 1, 'x', [], { chapters: 'no' }, { outline: { chapters: [null, { sections: [1, { id: {}, title: null }] }] }, sections: { s: { not: 'array' } }, references: [null, 'x', { authors: [1, null] }] }];
    for (const value of junk) {
      const html = renderReportHtml(value as unknown as ReportJson);
      expect(html.startsWith('<h1 class="report-title">')).toBe(true);
      expectOnlySafeMarkup(html);
    }
  });
});

const SAFE_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'strong', 'em', 'u', 's', 'code', 'a', 'br', 'span', 'ul', 'ol', 'li', 'blockquote', 'pre', 'hr', 'figure', 'img', 'figcaption', 'table', 'colgroup', 'col', 'tbody', 'tr', 'td', 'th']);
const SAFE_ATTRS: Record<string, RegExp> = {
  class: /^(report-title|references-title|reference|citation|language-[A-Za-z0-9_+#.-]+)$/,
  href: /^(https?:\/\/|mailto:)[^"<>\s]*$/,
  rel: /^noopener noreferrer nofollow$/,
  src: /^(https?:\/\/[^"<>\s]*|data:image\/(png|jpe?g|gif|webp|avif);base64,[A-Za-z0-9+/=]+)$/,
  alt: /^[^"<>]*$/,
  title: /^[^"<>]*$/,
  width: /^\d+$/,
  colspan: /^\d+$/,
  rowspan: /^\d+$/,
  start: /^\d+$/,
  style: /^((text-align: (left|center|right|justify)|line-height: [\d.]+(%|px|em|rem)?|width: \d+(px|%))(; )?)+$/,
};

/** Every tag and attribute in `html` is on the allow-list, and no other `<` or `>` is left. */
function expectOnlySafeMarkup(html: string): void {
  const tag = /<\/?([a-z0-9]+)((?:\s[a-z-]+="[^"]*")*)>/g;
  for (const match of html.matchAll(tag)) {
    expect(SAFE_TAGS.has(match[1] as string), `tag ${match[0]}`).toBe(true);
    for (const attr of (match[2] ?? '').matchAll(/\s([a-z-]+)="([^"]*)"/g)) {
      const rule = SAFE_ATTRS[attr[1] as string];
      expect(rule?.test(attr[2] as string), `attribute ${attr[0]}`).toBe(true);
    }
  }
  expect(html.replace(tag, '')).not.toMatch(/[<>]/);
}
