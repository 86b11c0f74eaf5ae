// Text for the PDF export: the fonts (the standard ones, or DejaVu when the text needs more), what
// they can encode, and breaking styled spans into lines of a given width. The text is drawn as real
// text (selectable, searchable), not as pictures of it.
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts, type PDFFont } from '@pdfme/pdf-lib';
import type { Span } from './inline';
import type { UnicodeFontBytes } from './unicode-fonts';

/** The fonts the PDF uses: Times for text, Helvetica for headings, Courier for code (or DejaVu for all, see unicode-fonts.ts). */
export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
  boldItalic: PDFFont;
  heading: PDFFont;
  headingItalic: PDFFont;
  mono: PDFFont;
  sans: PDFFont;
  /** Code points the fonts can show. */
  charset: Set<number>;
}

/**
 * Embeds the fonts. Without `unicode`, the standard fonts: nothing is embedded but their names, so
 * the file stays small. With it, subsets of those fonts holding only the glyphs the text uses;
 * headings are then in the serif's bold (one family keeps the file small).
 */
export async function loadFonts(doc: PDFDocument, unicode?: UnicodeFontBytes | null): Promise<Fonts> {
  if (unicode) {
    doc.registerFontkit(fontkit);
    const embed = (bytes: Uint8Array) => doc.embedFont(bytes, { subset: true });
    const [regular, bold, italic, boldItalic, mono] = await Promise.all([embed(unicode.regular), embed(unicode.bold), embed(unicode.italic), embed(unicode.boldItalic), embed(unicode.mono)]);
    return { regular, bold, italic, boldItalic, heading: bold, headingItalic: boldItalic, mono, sans: regular, charset: new Set(regular.getCharacterSet()) };
  }
  const [regular, bold, italic, boldItalic, heading, headingItalic, mono, sans] = await Promise.all([
    doc.embedFont(StandardFonts.TimesRoman),
    doc.embedFont(StandardFonts.TimesRomanBold),
    doc.embedFont(StandardFonts.TimesRomanItalic),
    doc.embedFont(StandardFonts.TimesRomanBoldItalic),
    doc.embedFont(StandardFonts.HelveticaBold),
    doc.embedFont(StandardFonts.HelveticaBoldOblique),
    doc.embedFont(StandardFonts.Courier),
    doc.embedFont(StandardFonts.Helvetica),
  ]);
  return { regular, bold, italic, boldItalic, heading, headingItalic, mono, sans, charset: new Set(regular.getCharacterSet()) };
}

let standardCharset: Promise<Set<number>> | null = null;

/** The code points the standard fonts can show (WinAnsi), read once from a font pdf-lib embeds in a scratch document. */
export function standardFontCharset(): Promise<Set<number>> {
  standardCharset ??= PDFDocument.create().then(async (scratch) => new Set((await scratch.embedFont(StandardFonts.TimesRoman)).getCharacterSet()));
  return standardCharset;
}

/** Whether `text` holds a character the standard fonts would lose (shown without its accent, or as "?"). */
export function beyondStandardFonts(text: string, charset: Set<number>): boolean {
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (charset.has(cp) || cp < 0x20 || ch in SUBSTITUTES || SPACES.test(ch)) continue;
    return true;
  }
  return false;
}

/** Spaces drawn as a plain space. */
const SPACES = /[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]/;

const SUBSTITUTES: Record<string, string> = {
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '-',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u2190': '<-',
  '\u2192': '->',
  '\u2194': '<->',
  '\u21d2': '=>',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2248': '~',
  '\u221e': 'inf',
  '\u00ad': '',
  '\u200b': '',
  '\u200c': '',
  '\u200d': '',
  '\ufeff': '',
};

/**
 * Text the standard fonts can encode. They cover Western European text (WinAnsi: accents, curly
 * quotes, dashes, €); anything else is decomposed to its base letters when it has some
 * (ő → o), replaced by a look-alike (− → -), or shown as "?" — never dropped silently.
 */
export function encodable(text: string, charset: Set<number>): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    if (charset.has(cp)) out += ch;
    else if (SPACES.test(ch)) out += ' ';
    else if (ch in SUBSTITUTES) out += SUBSTITUTES[ch];
    else {
      const base = [...ch.normalize('NFKD')].filter((c) => charset.has(c.codePointAt(0) as number)).join('');
      out += base || '?';
    }
  }
  return out;
}

/** How a span is drawn. */
export interface RunStyle {
  font: PDFFont;
  size: number;
  color: [number, number, number];
  underline?: boolean;
  strike?: boolean;
  href?: string;
}

/** A piece of a line: text in one style at an x offset from the line's start. */
export interface LineItem {
  text: string;
  style: RunStyle;
  x: number;
  width: number;
}

export interface Line {
  items: LineItem[];
  width: number;
  /** The largest font size on the line. */
  size: number;
  /** Where the line starts, relative to the block (a hanging indent moves later lines). */
  indent: number;
}

export interface LayoutOptions {
  width: number;
  /** Lines after the first start this much further in (reference list entries). */
  hanging?: number;
}

const LINK_BLUE: [number, number, number] = [0.07, 0.27, 0.6];

/** The style of a span over a base style (body text, a heading, a table cell). */
export function spanStyle(span: Span, base: { size: number; heading?: boolean; italic?: boolean }, fonts: Fonts): RunStyle {
  const italic = span.italic || base.italic;
  let font: PDFFont;
  if (span.code) font = fonts.mono;
  else if (base.heading) font = italic ? fonts.headingItalic : fonts.heading;
  else if (span.bold && italic) font = fonts.boldItalic;
  else if (span.bold) font = fonts.bold;
  else if (italic) font = fonts.italic;
  else font = fonts.regular;
  const size = span.code ? base.size * 0.9 : base.size;
  const style: RunStyle = { font, size, color: span.href ? LINK_BLUE : [0, 0, 0] };
  if (span.underline || span.href) style.underline = true;
  if (span.strike) style.strike = true;
  if (span.href) style.href = span.href;
  return style;
}

interface Piece {
  text: string;
  style: RunStyle;
  space: boolean;
  lineBreak?: boolean;
}

/** Breaks styled spans into lines no wider than `opts.width` (a word longer than a line is split). */
export function layoutLines(spans: Span[], styleOf: (span: Span) => RunStyle, fonts: Fonts, opts: LayoutOptions): Line[] {
  const pieces: Piece[] = [];
  for (const span of spans) {
    const style = styleOf(span);
    if (span.lineBreak) {
      pieces.push({ text: '', style, space: false, lineBreak: true });
      continue;
    }
    const text = encodable(span.text.replace(/\r?\n/g, ' '), fonts.charset);
    for (const part of text.split(/( +)/)) if (part) pieces.push({ text: part, style, space: part.trim() === '' });
  }

  const lines: Line[] = [];
  let items: LineItem[] = [];
  let x = 0;
  const hanging = opts.hanging ?? 0;
  const widthFor = () => opts.width - (lines.length > 0 ? hanging : 0);
  const flush = () => {
    while (items.length > 0 && (items[items.length - 1] as LineItem).text.trim() === '') items.pop();
    const width = items.reduce((w, it) => Math.max(w, it.x + it.width), 0);
    const size = items.reduce((s, it) => Math.max(s, it.style.size), 0);
    lines.push({ items: merge(items), width, size, indent: lines.length > 0 ? hanging : 0 });
    items = [];
    x = 0;
  };
  const place = (text: string, style: RunStyle) => {
    const width = style.font.widthOfTextAtSize(text, style.size);
    items.push({ text, style, x, width });
    x += width;
  };

  for (const piece of pieces) {
    if (piece.lineBreak) {
      // An empty line keeps the size of the text around it.
      if (items.length === 0) items.push({ text: '', style: piece.style, x: 0, width: 0 });
      flush();
      continue;
    }
    if (piece.space) {
      if (items.length > 0) place(piece.text, piece.style);
      continue;
    }
    const width = piece.style.font.widthOfTextAtSize(piece.text, piece.style.size);
    if (x + width > widthFor() && items.some((it) => it.text.trim() !== '')) flush();
    if (width <= widthFor()) {
      place(piece.text, piece.style);
      continue;
    }
    // A word wider than the line: as many characters as fit on each line.
    let rest = piece.text;
    while (rest) {
      let n = rest.length;
      while (n > 1 && x + piece.style.font.widthOfTextAtSize(rest.slice(0, n), piece.style.size) > widthFor()) n--;
      place(rest.slice(0, n), piece.style);
      rest = rest.slice(n);
      if (rest) flush();
    }
  }
  if (items.length > 0 || lines.length === 0) flush();
  return lines;
}

/** Adjacent items of one style become one (fewer text operations, words kept whole for extraction). */
function merge(items: LineItem[]): LineItem[] {
  const out: LineItem[] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (last && last.style === item.style) {
      last.text += item.text;
      last.width = item.x + item.width - last.x;
    } else {
      out.push({ ...item });
    }
  }
  return out;
}
