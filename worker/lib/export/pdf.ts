// A report as a PDF with real text (pdf-lib, the @pdfme fork): A4 pages, the title, chapters and
// numbered sections, the bodies (headings, paragraphs with alignment and line spacing, marks,
// links, lists, quotes, code, tables, images), citations in the report's style, the reference
// list with its links, and page numbers. Text is laid out here (pdf-lib only draws), so what the
// reader selects or a search finds is the report's text.
import { PDFDocument, PDFString, rgb, type PDFImage, type PDFPage } from '@pdfme/pdf-lib';
import {
  citationContext,
  coerceReportJson,
  formatReference,
  normalizeBody,
  numberOutline,
  orderedReferences,
  referencesHeading,
  NODE,
  type Block,
  type CitationContext,
  type ReportJson,
} from '../../../core/doc';
import { displaySize } from './image-info';
import type { ImageResolver } from './images';
import { cleanText, inlineSpans, lineHeightFactor, type Span } from './inline';
import { beyondStandardFonts, encodable, layoutLines, loadFonts, spanStyle, standardFontCharset, type Fonts, type Line, type RunStyle } from './pdf-text';
import type { UnicodeFontBytes } from './unicode-fonts';

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 64, bottom: 64, left: 64, right: 64 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const BODY_SIZE = 11;
const LINE = 1.35;
/** Heading sizes by level (1: chapters, 2: sections, 3–6: headings in a body). */
const HEADING_SIZE = [0, 17, 14, 12.5, 11.5, 11, 11];
const INDENT = 18;
const GRAY: [number, number, number] = [0.55, 0.55, 0.55];

/**
 * The DejaVu files when some text of the report needs them (anything the standard fonts would
 * lose), else null: a Western European report keeps the standard fonts and stays small. Without
 * them, the standard fonts draw what they can (letters without their accents, "?" for the rest).
 */
async function fontsFor(json: ReportJson, source: UnicodeFontSource): Promise<UnicodeFontBytes | null> {
  if (!beyondStandardFonts(JSON.stringify(json), await standardFontCharset())) return null;
  return source();
}

/** Where drawing is on the current page, and the pages so far. */
class Pager {
  page: PDFPage;
  /** The top of the space left on the page (PDF y grows upwards). */
  y = PAGE.height - MARGIN.top;
  /** x positions of block-quote bars to draw beside every line. */
  bars: number[] = [];

  constructor(readonly doc: PDFDocument) {
    this.page = doc.addPage([PAGE.width, PAGE.height]);
  }

  newPage(): void {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - MARGIN.top;
  }

  /** Starts a new page unless `height` fits on this one (a block taller than a page starts at the top of one). */
  ensure(height: number): void {
    if (this.y - height < MARGIN.bottom && this.y < PAGE.height - MARGIN.top) this.newPage();
  }

  space(points: number): void {
    this.y = Math.max(MARGIN.bottom, this.y - points);
  }
}

interface State {
  pager: Pager;
  fonts: Fonts;
  ctx: CitationContext;
  images: Map<unknown, PDFImage | null>;
}

type Align = 'left' | 'center' | 'right';

/** The fonts for text beyond the standard fonts (a test may give none, to see the fallback). */
export type UnicodeFontSource = () => UnicodeFontBytes | null;

/** The report as PDF bytes. */
export async function renderReportPdf(input: ReportJson, resolver: ImageResolver, unicodeFonts: UnicodeFontSource = () => null): Promise<Uint8Array> {
  const json = coerceReportJson(input);
  const doc = await PDFDocument.create();
  doc.setTitle(cleanText(json.title) || 'Report', { showInWindowTitleBar: true });
  doc.setCreator('Seydam');
  doc.setProducer('Seydam');
  doc.setLanguage('en');
  const fonts = await loadFonts(doc, await fontsFor(json, unicodeFonts));
  const bodies = new Map<string, Block[]>();
  for (const chapter of json.outline.chapters) for (const s of chapter.sections) bodies.set(s.id, normalizeBody(json.sections[s.id] ?? []));
  const state: State = { pager: new Pager(doc), fonts, ctx: citationContext(json), images: new Map() };
  await embedImages(doc, [...bodies.values()], resolver, state);

  const { pager } = state;
  drawSpans(state, [{ text: cleanText(json.title) || 'Untitled report' }], { size: 22, heading: true }, 0, CONTENT_WIDTH);
  pager.space(14);
  for (const chapter of numberOutline(json.outline)) {
    heading(state, `${chapter.number} ${chapter.title}`, 1);
    for (const section of chapter.sections) {
      heading(state, `${section.number} ${section.title}`, 2);
      const body = bodies.get(section.id) ?? [];
      const empty = body.length === 1 && body[0]?.type === NODE.paragraph && !body[0].content;
      if (!empty) for (const block of body) drawBlock(state, block, 0, CONTENT_WIDTH);
    }
  }
  if (json.references.length > 0) {
    heading(state, referencesHeading(json.citationStyle), 1);
    for (const { ref, number } of orderedReferences(json, state.ctx.numbers)) {
      const spans: Span[] = json.citationStyle === 'ieee' ? [{ text: `[${number}] ` }] : [];
      for (const part of formatReference(ref, json.citationStyle)) {
        spans.push(part.href ? { text: part.text, href: part.href } : { text: part.text, italic: part.italic === true });
      }
      drawSpans(state, spans, { size: BODY_SIZE }, 0, CONTENT_WIDTH, { hanging: INDENT });
      pager.space(5);
    }
  }
  numberPages(doc, fonts);
  return doc.save();
}

/** Embeds every PNG and JPEG the bodies show (pdf-lib draws no GIF: those export as their caption). */
async function embedImages(doc: PDFDocument, bodies: Block[][], resolver: ImageResolver, state: State): Promise<void> {
  const visit = async (blocks: Block[]) => {
    for (const block of blocks) {
      if (block.type === NODE.image && !state.images.has(block.attrs?.src)) {
        const img = await resolver.resolve(block.attrs?.src);
        let embedded: PDFImage | null = null;
        try {
          if (img?.type === 'png') embedded = await doc.embedPng(img.bytes);
          else if (img?.type === 'jpg') embedded = await doc.embedJpg(img.bytes);
        } catch {
          embedded = null;
        }
        state.images.set(block.attrs?.src, embedded);
      }
      if (block.content) await visit(block.content);
    }
  };
  for (const body of bodies) await visit(body);
}

function heading(state: State, text: string, level: number): void {
  const size = HEADING_SIZE[level] ?? BODY_SIZE;
  state.pager.space(level === 1 ? 14 : 9);
  // Keep a heading with at least two lines of what follows it.
  state.pager.ensure(size * LINE + BODY_SIZE * LINE * 2);
  drawSpans(state, [{ text: cleanText(text) }], { size, heading: true }, 0, CONTENT_WIDTH);
  state.pager.space(4);
}

/** Lays out and draws spans at `indent` within `width`; answers nothing, moves the pager down. */
function drawSpans(
  state: State,
  spans: Span[],
  base: { size: number; heading?: boolean; italic?: boolean },
  indent: number,
  width: number,
  opts: { align?: Align; lineFactor?: number; hanging?: number; marker?: string } = {},
): void {
  const styleOf = (span: Span) => spanStyle(span, base, state.fonts);
  const lines = layoutLines(spans, styleOf, state.fonts, { width, hanging: opts.hanging });
  drawLines(state, lines, indent, width, { ...opts, size: base.size });
}

function drawLines(state: State, lines: Line[], indent: number, width: number, opts: { align?: Align; lineFactor?: number; marker?: string; size: number }): void {
  const { pager, fonts } = state;
  lines.forEach((line, i) => {
    const size = line.size || opts.size;
    const height = size * (opts.lineFactor ?? LINE);
    pager.ensure(height);
    const baseline = pager.y - size;
    const free = width - line.indent - line.width;
    const shift = opts.align === 'center' ? free / 2 : opts.align === 'right' ? free : 0;
    const x0 = MARGIN.left + indent + line.indent + Math.max(0, shift);
    if (i === 0 && opts.marker) {
      const marker = encodable(opts.marker, fonts.charset);
      const mw = fonts.regular.widthOfTextAtSize(marker, opts.size);
      pager.page.drawText(marker, { x: MARGIN.left + indent - mw - 5, y: baseline, size: opts.size, font: fonts.regular });
    }
    for (const item of line.items) {
      if (!item.text) continue;
      drawItem(state, item.text, item.style, x0 + item.x, baseline, item.width);
    }
    for (const x of pager.bars) pager.page.drawLine({ start: { x, y: pager.y }, end: { x, y: pager.y - height }, thickness: 2, color: rgb(...GRAY) });
    pager.y -= height;
  });
}

function drawItem(state: State, text: string, style: RunStyle, x: number, baseline: number, width: number): void {
  const { page } = state.pager;
  const color = rgb(...style.color);
  page.drawText(text, { x, y: baseline, size: style.size, font: style.font, color });
  if (style.underline) page.drawLine({ start: { x, y: baseline - 1.5 }, end: { x: x + width, y: baseline - 1.5 }, thickness: 0.6, color });
  if (style.strike) page.drawLine({ start: { x, y: baseline + style.size * 0.3 }, end: { x: x + width, y: baseline + style.size * 0.3 }, thickness: 0.6, color });
  if (style.href) linkAnnotation(state.pager, style.href, [x, baseline - 2, x + width, baseline + style.size]);
}

/** A clickable area that opens `href` (a URI action, as PDF readers expect). */
function linkAnnotation(pager: Pager, href: string, rect: [number, number, number, number]): void {
  const { context } = pager.doc;
  const annot = context.obj({
    Type: 'Annot',
    Subtype: 'Link',
    Rect: rect,
    Border: [0, 0, 0],
    A: { Type: 'Action', S: 'URI', URI: PDFString.of(href) },
  });
  pager.page.node.addAnnot(context.register(annot));
}

function alignOf(node: Block): Align | undefined {
  const align = node.attrs?.textAlign;
  return align === 'center' || align === 'right' ? align : undefined;
}

function drawBlock(state: State, node: Block, indent: number, width: number, marker?: string): void {
  const { pager, fonts } = state;
  const content = node.content ?? [];
  switch (node.type) {
    case NODE.paragraph: {
      const factor = lineHeightFactor(node.attrs?.lineHeight) ?? undefined;
      drawSpans(state, inlineSpans(content, state.ctx), { size: BODY_SIZE }, indent, width, { align: alignOf(node), lineFactor: factor ? factor * 1.15 : undefined, marker });
      pager.space(6);
      return;
    }
    case NODE.heading: {
      const level = Math.min(6, Math.max(3, Number(node.attrs?.level) || 3));
      pager.space(6);
      pager.ensure(HEADING_SIZE[level]! * LINE + BODY_SIZE * LINE);
      drawSpans(state, inlineSpans(content, state.ctx), { size: HEADING_SIZE[level]!, heading: true }, indent, width, { align: alignOf(node), marker });
      pager.space(3);
      return;
    }
    case NODE.bulletList:
    case NODE.orderedList: {
      const start = typeof node.attrs?.start === 'number' && Number.isInteger(node.attrs.start) ? node.attrs.start : 1;
      content.forEach((item, i) => {
        const label = node.type === NODE.orderedList ? `${start + i}.` : '•';
        (item.content ?? []).forEach((child, j) => drawBlock(state, child, indent + INDENT, width - INDENT, j === 0 ? label : undefined));
      });
      return;
    }
    case NODE.blockquote: {
      pager.bars.push(MARGIN.left + indent + 4);
      content.forEach((child) => drawBlock(state, child, indent + INDENT, width - INDENT));
      pager.bars.pop();
      return;
    }
    case NODE.codeBlock: {
      const text = cleanText(content.map((t) => t.text ?? '').join(''));
      const size = 9;
      const charWidth = fonts.mono.widthOfTextAtSize('M', size);
      const perLine = Math.max(10, Math.floor((width - 8) / charWidth));
      for (const raw of text.split('\n')) {
        const line = encodable(raw, fonts.charset);
        const chunks = line.length === 0 ? [''] : (line.match(new RegExp(`.{1,${perLine}}`, 'g')) ?? ['']);
        for (const chunk of chunks) {
          const height = size * 1.4;
          pager.ensure(height);
          pager.page.drawRectangle({ x: MARGIN.left + indent, y: pager.y - height, width, height, color: rgb(0.95, 0.95, 0.95) });
          if (chunk) pager.page.drawText(chunk, { x: MARGIN.left + indent + 4, y: pager.y - size - 1, size, font: fonts.mono });
          pager.y -= height;
        }
      }
      pager.space(6);
      return;
    }
    case NODE.horizontalRule:
      pager.ensure(14);
      pager.page.drawLine({ start: { x: MARGIN.left + indent, y: pager.y - 7 }, end: { x: MARGIN.left + indent + width, y: pager.y - 7 }, thickness: 0.8, color: rgb(...GRAY) });
      pager.space(14);
      return;
    case NODE.table:
      drawTable(state, node, indent, width);
      return;
    case NODE.image:
      drawImage(state, node, indent, width);
      return;
    default:
      return;
  }
}

/** A cell's text: its paragraphs and headings as spans, anything else as plain lines. */
function cellSpans(cell: Block, ctx: CitationContext): Span[] {
  const spans: Span[] = [];
  const walk = (blocks: Block[], prefix: string) => {
    for (const block of blocks) {
      if (spans.length > 0) spans.push({ text: '', lineBreak: true });
      if (block.type === NODE.paragraph || block.type === NODE.heading) {
        if (prefix) spans.push({ text: prefix });
        spans.push(...inlineSpans(block.content ?? [], ctx).map((s) => (block.type === NODE.heading ? { ...s, bold: true } : s)));
      } else if (block.type === NODE.bulletList || block.type === NODE.orderedList) {
        (block.content ?? []).forEach((item, i) => walk(item.content ?? [], block.type === NODE.orderedList ? `${i + 1}. ` : '• '));
        if (spans[spans.length - 1]?.lineBreak) spans.pop();
      } else if (block.type === NODE.codeBlock) {
        spans.push({ text: (block.content ?? []).map((t) => t.text ?? '').join(''), code: true });
      } else if (block.content) {
        walk(block.content, prefix);
      } else {
        spans.pop();
      }
    }
  };
  walk(cell.content ?? [], '');
  return spans;
}

/** A table: columns share the width (by Tiptap's column widths when set), rows never split across pages. */
function drawTable(state: State, node: Block, indent: number, width: number): void {
  const { pager, fonts } = state;
  const rows = node.content ?? [];
  const columns = Math.max(1, ...rows.map((r) => (r.content ?? []).reduce((n, c) => n + span(c.attrs?.colspan), 0)));
  const weights = columnWeights(rows[0], columns);
  const total = weights.reduce((a, b) => a + b, 0);
  const colWidths = weights.map((w) => (w / total) * width);
  const pad = 4;
  const size = 10;
  pager.space(2);
  for (const row of rows) {
    let col = 0;
    const cells = (row.content ?? []).map((cell) => {
      const n = Math.min(span(cell.attrs?.colspan), columns - col);
      const x = colWidths.slice(0, col).reduce((a, b) => a + b, 0);
      const w = colWidths.slice(col, col + n).reduce((a, b) => a + b, 0);
      col += n;
      const header = cell.type === NODE.tableHeader;
      const lines = layoutLines(cellSpans(cell, state.ctx), (s) => spanStyle(header ? { ...s, bold: true } : s, { size }, fonts), fonts, { width: Math.max(10, w - 2 * pad) });
      return { x, w, lines, header };
    });
    const height = Math.max(size * LINE, ...cells.map((c) => c.lines.reduce((h, l) => h + (l.size || size) * LINE, 0))) + 2 * pad;
    pager.ensure(height);
    const top = pager.y;
    for (const cell of cells) {
      const x = MARGIN.left + indent + cell.x;
      if (cell.header) pager.page.drawRectangle({ x, y: top - height, width: cell.w, height, color: rgb(0.93, 0.93, 0.93) });
      pager.page.drawRectangle({ x, y: top - height, width: cell.w, height, borderColor: rgb(...GRAY), borderWidth: 0.6 });
      let y = top - pad;
      for (const line of cell.lines) {
        const lineSize = line.size || size;
        for (const item of line.items) if (item.text) drawItem(state, item.text, item.style, x + pad + item.x, y - lineSize, item.width);
        y -= lineSize * LINE;
      }
    }
    pager.y = top - height;
  }
  pager.space(8);
}

function span(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 1 ? Math.min(value, 50) : 1;
}

function columnWeights(firstRow: Block | undefined, columns: number): number[] {
  const widths: number[] = [];
  for (const cell of firstRow?.content ?? []) {
    const n = span(cell.attrs?.colspan);
    const given = Array.isArray(cell.attrs?.colwidth) ? cell.attrs.colwidth : [];
    for (let i = 0; i < n; i++) widths.push(typeof given[i] === 'number' && (given[i] as number) > 0 ? (given[i] as number) : 0);
  }
  const known = widths.filter((w) => w > 0);
  const fallback = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  return Array.from({ length: columns }, (_, i) => widths[i] || fallback);
}

function drawImage(state: State, node: Block, indent: number, width: number): void {
  const { pager } = state;
  const img = state.images.get(node.attrs?.src) ?? null;
  const alt = typeof node.attrs?.alt === 'string' ? cleanText(node.attrs.alt) : '';
  const caption = typeof node.attrs?.caption === 'string' ? cleanText(node.attrs.caption).trim() : '';
  if (img) {
    // Pixels at 96 dpi are 0.75 pt; no taller than a page.
    let size = displaySize({ width: img.width * 0.75, height: img.height * 0.75 }, widthInPoints(node.attrs?.width), width);
    const maxHeight = PAGE.height - MARGIN.top - MARGIN.bottom - 40;
    if (size.height > maxHeight) size = { width: (size.width * maxHeight) / size.height, height: maxHeight };
    pager.ensure(size.height + 6);
    pager.page.drawImage(img, { x: MARGIN.left + indent + (width - size.width) / 2, y: pager.y - size.height, width: size.width, height: size.height });
    pager.space(size.height + 6);
  } else if (!caption && alt) {
    drawSpans(state, [{ text: `[Image: ${alt}]` }], { size: 10, italic: true }, indent, width, { align: 'center' });
  }
  if (caption) drawSpans(state, [{ text: caption }], { size: 10, italic: true }, indent, width, { align: 'center' });
  pager.space(6);
}

/** A width attribute in px becomes points; a percentage stays a percentage. */
function widthInPoints(value: unknown): unknown {
  const m = /^(\d{1,5})(\.\d+)?(px)?$/.exec(String(value ?? ''));
  return m ? String(Math.round(Number(m[1]) * 0.75)) : value;
}

function numberPages(doc: PDFDocument, fonts: Fonts): void {
  const pages = doc.getPages();
  pages.forEach((page, i) => {
    const text = `${i + 1} / ${pages.length}`;
    const w = fonts.sans.widthOfTextAtSize(text, 9);
    page.drawText(text, { x: (PAGE.width - w) / 2, y: MARGIN.bottom / 2 - 4, size: 9, font: fonts.sans, color: rgb(...GRAY) });
  });
}
