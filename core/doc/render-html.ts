// A report as sanitized HTML: the stored copy in Postgres and the HTML export. The HTML is
// built, never copied: every text and attribute is escaped, only known nodes, marks and
// attributes are written, links must be http(s)/mailto and images http(s) or raster data: URLs.
import { citationContext, formatCitationGroup, orderedReferences, referencesHeading, type CitationContext } from './citations';
import { coerceReportJson } from './coerce';
import { normalizeBody, sameMark } from './normalize';
import { numberOutline } from './outline-read';
import { formatReference } from './reference-format';
import { safeImageSrc, safeLinkHref } from './safe-url';
import { NODE, type Block, type Mark, type ReportJson } from './schema';

const ALIGNMENTS = new Set(['left', 'center', 'right', 'justify']);
const LINE_HEIGHT = /^\d{1,2}(\.\d{1,3})?(%|px|em|rem)?$/;
const WIDTH = /^(\d{1,5})(\.\d+)?(px|%)?$/;
const LANGUAGE = /^[A-Za-z0-9_+#.-]{1,40}$/;
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or attribute value with the five HTML-significant characters escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/** The report body as HTML: title, chapters as <h1>, sections as <h2> "1.1 Title", bodies, reference list. */
export function renderReportHtml(input: ReportJson): string {
  const json = coerceReportJson(input);
  const ctx = citationContext(json);
  const out: string[] = [`<h1 class="report-title">${escapeHtml(json.title)}</h1>`];
  for (const chapter of numberOutline(json.outline)) {
    out.push(`<h1>${escapeHtml(`${chapter.number} ${chapter.title}`)}</h1>`);
    for (const section of chapter.sections) {
      out.push(`<h2>${escapeHtml(`${section.number} ${section.title}`)}</h2>`);
      const body = normalizeBody(json.sections[section.id] ?? []);
      const empty = body.length === 1 && body[0]?.type === NODE.paragraph && !body[0].content;
      if (!empty) out.push(...body.map((b) => block(b, ctx)));
    }
  }
  if (json.references.length > 0) {
    out.push(`<h1 class="references-title">${escapeHtml(referencesHeading(json.citationStyle))}</h1>`);
    for (const { ref, number } of orderedReferences(json, ctx.numbers)) {
      const label = json.citationStyle === 'ieee' ? `[${number}] ` : '';
      const parts = formatReference(ref, json.citationStyle).map((p) => {
        const text = escapeHtml(p.text);
        if (p.href) return `<a href="${escapeHtml(p.href)}" rel="noopener noreferrer nofollow">${text}</a>`;
        return p.italic ? `<em>${text}</em>` : text;
      });
      out.push(`<p class="reference">${escapeHtml(label)}${parts.join('')}</p>`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** A standalone HTML document of the report (the HTML export). */
export function renderReportHtmlDocument(input: ReportJson): string {
  const json = coerceReportJson(input);
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(json.title)}</title>`,
    '<style>body{max-width:48rem;margin:2rem auto;padding:0 1rem;font-family:Georgia,serif;line-height:1.6}' +
      'table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem .5rem}' +
      'figure{margin:1rem 0}img{max-width:100%}.citation{white-space:nowrap}</style>',
    '</head>',
    '<body>',
    renderReportHtml(json).trimEnd(),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** One normalized block as HTML. */
function block(node: Block, ctx: CitationContext): string {
  const content = node.content ?? [];
  const children = () => content.map((c) => block(c, ctx)).join('');
  switch (node.type) {
    case NODE.paragraph:
      return `<p${blockStyle(node)}>${inline(content, ctx)}</p>`;
    case NODE.heading: {
      const level = node.attrs?.level as number;
      return `<h${level}${blockStyle(node)}>${inline(content, ctx)}</h${level}>`;
    }
    case NODE.bulletList:
      return `<ul>${children()}</ul>`;
    case NODE.orderedList: {
      const start = node.attrs?.start;
      const startAttr = typeof start === 'number' && Number.isInteger(start) && start !== 1 ? ` start="${start}"` : '';
      return `<ol${startAttr}>${children()}</ol>`;
    }
    case NODE.listItem:
      return `<li>${children()}</li>`;
    case NODE.blockquote:
      return `<blockquote>${children()}</blockquote>`;
    case NODE.codeBlock: {
      const language = node.attrs?.language;
      const cls = typeof language === 'string' && LANGUAGE.test(language) ? ` class="language-${escapeHtml(language)}"` : '';
      return `<pre><code${cls}>${escapeHtml(content.map((t) => t.text ?? '').join(''))}</code></pre>`;
    }
    case NODE.horizontalRule:
      return '<hr>';
    case NODE.table:
      return `<table>${colgroup(content[0])}<tbody>${children()}</tbody></table>`;
    case NODE.tableRow:
      return `<tr>${children()}</tr>`;
    case NODE.tableCell:
    case NODE.tableHeader: {
      const tag = node.type === NODE.tableHeader ? 'th' : 'td';
      return `<${tag}${span(node, 'colspan')}${span(node, 'rowspan')}>${children()}</${tag}>`;
    }
    case NODE.image:
      return image(node);
    default:
      return '';
  }
}

function blockStyle(node: Block): string {
  const styles: string[] = [];
  const align = node.attrs?.textAlign;
  if (typeof align === 'string' && ALIGNMENTS.has(align)) styles.push(`text-align: ${align}`);
  const lineHeight = node.attrs?.lineHeight;
  if ((typeof lineHeight === 'string' || typeof lineHeight === 'number') && LINE_HEIGHT.test(String(lineHeight))) {
    styles.push(`line-height: ${lineHeight}`);
  }
  return styles.length > 0 ? ` style="${styles.join('; ')}"` : '';
}

function span(node: Block, name: 'colspan' | 'rowspan'): string {
  const value = node.attrs?.[name];
  return typeof value === 'number' && Number.isInteger(value) && value > 1 && value <= 1000 ? ` ${name}="${value}"` : '';
}

/** Column widths (Tiptap's colwidth on the first row's cells) as a <colgroup>, when any is set. */
function colgroup(firstRow: Block | undefined): string {
  const cols: string[] = [];
  let any = false;
  for (const cell of firstRow?.content ?? []) {
    const colspan = typeof cell.attrs?.colspan === 'number' && cell.attrs.colspan > 1 ? Math.min(cell.attrs.colspan, 1000) : 1;
    const widths = Array.isArray(cell.attrs?.colwidth) ? cell.attrs.colwidth : [];
    for (let i = 0; i < colspan; i++) {
      const w = widths[i];
      if (typeof w === 'number' && Number.isFinite(w) && w > 0) {
        any = true;
        cols.push(`<col style="width: ${Math.round(w)}px">`);
      } else {
        cols.push('<col>');
      }
    }
  }
  return any ? `<colgroup>${cols.join('')}</colgroup>` : '';
}

function image(node: Block): string {
  const src = safeImageSrc(node.attrs?.src);
  if (!src) return '';
  const attrs = [`src="${escapeHtml(src)}"`];
  const alt = node.attrs?.alt;
  attrs.push(`alt="${typeof alt === 'string' ? escapeHtml(alt) : ''}"`);
  const title = node.attrs?.title;
  if (typeof title === 'string' && title) attrs.push(`title="${escapeHtml(title)}"`);
  const width = WIDTH.exec(String(node.attrs?.width ?? ''));
  if (width) attrs.push(width[3] === '%' ? `style="width: ${width[1]}%"` : `width="${width[1]}"`);
  const height = WIDTH.exec(String(node.attrs?.height ?? ''));
  if (height && height[3] !== '%') attrs.push(`height="${height[1]}"`);
  const caption = node.attrs?.caption;
  const figcaption = typeof caption === 'string' && caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : '';
  return `<figure><img ${attrs.join(' ')}>${figcaption}</figure>`;
}

const MARK_TAGS: Record<string, string> = { bold: 'strong', italic: 'em', underline: 'u', strike: 's', code: 'code' };

function openTag(mark: Mark): string {
  if (mark.type === 'link') return `<a href="${escapeHtml(safeLinkHref(mark.attrs?.href) ?? '')}" rel="noopener noreferrer nofollow">`;
  return `<${MARK_TAGS[mark.type]}>`;
}

function closeTag(mark: Mark): string {
  return mark.type === 'link' ? '</a>' : `</${MARK_TAGS[mark.type]}>`;
}

/** Marks HTML can show: links only with a safe href. */
function htmlMarks(marks: Mark[] | undefined): Mark[] {
  return (marks ?? []).filter((m) => (m.type === 'link' ? safeLinkHref(m.attrs?.href) !== null : m.type in MARK_TAGS));
}

/** Inline content with marks kept open across the nodes that share them, as ProseMirror serializes. */
function inline(nodes: Block[], ctx: CitationContext): string {
  let out = '';
  let active: Mark[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as Block;
    // Inline atoms carry no marks (y-prosemirror stores none on elements), so they close any open ones.
    const marks = node.type === NODE.text ? htmlMarks(node.marks) : [];
    let keep = 0;
    while (keep < active.length && keep < marks.length && sameMark(active[keep], marks[keep])) keep++;
    for (let j = active.length - 1; j >= keep; j--) out += closeTag(active[j] as Mark);
    for (let j = keep; j < marks.length; j++) out += openTag(marks[j] as Mark);
    active = marks;
    if (node.type === NODE.text) {
      out += escapeHtml(node.text ?? '');
    } else if (node.type === NODE.hardBreak) {
      out += '<br>';
    } else if (node.type === NODE.citation) {
      const ids: string[] = [];
      while (i < nodes.length && nodes[i]?.type === NODE.citation) ids.push(String(nodes[i++]?.attrs?.refId));
      i--;
      out += `<span class="citation">${escapeHtml(formatCitationGroup(ids, ctx))}</span>`;
    }
  }
  for (let j = active.length - 1; j >= 0; j--) out += closeTag(active[j] as Mark);
  return out;
}
