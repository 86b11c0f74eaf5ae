// A report as a Word document with the `docx` package: the title, chapters as Heading 1, sections
// as Heading 2 "1.1 Title", the bodies (headings, paragraphs with alignment and line spacing,
// bold/italic/underline/strike/code, links, lists, block quotes, code, tables, images), citations
// formatted in the report's style and the reference list.
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ILevelsOptions,
  type INumberingOptions,
  type ParagraphChild,
} from 'docx';
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
import type { ExportImage, ImageResolver } from './images';
import { cleanText, imageSources, inlineSpans, lineHeightFactor, type Span } from './inline';

/** Content width of an A4 page with 2.54 cm margins, in pixels at 96 dpi (what docx sizes images in). */
const CONTENT_WIDTH_PX = 602;
const MONO = 'Courier New';
const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];
const ALIGN: Record<string, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
};

type Child = Paragraph | Table;

/** Builds the document's lists: one numbering definition per ordered-list start value, one instance per list. */
class Lists {
  private readonly starts = new Set<number>();
  private instance = 0;

  /** The numbering of a new ordered list starting at `start`. */
  ordered(start: number): { reference: string; instance: number } {
    this.starts.add(start);
    return { reference: `ordered-${start}`, instance: ++this.instance };
  }

  config(): INumberingOptions['config'] {
    const levels = (start: number): ILevelsOptions[] =>
      Array.from({ length: 9 }, (_, level) => ({
        level,
        format: [LevelFormat.DECIMAL, LevelFormat.LOWER_LETTER, LevelFormat.LOWER_ROMAN][level % 3],
        text: `%${level + 1}.`,
        start: level === 0 ? start : 1,
        alignment: AlignmentType.START,
        style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
      }));
    const bullets: ILevelsOptions[] = Array.from({ length: 9 }, (_, level) => ({
      level,
      format: LevelFormat.BULLET,
      text: ['•', '◦', '▪'][level % 3] as string,
      alignment: AlignmentType.START,
      style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
    }));
    return [{ reference: 'bullets', levels: bullets }, ...[...this.starts].map((start) => ({ reference: `ordered-${start}`, levels: levels(start) }))];
  }
}

interface RenderState {
  ctx: CitationContext;
  images: Map<unknown, ExportImage | null>;
  lists: Lists;
}

/** Where a paragraph sits: in a list item (its numbering, for the item's first paragraph), indented, or in a quote. */
interface Place {
  numbering?: { reference: string; level: number; instance?: number };
  indent?: number;
  quote?: boolean;
}

/** The report as DOCX bytes. */
export async function renderReportDocx(input: ReportJson, resolver: ImageResolver): Promise<Uint8Array> {
  const json = coerceReportJson(input);
  const ctx = citationContext(json);
  const bodies = new Map<string, Block[]>();
  for (const chapter of json.outline.chapters) for (const s of chapter.sections) bodies.set(s.id, normalizeBody(json.sections[s.id] ?? []));
  // Images are read before the (synchronous) build.
  const sources = [...bodies.values()].flatMap((blocks) => imageSources(blocks));
  const images = new Map<unknown, ExportImage | null>();
  for (const src of sources) if (!images.has(src)) images.set(src, await resolver.resolve(src));
  const state: RenderState = { ctx, images, lists: new Lists() };

  const children: Child[] = [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(cleanText(json.title) || 'Untitled report')] })];
  for (const chapter of numberOutline(json.outline)) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(cleanText(`${chapter.number} ${chapter.title}`))] }));
    for (const section of chapter.sections) {
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(cleanText(`${section.number} ${section.title}`))] }));
      const body = bodies.get(section.id) ?? [];
      const empty = body.length === 1 && body[0]?.type === NODE.paragraph && !body[0].content;
      if (!empty) for (const block of body) children.push(...renderBlock(block, state, {}));
    }
  }
  if (json.references.length > 0) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(referencesHeading(json.citationStyle))] }));
    for (const { ref, number } of orderedReferences(json, ctx.numbers)) {
      const runs: ParagraphChild[] = [];
      if (json.citationStyle === 'ieee') runs.push(new TextRun(`[${number}] `));
      for (const part of formatReference(ref, json.citationStyle)) {
        const text = cleanText(part.text);
        if (part.href) runs.push(new ExternalHyperlink({ link: part.href, children: [new TextRun({ text, style: 'Hyperlink' })] }));
        else runs.push(new TextRun({ text, italics: part.italic === true }));
      }
      // Author–date lists hang their entries; IEEE's number does the same job.
      children.push(new Paragraph({ children: runs, indent: { left: 720, hanging: 720 }, spacing: { after: 120 } }));
    }
  }

  const doc = new Document({
    creator: 'Seydam',
    title: cleanText(json.title),
    styles: {
      default: { document: { run: { font: 'Calibri', size: 22 } } },
      paragraphStyles: [
        { id: 'Caption', name: 'Caption', basedOn: 'Normal', next: 'Normal', run: { italics: true, size: 20, color: '555555' }, paragraph: { alignment: AlignmentType.CENTER, spacing: { after: 200 } } },
      ],
    },
    numbering: { config: state.lists.config() },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } } }, children }],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}

function renderBlock(node: Block, state: RenderState, place: Place): Child[] {
  const content = node.content ?? [];
  switch (node.type) {
    case NODE.paragraph:
      return [paragraph(inlineRuns(inlineSpans(content, state.ctx)), node, place)];
    case NODE.heading: {
      const level = Math.min(6, Math.max(3, Number(node.attrs?.level) || 3));
      return [new Paragraph({ heading: HEADINGS[level - 1], alignment: alignOf(node), children: inlineRuns(inlineSpans(content, state.ctx)), ...indentOf(place) })];
    }
    case NODE.bulletList:
    case NODE.orderedList:
      return list(node, state, place);
    case NODE.blockquote:
      return content.flatMap((c) => renderBlock(c, state, { ...place, quote: true, indent: (place.indent ?? 0) + 720 }));
    case NODE.codeBlock: {
      const lines = cleanText(content.map((t) => t.text ?? '').join('')).split('\n');
      return [
        new Paragraph({
          children: lines.map((line, i) => new TextRun({ text: line, font: MONO, size: 19, break: i > 0 ? 1 : undefined })),
          shading: { type: ShadingType.CLEAR, fill: 'F2F2F2', color: 'auto' },
          ...indentOf(place),
        }),
      ];
    }
    case NODE.horizontalRule:
      return [new Paragraph({ children: [], border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '999999', space: 1 } } })];
    case NODE.table:
      return [table(node, state)];
    case NODE.image:
      return image(node, state, place);
    default:
      return [];
  }
}

function paragraph(children: ParagraphChild[], node: Block, place: Place): Paragraph {
  const factor = lineHeightFactor(node.attrs?.lineHeight);
  return new Paragraph({
    children,
    alignment: alignOf(node),
    spacing: { after: 120, ...(factor ? { line: Math.round(240 * factor) } : {}) },
    ...(place.numbering ? { numbering: place.numbering } : indentOf(place)),
    ...(place.quote ? { border: { left: { style: BorderStyle.SINGLE, size: 12, color: 'BBBBBB', space: 8 } } } : {}),
  });
}

function indentOf(place: Place): { indent?: { left: number } } {
  return place.indent ? { indent: { left: place.indent } } : {};
}

function alignOf(node: Block) {
  const align = node.attrs?.textAlign;
  return typeof align === 'string' ? ALIGN[align] : undefined;
}

/** A list's items: the first paragraph of each carries the number or bullet, the rest indent under it. */
function list(node: Block, state: RenderState, place: Place): Child[] {
  const level = place.numbering ? Math.min(8, place.numbering.level + 1) : 0;
  let numbering: { reference: string; level: number; instance?: number };
  if (node.type === NODE.orderedList) {
    const start = typeof node.attrs?.start === 'number' && Number.isInteger(node.attrs.start) && node.attrs.start >= 0 ? Math.min(node.attrs.start, 32767) : 1;
    numbering = { ...state.lists.ordered(start), level };
  } else {
    numbering = { reference: 'bullets', level };
  }
  const out: Child[] = [];
  for (const item of node.content ?? []) {
    (item.content ?? []).forEach((child, i) => {
      const nested = child.type === NODE.bulletList || child.type === NODE.orderedList;
      // The item's first paragraph carries the number; a nested list goes a level down; anything else sits indented under the item.
      const inner: Place = nested || (i === 0 && child.type === NODE.paragraph) ? { numbering, quote: place.quote } : { indent: 720 * (level + 1), quote: place.quote };
      out.push(...renderBlock(child, state, inner));
    });
  }
  return out;
}

function table(node: Block, state: RenderState): Table {
  const rows = (node.content ?? []).map(
    (row, r) =>
      new TableRow({
        tableHeader: r === 0 && (row.content ?? []).every((c) => c.type === NODE.tableHeader),
        children: (row.content ?? []).map((cell) => {
          const span = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 1 ? Math.min(v, 63) : undefined);
          const children = (cell.content ?? []).flatMap((b) => renderBlock(b, state, {}));
          const header = cell.type === NODE.tableHeader;
          return new TableCell({
            children: children.length > 0 ? children : [new Paragraph('')],
            columnSpan: span(cell.attrs?.colspan),
            rowSpan: span(cell.attrs?.rowspan),
            ...(header ? { shading: { type: ShadingType.CLEAR, fill: 'EEEEEE', color: 'auto' } } : {}),
          });
        }),
      }),
  );
  return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
}

function image(node: Block, state: RenderState, place: Place): Child[] {
  const img = state.images.get(node.attrs?.src) ?? null;
  const alt = typeof node.attrs?.alt === 'string' ? cleanText(node.attrs.alt) : '';
  const caption = typeof node.attrs?.caption === 'string' ? cleanText(node.attrs.caption).trim() : '';
  const out: Child[] = [];
  if (img) {
    const size = displaySize(img, node.attrs?.width, CONTENT_WIDTH_PX - Math.round((place.indent ?? 0) / 15));
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new ImageRun({
            type: img.type,
            data: img.bytes,
            transformation: { width: Math.round(size.width), height: Math.round(size.height) },
            altText: { name: alt || 'image', description: alt, title: alt },
          }),
        ],
      }),
    );
  } else if (!caption && alt) {
    // The picture could not be embedded: its description stands in for it.
    out.push(new Paragraph({ style: 'Caption', children: [new TextRun(`[Image: ${alt}]`)] }));
  }
  if (caption) out.push(new Paragraph({ style: 'Caption', children: [new TextRun(caption)] }));
  return out;
}

/** Spans as runs: marks as run properties, links as hyperlinks, hard breaks as breaks. */
function inlineRuns(spans: Span[]): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  let pendingBreak = 0;
  for (const span of spans) {
    if (span.lineBreak) {
      pendingBreak++;
      continue;
    }
    const run = new TextRun({
      text: span.text,
      bold: span.bold,
      italics: span.italic,
      underline: span.underline ? {} : undefined,
      strike: span.strike,
      font: span.code ? MONO : undefined,
      style: span.href ? 'Hyperlink' : undefined,
      break: pendingBreak > 0 ? pendingBreak : undefined,
    });
    pendingBreak = 0;
    out.push(span.href ? new ExternalHyperlink({ link: span.href, children: [run] }) : run);
  }
  if (pendingBreak > 0) out.push(new TextRun({ text: '', break: pendingBreak }));
  return out;
}
