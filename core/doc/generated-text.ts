// What the model wrote for one section, turned into section blocks. The model sees the report's
// references numbered 1..n and cites them with markers such as [3], [2, 5] or [2-4]; here each
// number it may cite becomes a citation node bound to the reference id, and every other number is
// dropped and reported, so a section can never cite a source the report does not have.
// The text is light Markdown: the few constructs a model writes in prose (paragraphs, headings,
// lists, bold, italic, backslash escapes); everything else stays literal text and no input makes
// this throw. Paragraphs and line breaks come out as appendToSection streamed them, so the final
// rewrite changes only what the Markdown and the markers meant.
import { formatReferenceText } from './reference-format';
import { BODY_HEADING_LEVELS, NODE, type Block, type ReferenceJson } from './schema';

/** What a generated section parses to. */
export interface GeneratedSection {
  /** Section body in normalized form: normalizeBody and the codec give it back unchanged. */
  blocks: Block[];
  /** Distinct reference ids cited, in order of first appearance. */
  cited: string[];
  /** Numbers cited that are not in `refs`, as the model wrote them ("7", or a range "11-14"), one entry per occurrence. */
  unknown: string[];
}

/** A range marker cites at most this many numbers (no report has more references), so `[1-9999]` stays small. */
export const MAX_MARKER_RANGE = 100;
/** Longest bracketed text looked at as a marker; longer brackets are prose. */
const MAX_MARKER_LENGTH = 200;
/** Deeper list indentation is flattened: normalizeBody drops content nested past its depth limit. */
const MAX_LIST_DEPTH = 8;
/** One reference line in a prompt is cut here, so a runaway title cannot swamp the prompt. */
const MAX_PROMPT_LINE = 500;

/** Parses one generated section; `refs` maps the numbers the model was shown to reference ids. */
export function parseGeneratedSection(text: string, refs: ReadonlyMap<number, string>): GeneratedSection {
  const unknown: string[] = [];
  const inline = (source: string) => parseInline(source, refs, unknown);
  const blocks: Block[] = [];
  for (const raw of parseBlockStructure(String(text ?? ''))) {
    if (raw.kind === 'paragraph') {
      const content = inline(raw.lines.join('\n'));
      if (content.length > 0) blocks.push({ type: NODE.paragraph, content });
    } else if (raw.kind === 'heading') {
      const content = inline(raw.text);
      if (content.length > 0) blocks.push({ type: NODE.heading, attrs: { level: raw.level }, content });
    } else {
      const list = buildList(raw.list, inline);
      if (list) blocks.push(list);
    }
  }
  // An empty body is one empty paragraph, as normalizeBody makes it.
  if (blocks.length === 0) blocks.push({ type: NODE.paragraph });
  return { blocks, cited: citedIds(blocks), unknown };
}

/** The references as numbered prompt lines ("[1] Lovelace, A. (1843). Counting cats. Notes. https://…") and the number → id map to parse the answer with. */
export function sectionPromptReferenceList(refs: ReferenceJson[]): { text: string; numbers: Map<number, string> } {
  const numbers = new Map<number, string>();
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const ref of refs) {
    // One number per reference: a duplicate id would give the model two numbers for one source.
    if (!ref.id || seen.has(ref.id)) continue;
    seen.add(ref.id);
    const n = numbers.size + 1;
    numbers.set(n, ref.id);
    // APA carries authors, year, title, venue and DOI (or URL); whitespace is folded so each reference stays one line.
    let line = `[${n}] ${formatReferenceText(ref, 'apa').replace(/\s+/g, ' ').trim()}`;
    if (line.length > MAX_PROMPT_LINE) line = `${line.slice(0, MAX_PROMPT_LINE - 1).trimEnd()}…`;
    lines.push(line);
  }
  return { text: lines.join('\n'), numbers };
}

// ---- Block structure -------------------------------------------------------------------------

type RawBlock = { kind: 'paragraph'; lines: string[] } | { kind: 'heading'; level: number; text: string } | { kind: 'list'; list: RawList };
interface RawList {
  ordered: boolean;
  start: number;
  indent: number;
  items: RawItem[];
}
interface RawItem {
  content: Array<{ kind: 'paragraph'; lines: string[] } | { kind: 'list'; list: RawList }>;
}

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
const BULLET_ITEM = /^([ \t]*)[-*][ \t]+(.*\S)[ \t]*$/;
const ORDERED_ITEM = /^([ \t]*)(\d{1,9})[.)][ \t]+(.*\S)[ \t]*$/;

function indentOf(spaces: string): number {
  return spaces.replace(/\t/g, '    ').length;
}

/**
 * Lines to paragraphs, headings and (nested) lists. A blank line ends a paragraph; a heading or a
 * list item ends one too, except an ordered item not numbered 1 (as in CommonMark, so a line
 * starting "2020. " inside a paragraph stays prose). A line right after an item continues it.
 */
function parseBlockStructure(text: string): RawBlock[] {
  const out: RawBlock[] = [];
  let paragraph: string[] | null = null;
  // Open lists, outermost first; the last is where the next item or continuation line goes.
  let lists: RawList[] = [];
  let afterBlank = false;

  const lastItem = (list: RawList) => list.items[list.items.length - 1] as RawItem;
  const openList = (ordered: boolean, start: number, indent: number): RawList => ({ ordered, start, indent, items: [] });

  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trim() === '') {
      paragraph = null;
      afterBlank = true;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading && (heading[2] as string).trim() !== '') {
      paragraph = null;
      lists = [];
      // Levels 1 and 2 are the chapter and section titles; a body's headings start at 3.
      const level = Math.max(BODY_HEADING_LEVELS.min, (heading[1] as string).length);
      out.push({ kind: 'heading', level, text: (heading[2] as string).trim() });
      afterBlank = false;
      continue;
    }
    const bullet = BULLET_ITEM.exec(line);
    const ordered = bullet ? null : ORDERED_ITEM.exec(line);
    const interrupts = bullet !== null || (ordered !== null && (lists.length > 0 || paragraph === null || Number(ordered[2]) === 1));
    if ((bullet || ordered) && interrupts) {
      const isOrdered = ordered !== null;
      const indent = indentOf(((bullet ?? ordered) as RegExpExecArray)[1] as string);
      const number = ordered ? Number(ordered[2]) : 1;
      const itemText = (bullet ? bullet[2] : (ordered as RegExpExecArray)[3]) as string;
      const item: RawItem = { content: [{ kind: 'paragraph', lines: [itemText.trim()] }] };
      paragraph = null;
      while (lists.length > 1 && indent < (lists[lists.length - 1] as RawList).indent) lists.pop();
      const top = lists[lists.length - 1];
      if (!top) {
        const list = openList(isOrdered, number, indent);
        out.push({ kind: 'list', list });
        lists = [list];
      } else if (indent >= top.indent + 2 && top.items.length > 0 && lists.length < MAX_LIST_DEPTH) {
        const list = openList(isOrdered, number, indent);
        lastItem(top).content.push({ kind: 'list', list });
        lists.push(list);
      } else if (top.ordered !== isOrdered) {
        // Switching between bullets and numbers starts another list at the same level.
        const list = openList(isOrdered, number, top.indent);
        lists.pop();
        const parent = lists[lists.length - 1];
        if (parent) lastItem(parent).content.push({ kind: 'list', list });
        else out.push({ kind: 'list', list });
        lists.push(list);
      }
      (lists[lists.length - 1] as RawList).items.push(item);
      afterBlank = false;
      continue;
    }
    const trimmed = line.trim();
    if (lists.length > 0) {
      const deepest = lastItem(lists[lists.length - 1] as RawList);
      const last = deepest.content[deepest.content.length - 1];
      if (!afterBlank && last?.kind === 'paragraph') {
        last.lines.push(trimmed);
        continue;
      }
      const indent = indentOf(/^[ \t]*/.exec(line)?.[0] ?? '');
      const outer = lists[0] as RawList;
      if (indent >= outer.indent + 2) {
        // An indented paragraph after a blank line belongs to the deepest item it is indented under.
        while (lists.length > 1 && indent < (lists[lists.length - 1] as RawList).indent + 2) lists.pop();
        lastItem(lists[lists.length - 1] as RawList).content.push({ kind: 'paragraph', lines: [trimmed] });
        afterBlank = false;
        continue;
      }
      lists = [];
    }
    if (!paragraph) {
      paragraph = [];
      out.push({ kind: 'paragraph', lines: paragraph });
    }
    paragraph.push(trimmed);
    afterBlank = false;
  }
  return out;
}

function buildList(list: RawList, inline: (source: string) => Block[]): Block | null {
  const items: Block[] = [];
  for (const item of list.items) {
    const content: Block[] = [];
    for (const part of item.content) {
      if (part.kind === 'paragraph') {
        const para = inline(part.lines.join('\n'));
        if (para.length > 0) content.push({ type: NODE.paragraph, content: para });
      } else {
        const nested = buildList(part.list, inline);
        if (nested) content.push(nested);
      }
    }
    // An item left empty (it held only dropped markers) goes; Tiptap's listItem is `paragraph block*`.
    if (content.length === 0) continue;
    if (content[0]?.type !== NODE.paragraph) content.unshift({ type: NODE.paragraph });
    items.push({ type: NODE.listItem, content });
  }
  if (items.length === 0) return null;
  if (!list.ordered) return { type: NODE.bulletList, content: items };
  return list.start !== 1 ? { type: NODE.orderedList, attrs: { start: list.start }, content: items } : { type: NODE.orderedList, content: items };
}

// ---- Inline content ----------------------------------------------------------------------------

type InlineMark = 'bold' | 'italic';
type Token =
  | { kind: 'text'; text: string; marks: Set<InlineMark> }
  | { kind: 'delim'; char: '*' | '_'; count: number; orig: number; canOpen: boolean; canClose: boolean; active: boolean; marks: Set<InlineMark> }
  | { kind: 'cite'; refId: string }
  | { kind: 'drop' }
  | { kind: 'break' };
type Item = { kind: 'text'; text: string; marks: Set<InlineMark> } | { kind: 'cite'; refId: string } | { kind: 'break' };

const WHITESPACE = /\s/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;
// After these a dropped marker's preceding space goes too ("purr [99]." → "purr.").
const CLOSING = /[.,;:!?)\]}…”’%]/u;
// Before a citation a space is added unless it follows one of these (or a space, or the line start).
const OPENING = /[\p{Ps}\p{Pi}\-–—/]/u;
// What a backslash escapes: the characters this parser gives a meaning to.
const ESCAPABLE = /[\\*_[\]#\-.)]/;
// Characters a citation marker may hold: numbers, separators, range dashes and spaces (not newlines).
const MARKER_CHAR = /[\d,;\-–— \t]/;

/** Inline content of a paragraph, heading or list item (lines joined by "\n"), in normalized form. */
function parseInline(source: string, refs: ReadonlyMap<number, string>, unknown: string[]): Block[] {
  const tokens = tokenize(source, refs, unknown);
  resolveEmphasis(tokens);
  let items = dropUnknownMarkers(tokens);
  items = groupCitations(items);
  items = spaceBeforeCitations(items);
  items = cleanLines(items);
  return toBlocks(items);
}

function tokenize(source: string, refs: ReadonlyMap<number, string>, unknown: string[]): Token[] {
  const tokens: Token[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer) tokens.push({ kind: 'text', text: buffer, marks: new Set() });
    buffer = '';
  };
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === '\\' && ESCAPABLE.test(source[i + 1] ?? '')) {
      // "\*" and "\[1]" are the model asking for the character itself, not emphasis or a marker.
      buffer += source[i + 1];
      i += 2;
    } else if (ch === '\n') {
      flush();
      tokens.push({ kind: 'break' });
      i++;
    } else if (ch === '[') {
      const marker = readMarker(source, i, refs);
      if (!marker) {
        buffer += ch;
        i++;
        continue;
      }
      flush();
      unknown.push(...marker.unknown);
      if (marker.refIds.length === 0) tokens.push({ kind: 'drop' });
      for (const refId of marker.refIds) tokens.push({ kind: 'cite', refId });
      i = marker.end;
    } else if (ch === '*' || ch === '_') {
      let end = i;
      while (source[end] === ch) end++;
      flush();
      // CommonMark's flanking rules: the characters around the run decide whether it opens or closes.
      const before = i > 0 ? (source[i - 1] as string) : '\n';
      const after = end < source.length ? (source[end] as string) : '\n';
      const left = !WHITESPACE.test(after) && (!PUNCTUATION.test(after) || WHITESPACE.test(before) || PUNCTUATION.test(before));
      const right = !WHITESPACE.test(before) && (!PUNCTUATION.test(before) || WHITESPACE.test(after) || PUNCTUATION.test(after));
      // "_" inside a word (snake_case) neither opens nor closes.
      const canOpen = ch === '*' ? left : left && (!right || PUNCTUATION.test(before));
      const canClose = ch === '*' ? right : right && (!left || PUNCTUATION.test(after));
      tokens.push({ kind: 'delim', char: ch, count: end - i, orig: end - i, canOpen, canClose, active: true, marks: new Set() });
      i = end;
    } else {
      buffer += ch;
      i++;
    }
  }
  flush();
  return tokens;
}

/** The citation marker starting at `start` ("[2, 5]", "[2-4]"), or null when the brackets hold anything else. */
function readMarker(source: string, start: number, refs: ReadonlyMap<number, string>): { end: number; refIds: string[]; unknown: string[] } | null {
  // Scanned by hand and given up at the first character no marker holds, so text full of "[" stays linear.
  let close = -1;
  const limit = Math.min(source.length, start + 1 + MAX_MARKER_LENGTH);
  for (let j = start + 1; j < limit; j++) {
    const c = source[j] as string;
    if (c === ']') {
      close = j;
      break;
    }
    if (!MARKER_CHAR.test(c)) return null;
  }
  if (close < 0) return null;
  const inner = source.slice(start + 1, close);
  const refIds: string[] = [];
  const unknown: string[] = [];
  for (const part of inner.split(/[,;]/)) {
    const m = /^\s*(\d{1,4})(?:\s*[-–—]\s*(\d{1,4}))?\s*$/.exec(part);
    if (!m) return null;
    let low = Number(m[1]);
    let high = m[2] === undefined ? low : Number(m[2]);
    if (low > high) [low, high] = [high, low];
    const last = Math.min(high, low + MAX_MARKER_RANGE - 1);
    let missing: number[] = [];
    const reportMissing = () => {
      if (missing.length > 0) unknown.push(numberRun(missing[0] as number, missing[missing.length - 1] as number));
      missing = [];
    };
    for (let n = low; n <= last; n++) {
      const refId = refs.get(n);
      if (typeof refId === 'string' && refId.length > 0) {
        reportMissing();
        refIds.push(refId);
      } else {
        missing.push(n);
      }
    }
    reportMissing();
    if (high > last) unknown.push(numberRun(last + 1, high));
  }
  return { end: close + 1, refIds, unknown };
}

function numberRun(first: number, last: number): string {
  return first === last ? String(first) : `${first}-${last}`;
}

/**
 * CommonMark's "process emphasis": each closing run of * or _ looks back for the nearest opener of
 * the same character; two characters on both sides make bold, one makes italic, and what lies
 * between gets the mark. Runs left unmatched are literal text ("**unbalanced" stays as written).
 * Like CommonMark's, it stays linear on hostile input: runs inside a matched pair leave the
 * delimiter list for good, and marks are laid as ranges, summed once at the end.
 */
function resolveEmphasis(tokens: Token[]): void {
  const at: number[] = [];
  tokens.forEach((t, i) => {
    if (t.kind === 'delim') at.push(i);
  });
  const delim = (d: number) => tokens[at[d] as number] as Extract<Token, { kind: 'delim' }>;
  // The delimiter list as links between indices into `at`; -1 ends it.
  const prev = at.map((_, d) => d - 1);
  const next = at.map((_, d) => (d + 1 < at.length ? d + 1 : -1));
  const unlink = (d: number) => {
    const p = prev[d] as number;
    const n = next[d] as number;
    if (p >= 0) next[p] = n;
    if (n >= 0) prev[n] = p;
    delim(d).active = false;
  };
  // Lowest opener worth trying again for a kind of closer, once a closer of that kind found none.
  const bottoms = new Map<string, number>();
  // Where each mark starts (+1) and stops (-1), by token index.
  const spans: Record<InlineMark, Int32Array> = { bold: new Int32Array(tokens.length + 1), italic: new Int32Array(tokens.length + 1) };
  for (let c = 0; c < at.length; c++) {
    const closer = delim(c);
    if (!closer.active || !closer.canClose) continue;
    while (closer.count > 0) {
      const key = `${closer.char}${closer.canOpen}${closer.orig % 3}`;
      const bottom = bottoms.get(key) ?? -1;
      let found = -1;
      for (let o = prev[c] as number; o > bottom; o = prev[o] as number) {
        const opener = delim(o);
        if (opener.char !== closer.char || !opener.canOpen) continue;
        // The "rule of 3": *foo**bar* is one italic, not italic + bold.
        if ((opener.canClose || closer.canOpen) && (opener.orig + closer.orig) % 3 === 0 && !(opener.orig % 3 === 0 && closer.orig % 3 === 0)) continue;
        found = o;
        break;
      }
      if (found < 0) {
        bottoms.set(key, c - 1);
        if (!closer.canOpen) unlink(c);
        break;
      }
      const opener = delim(found);
      const use = opener.count >= 2 && closer.count >= 2 ? 2 : 1;
      const span = spans[use === 2 ? 'bold' : 'italic'];
      span[(at[found] as number) + 1] = (span[(at[found] as number) + 1] as number) + 1;
      span[at[c] as number] = (span[at[c] as number] as number) - 1;
      // Runs between a matched pair can no longer match anything outside it: they leave the list (and stay literal).
      for (let d = next[found] as number; d !== c && d >= 0; d = next[d] as number) delim(d).active = false;
      next[found] = c;
      prev[c] = found;
      opener.count -= use;
      closer.count -= use;
      if (opener.count === 0) unlink(found);
    }
    if (closer.count === 0) unlink(c);
  }
  let bold = 0;
  let italic = 0;
  tokens.forEach((token, i) => {
    bold += spans.bold[i] as number;
    italic += spans.italic[i] as number;
    if (token.kind !== 'text' && token.kind !== 'delim') return;
    if (bold > 0) token.marks.add('bold');
    if (italic > 0) token.marks.add('italic');
  });
}

/**
 * Removes markers that cited nothing known, with the space they leave: "purr [99]." → "purr.",
 * "a [99] b" → "a b". Unmatched emphasis runs become literal text.
 */
function dropUnknownMarkers(tokens: Token[]): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind === 'delim') {
      if (token.count > 0) items.push({ kind: 'text', text: token.char.repeat(token.count), marks: token.marks });
    } else if (token.kind === 'drop') {
      const before = charBefore(items);
      const after = charAfter(tokens, i + 1);
      if (before !== null && WHITESPACE.test(before) && (after === null || WHITESPACE.test(after) || CLOSING.test(after))) {
        trimEndOfItems(items);
      } else if (before === null && after !== null && WHITESPACE.test(after)) {
        trimStartOfTokens(tokens, i + 1);
      }
    } else if (token.kind !== 'text' || token.text) {
      items.push(token);
    }
  }
  return items;
}

/** The last character written on the current line, "" after a citation, null at a line start. */
function charBefore(items: Item[]): string | null {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as Item;
    if (item.kind === 'break') return null;
    if (item.kind === 'cite') return '';
    if (item.text) return item.text[item.text.length - 1] as string;
  }
  return null;
}

/** The next character to come on the current line, "" before a citation or another marker, null at a line end. */
function charAfter(tokens: Token[], from: number): string | null {
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind === 'break') return null;
    if (token.kind === 'cite' || token.kind === 'drop') return '';
    if (token.kind === 'delim' && token.count > 0) return token.char;
    if (token.kind === 'text' && token.text) return token.text[0] as string;
  }
  return null;
}

function trimEndOfItems(items: Item[]): void {
  for (let item = items[items.length - 1]; item?.kind === 'text'; item = items[items.length - 1]) {
    item.text = item.text.replace(/\s+$/u, '');
    if (item.text) return;
    // Emptied items go at once, so a long run of removed markers is not walked over again and again.
    items.pop();
  }
}

function trimStartOfTokens(tokens: Token[], from: number): void {
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.kind !== 'text') return;
    token.text = token.text.replace(/^\s+/u, '');
    if (token.text) return;
  }
}

/**
 * Citations that follow each other become one group, as renderers show them ("[1], [2]" reads
 * "(Smith, 2020; Lee, 2021)"): spaces, commas and semicolons between them go, and a reference
 * cited twice in one group is cited once.
 */
function groupCitations(items: Item[]): Item[] {
  const out: Item[] = [];
  let group: Set<string> | null = null;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Item;
    if (item.kind === 'cite') {
      if (!group) group = new Set();
      if (!group.has(item.refId)) out.push(item);
      group.add(item.refId);
      continue;
    }
    if (group && item.kind === 'text') {
      let j = i;
      while (j < items.length && items[j]?.kind === 'text' && /^[\s,;]*$/u.test((items[j] as { text: string }).text)) j++;
      if (items[j]?.kind === 'cite') {
        i = j - 1;
        continue;
      }
    }
    group = null;
    out.push(item);
  }
  return out;
}

/** A citation gets a space before it unless it starts the line or follows a space or an opening bracket: "purr[1]." reads "purr (Smith, 2020)." */
function spaceBeforeCitations(items: Item[]): Item[] {
  const out: Item[] = [];
  for (const item of items) {
    const prev = out[out.length - 1];
    if (item.kind === 'cite' && prev?.kind === 'text' && prev.text) {
      const last = prev.text[prev.text.length - 1] as string;
      if (!WHITESPACE.test(last) && !OPENING.test(last)) out.push({ kind: 'text', text: ' ', marks: new Set() });
    }
    out.push(item);
  }
  return out;
}

/** Trims each line's ends and drops lines left empty (by removed markers), so no break starts, ends or doubles up. */
function cleanLines(items: Item[]): Item[] {
  const lines: Item[][] = [[]];
  for (const item of items) {
    if (item.kind === 'break') lines.push([]);
    else (lines[lines.length - 1] as Item[]).push(item);
  }
  const out: Item[] = [];
  for (const line of lines) {
    for (const item of line) {
      if (item.kind !== 'text') break;
      item.text = item.text.replace(/^\s+/u, '');
      if (item.text) break;
    }
    for (let i = line.length - 1; i >= 0; i--) {
      const item = line[i] as Item;
      if (item.kind !== 'text') break;
      item.text = item.text.replace(/\s+$/u, '');
      if (item.text) break;
    }
    const kept = line.filter((item) => item.kind !== 'text' || item.text.length > 0);
    if (kept.length === 0) continue;
    if (out.length > 0) out.push({ kind: 'break' });
    out.push(...kept);
  }
  return out;
}

/** Items as normalized JSON: text nodes with the same marks merged, marks in schema order. */
function toBlocks(items: Item[]): Block[] {
  const out: Block[] = [];
  let lastKey: string | null = null;
  for (const item of items) {
    if (item.kind === 'break') {
      out.push({ type: NODE.hardBreak });
      lastKey = null;
    } else if (item.kind === 'cite') {
      out.push({ type: NODE.citation, attrs: { refId: item.refId } });
      lastKey = null;
    } else if (item.text) {
      const marks = (['bold', 'italic'] as const).filter((m) => item.marks.has(m));
      const key = marks.join(',');
      const last = out[out.length - 1];
      if (last && lastKey === key) {
        last.text = `${last.text ?? ''}${item.text}`;
      } else {
        out.push(marks.length > 0 ? { type: NODE.text, text: item.text, marks: marks.map((type) => ({ type })) } : { type: NODE.text, text: item.text });
        lastKey = key;
      }
    }
  }
  return out;
}

function citedIds(blocks: Block[]): string[] {
  const ids = new Set<string>();
  const visit = (nodes: Block[]) => {
    for (const node of nodes) {
      if (node.type === NODE.citation && typeof node.attrs?.refId === 'string') ids.add(node.attrs.refId);
      if (node.content) visit(node.content);
    }
  };
  visit(blocks);
  return [...ids];
}
