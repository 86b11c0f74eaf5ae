// A paragraph's inline content as flat spans with their marks: what the DOCX and PDF renderers
// lay out. Citations become their formatted text ("[2]", "(Smith, 2020)"), adjacent ones grouped as
// the HTML and Markdown renderers group them; links keep only safe targets.
import { formatCitationGroup, NODE, safeLinkHref, type Block, type CitationContext } from '../../../core/doc';

export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  code?: boolean;
  /** A safe http(s)/mailto target. */
  href?: string;
  /** A hard line break (text is empty). */
  lineBreak?: boolean;
}

// Characters XML 1.0 (DOCX) cannot hold and a PDF text string should not: C0 controls but tab and
// newline, lone surrogates, U+FFFE/U+FFFF.
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text without the characters no export format can carry. */
export function cleanText(text: string): string {
  return text.replace(INVALID, '');
}

/** The spans of inline nodes. */
export function inlineSpans(nodes: Block[], ctx: CitationContext): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as Block;
    if (node.type === NODE.text) {
      const text = cleanText(node.text ?? '');
      if (!text) continue;
      const span: Span = { text };
      for (const mark of node.marks ?? []) {
        if (mark.type === 'bold') span.bold = true;
        else if (mark.type === 'italic') span.italic = true;
        else if (mark.type === 'underline') span.underline = true;
        else if (mark.type === 'strike') span.strike = true;
        else if (mark.type === 'code') span.code = true;
        else if (mark.type === 'link') {
          const href = safeLinkHref(mark.attrs?.href);
          if (href) span.href = href;
        }
      }
      spans.push(span);
    } else if (node.type === NODE.hardBreak) {
      spans.push({ text: '', lineBreak: true });
    } else if (node.type === NODE.citation) {
      const ids: string[] = [];
      while (i < nodes.length && nodes[i]?.type === NODE.citation) ids.push(String(nodes[i++]?.attrs?.refId));
      i--;
      spans.push({ text: formatCitationGroup(ids, ctx) });
    }
  }
  return spans;
}

/** Every image source in blocks, for resolving them before a synchronous render. */
export function imageSources(blocks: Block[], out: unknown[] = []): unknown[] {
  for (const block of blocks) {
    if (block.type === NODE.image) out.push(block.attrs?.src);
    if (block.content) imageSources(block.content, out);
  }
  return out;
}

/** A line-height attribute as a multiple of the font size ("1.5", "150%"), or null. */
export function lineHeightFactor(value: unknown): number | null {
  const m = /^(\d{1,2}(?:\.\d{1,3})?)(%)?$/.exec(String(value ?? '').trim());
  if (!m) return null;
  const factor = m[2] ? Number(m[1]) / 100 : Number(m[1]);
  return factor >= 0.5 && factor <= 4 ? factor : null;
}

/** A safe file name for a download: the title's words, ASCII, at most 80 characters. */
export function exportFilename(title: string, extension: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '')
    .toLowerCase();
  return `${base || 'report'}.${extension}`;
}
